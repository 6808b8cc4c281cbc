#include "modules/workflow/committee_directory.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "db/database.hpp"
#include "forms/value_json.hpp"
#include "modules/identity/principal.hpp"
#include "modules/profiles/profile_store.hpp"
#include "tenancy/tenant_directory.hpp"

namespace guildhall::workflow {

CommitteeDirectory::CommitteeDirectory(db::Database& database,
                                       const tenancy::TenantRegistry& registry, Holders holders)
    : database_(database), registry_(registry), holders_(std::move(holders)) {}

std::vector<CommitteeMember> CommitteeDirectory::members(const std::string& realm) const {
  const auto directory = registry_.current();
  std::vector<CommitteeMember> out;
  for (const auto& [account, slug] : holders_(realm)) {
    const auto tenant = directory->find(slug);
    if (!tenant || tenant->realm != realm) {
      continue;
    }
    if (out.empty() || out.back().account_id != account) {
      out.push_back({account, "", {}});
    }
    out.back().seats.push_back({slug, tenant->config->name});
  }
  // The name is the one the member keeps in their profile, which the realm's tenants share.
  database_.run([&](soci::session& sql) {
    const profiles::ProfileStore profiles;
    for (auto& member : out) {
      const auto row = profiles.find(sql, member.account_id);
      if (!row) {
        continue;
      }
      const sdk::Value values = forms::value_from_json(row->data_json);
      if (const sdk::Value* name = values.find("name"); name && name->is_string()) {
        member.name = name->as_string();
      }
    }
  });
  std::stable_sort(out.begin(), out.end(), [](const CommitteeMember& a, const CommitteeMember& b) {
    return a.name < b.name;
  });
  return out;
}

std::vector<CommitteeMember> CommitteeDirectory::search(const tenancy::Tenant& tenant,
                                                        const identity::Principal& who,
                                                        const std::string& query,
                                                        std::size_t limit) const {
  if (who.realm != tenant.realm) {
    throw core::AppError(core::ErrorKind::not_found, "tenant_not_found",
                         {"找不到该机构。", "No such organisation."});
  }
  std::vector<CommitteeMember> out;
  for (auto& member : members(tenant.realm)) {
    if (out.size() >= limit) {
      break;
    }
    const bool named = !member.name.empty();
    if (query.empty() ? named : named && member.name.find(query) != std::string::npos) {
      out.push_back(std::move(member));
    }
  }
  return out;
}

std::optional<CommitteeMember> CommitteeDirectory::find(const std::string& realm,
                                                        const std::string& account_id) const {
  for (auto& member : members(realm)) {
    if (member.account_id == account_id) {
      return std::move(member);
    }
  }
  return std::nullopt;
}

}  // namespace guildhall::workflow
