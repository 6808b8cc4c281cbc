// The committee-member directory (委员名录) of a realm: the accounts holding the reviewer role on
// any of its tenants, named as their profiles name them. An applicant searches it to name the
// committee member who recommends them (a `committee_member` form field), and that person then
// reviews the application's recommender step.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/localized_text.hpp"

namespace guildhall::db {
class Database;
}
namespace guildhall::identity {
struct Principal;
}
namespace guildhall::tenancy {
struct Tenant;
class TenantRegistry;
}  // namespace guildhall::tenancy

namespace guildhall::workflow {

// A tenant where a committee member holds the reviewer role (a committee, a branch).
struct CommitteeSeat {
  std::string tenant;
  core::LocalizedText name;
};

struct CommitteeMember {
  std::string account_id;
  std::string name;  // the profile's name; empty when the profile has none yet
  std::vector<CommitteeSeat> seats;
};

class CommitteeDirectory {
 public:
  // Reviewer grants of a realm's active accounts: (account id, tenant) ordered by account.
  using Holders =
      std::function<std::vector<std::pair<std::string, std::string>>(const std::string& realm)>;

  CommitteeDirectory(db::Database& database, const tenancy::TenantRegistry& registry,
                     Holders holders);

  // Members of `tenant`'s realm whose name contains `query` (all when empty), by name; at most
  // `limit`. Only signed-in accounts of the realm may search it.
  std::vector<CommitteeMember> search(const tenancy::Tenant& tenant, const identity::Principal& who,
                                      const std::string& query, std::size_t limit) const;
  // One member of the realm; nullopt when `account_id` is no committee member there.
  std::optional<CommitteeMember> find(const std::string& realm,
                                      const std::string& account_id) const;

 private:
  std::vector<CommitteeMember> members(const std::string& realm) const;

  db::Database& database_;
  const tenancy::TenantRegistry& registry_;
  Holders holders_;
};

}  // namespace guildhall::workflow
