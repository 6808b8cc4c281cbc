// A tenant's forms as its users meet them: the definition served to the renderer (dictionaries
// inlined), and the server's check of a submission — the schema validator, the real region tree,
// references to organisations and uploads, and the tenant plugin's cross-field rules, whose
// errors come back on fields exactly like the built-in ones. Profiles (profile_service.hpp) and
// applications call `check` before they store anything.
//
//   FormService forms(registry, clock, references);
//   auto checked = forms.check(*request.tenant, "join", input, account_id);
//   if (!checked.ok()) throw forms.invalid(checked);
#pragma once

#include <functional>
#include <guildhall/sdk/value.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/errors.hpp"
#include "forms/form_validator.hpp"
#include "tenancy/tenant_directory.hpp"

namespace guildhall::profiles {

// What the check asks other modules, so that this one does not depend on how they store things.
struct FormReferences {
  // True when `id` is an active organisation of `tenant`'s registry.
  std::function<bool(std::string_view tenant, std::string_view id)> organisation_exists;
  // True when `upload_id` was uploaded by `account` for field `field` of form `form`.
  std::function<bool(std::string_view account, std::string_view upload_id, std::string_view form,
                     std::string_view field)>
      upload_belongs;
  // True when `account_id` is in the committee-member directory of `realm`.
  std::function<bool(const std::string& realm, const std::string& account_id)>
      committee_member_exists;
};

class FormService {
 public:
  FormService(const tenancy::TenantRegistry& registry, const core::Clock& clock,
              FormReferences references);

  // The form `key` as `tenant` uses it (its own or its nearest ancestor's); not_found otherwise.
  tenancy::TenantDirectory::FormUse resolve(const tenancy::Tenant& tenant,
                                            std::string_view key) const;

  // The definition as JSON for the renderer, with each dictionary's options written into the
  // fields that name it.
  std::string definition_json(const tenancy::Tenant& tenant, std::string_view key) const;

  // `account_id` empty: an anonymous check, where uploads cannot be anybody's yet.
  forms::ValidationResult check(const tenancy::Tenant& tenant, std::string_view key,
                                const sdk::Value& input, std::string_view account_id) const;

  // The 422 for a failed check.
  static core::AppError invalid(const forms::ValidationResult& result);

  forms::CivilDate today() const;

 private:
  void check_references(const forms::FormDefinition& form, const tenancy::Tenant& tenant,
                        std::string_view account_id, forms::ValidationResult& result) const;
  void run_plugin(const tenancy::Tenant& tenant, std::string_view key,
                  forms::ValidationResult& result) const;

  const tenancy::TenantRegistry& registry_;
  const core::Clock& clock_;
  FormReferences references_;
};

}  // namespace guildhall::profiles
