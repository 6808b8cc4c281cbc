// The typed form of one tenants/<slug>/tenant.yaml, built once by the loader (tenant_loader.hpp)
// and then shared read-only as std::shared_ptr<const TenantConfig>. docs/configuration.md
// describes every key.
//
//   const TenantConfig& t = *result.tenants.front();
//   t.name.in("en");            // "Chinese Society of Oncology Prevention and Medicine"
//   t.branding.primary_color;   // "#B3261E"
//   t.marks.find("branding");   // where to point an error about the branding
#pragma once

#include <guildhall/sdk/value.hpp>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/localized_text.hpp"
#include "core/source_map.hpp"
#include "core/source_mark.hpp"
#include "forms/form_definition.hpp"
#include "forms/form_validator.hpp"
#include "tenancy/workflow_config.hpp"

namespace guildhall::tenancy {

using core::LocalizedText;
using core::SourceMap;
using core::SourceMark;

struct Branding {
  std::string primary_color;  // "#RRGGBB", upper case
  std::optional<std::string> accent_color;
  std::string logo_text;  // the short text drawn in place of a logo image
};

struct MemberType {
  std::string key;  // stable identifier, e.g. "professional"; lower case, digits, "_"
  LocalizedText name;
  LocalizedText description;  // may be empty
};

// The plugin a tenant uses and the tenant's settings for it.
struct PluginUse {
  std::string name;
  // The `config:` mapping under `plugin:`, handed to the plugin as is (an empty object if absent).
  sdk::Value section;
  // Where each value of `section` was written, by dotted path relative to the section.
  SourceMap marks;
  SourceMark name_mark;

  // The mark of `dotted_path` inside the section ("limits.max" or "hosts.0"), falling back to its
  // nearest ancestor; "" is the section itself.
  SourceMark mark_of(std::string_view dotted_path) const { return marks.find(dotted_path); }
};

enum class TenantKind {
  national,
  provincial,
  committee,
  youth_council,
  federation,
  society,
  industry,
};

std::string_view to_string(TenantKind kind);
std::optional<TenantKind> parse_tenant_kind(std::string_view text);
// Every kind's name, in declaration order, for schema checks and messages.
std::span<const std::string_view> tenant_kind_names();

struct Contact {
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> address;
};

// The values every certificate template may use besides its `certificate_fields` (each field's
// key, and `<key>_href` for the photo).
std::span<const std::string_view> certificate_placeholders();

struct TenantConfig {
  std::string slug;
  std::string parent;  // empty for the root of a realm
  TenantKind kind = TenantKind::national;
  LocalizedText name;
  LocalizedText short_name;  // equals `name` when the file gives none
  std::vector<std::string> hosts;
  std::string default_locale = "zh-CN";  // "zh-CN" or "en"
  Branding branding;
  std::vector<MemberType> member_types;
  std::optional<PluginUse> plugin;
  std::string certificate_template;  // relative to the templates folder; empty when none
  // The profile fields the certificate prints, which the member confirms before the download
  // and which stay locked after it; an upload field is the photo.
  std::vector<std::string> certificate_fields;
  // The certificate is issued only once the year's dues of the membership are recorded as paid
  // (the industry association's rule).
  bool certificate_requires_paid_dues = false;
  Contact contact;
  // Option lists that fields of this tenant's forms name with `dictionary:`.
  forms::Dictionaries dictionaries;
  // The tenant's own forms, in file order; "profile" is the personal profile of the realm's
  // members. A tenant without a form of some key uses its parent's (Tenant::find_form).
  std::vector<std::shared_ptr<const forms::FormDefinition>> forms;
  // The applications the tenant offers and how they are reviewed; a tenant without one follows
  // its parent's (TenantDirectory::find_workflow).
  std::optional<WorkflowConfig> workflow;
  std::string source_file;
  // Where each key of the file was written, by dotted path ("member_types.0.key").
  SourceMap marks;

  bool is_realm_root() const { return parent.empty(); }
  const MemberType* find_member_type(std::string_view key) const;
  // This tenant's own form of that key, or nullptr.
  const forms::FormDefinition* find_form(std::string_view key) const;
};

}  // namespace guildhall::tenancy
