#include "tenancy/tenant_config.hpp"

#include <array>

namespace guildhall::tenancy {
namespace {

// Indexed by TenantKind: keep in the enum's order.
constexpr std::array<std::string_view, 7> kKindNames = {
    "national", "provincial", "committee", "youth_council", "federation", "society", "industry",
};

}  // namespace

std::string_view to_string(TenantKind kind) {
  return kKindNames.at(static_cast<std::size_t>(kind));
}

std::optional<TenantKind> parse_tenant_kind(std::string_view text) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == text) {
      return static_cast<TenantKind>(i);
    }
  }
  return std::nullopt;
}

std::span<const std::string_view> tenant_kind_names() {
  return kKindNames;
}

std::span<const std::string_view> certificate_placeholders() {
  static constexpr std::string_view kNames[] = {
      "tenant_name", "member_name", "member_type", "member_number", "certificate_number",
      "valid_from",  "valid_until", "issued_on",   "qr_code_href",  "verify_url"};
  return kNames;
}

const MemberType* TenantConfig::find_member_type(std::string_view key) const {
  for (const auto& type : member_types) {
    if (type.key == key) {
      return &type;
    }
  }
  return nullptr;
}

const forms::FormDefinition* TenantConfig::find_form(std::string_view key) const {
  for (const auto& form : forms) {
    if (form->key == key) {
      return form.get();
    }
  }
  return nullptr;
}

}  // namespace guildhall::tenancy
