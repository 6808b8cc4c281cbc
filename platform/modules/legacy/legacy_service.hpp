// The members of an association's old system (issue #7, the manuals' 原会员激活): the admins import
// the old roster (roster.hpp reads each row); a member on it signs in with the old mobile number
// and an SMS code, is recognised, completes the data the roster lacked and applies for activation
// (a workflow kind with effect activate_membership); approving it gives a new membership and
// number, and the old member and certificate numbers stop verifying. No HTTP, no SQL: handlers
// call it, it calls LegacyStore inside db::Database transactions. Mobile and ID numbers are kept
// encrypted and looked up by blind index, as profiles keep theirs.
#pragma once

#include <functional>
#include <guildhall/sdk/value.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "modules/legacy/legacy_store.hpp"
#include "modules/legacy/roster.hpp"

namespace guildhall::db {
class Database;
}
namespace guildhall::identity {
struct Principal;
}
namespace guildhall::privacy {
class KeyRing;
}
namespace guildhall::tenancy {
struct Tenant;
class TenantRegistry;
}  // namespace guildhall::tenancy

namespace guildhall::legacy {

// The roster a tenant folder may ship beside its tenant.yaml (`tenant load --seed`).
inline constexpr const char* kRosterFileName = "legacy-members.csv";

// Rows per import request: the browser sends a large roster in parts and shows the progress.
inline constexpr std::size_t kMaxImportRows = 2000;

struct RosterRow {
  int row = 0;  // as numbered in the file, the header being row 1
  std::vector<std::string> cells;
};

struct ImportReport {
  int created = 0;
  int updated = 0;
  int unchanged = 0;
  int skipped = 0;  // refused rows
  std::vector<RosterIssue> errors;
  std::vector<RosterIssue> warnings;
  std::vector<std::string> ignored_columns;
};

struct LegacyEntry {
  LegacyRow row;  // protected_cipher cleared
  std::string mobile_masked;
  std::string member_type_name;  // zh-CN
};

struct LegacyPage {
  std::vector<LegacyEntry> items;
  long long total = 0;
};

// What the public check says of an old certificate or member number.
struct LegacyCheck {
  std::string status;  // valid (not yet activated) | superseded (activated) | expired
  std::string tenant_name;
  std::string member_type_name;
  std::string holder;  // masked
  std::string number;
  std::optional<std::string> valid_until;  // YYYY-MM-DD
};

struct LegacyAccess {
  // Whether the principal administers the tenant.
  std::function<bool(const identity::Principal&, const tenancy::Tenant&)> administers;
  // The id of the organisation of the tenant's registries with exactly this name.
  std::function<std::optional<std::string>(std::string_view tenant, const std::string& name)>
      organisation_named;
  // The account's mobile number.
  std::function<std::string(const std::string& account_id)> account_mobile;
};

class LegacyService {
 public:
  LegacyService(db::Database& database, const tenancy::TenantRegistry& registry,
                std::shared_ptr<const privacy::KeyRing> keys, const core::Clock& clock,
                LegacyAccess access);

  // Admins of the tenant: the columns an import reads, and the import of one part of a roster.
  // A row whose member number is on the roster already updates it unless it was activated; a
  // row whose mobile number another member of the realm's rosters has is refused. `dry_run`
  // checks everything and writes nothing.
  std::vector<RosterColumn> columns(const tenancy::Tenant& tenant,
                                    const identity::Principal& who) const;
  ImportReport import_rows(const tenancy::Tenant& tenant, const identity::Principal& who,
                           const std::vector<std::string>& header,
                           const std::vector<RosterRow>& rows, bool dry_run) const;
  // The platform's import of the roster a tenant folder ships (`tenant load --seed`), into a
  // roster still empty; nullopt when it had members.
  std::optional<ImportReport> seed(const tenancy::Tenant& tenant,
                                   const std::vector<std::string>& header,
                                   const std::vector<RosterRow>& rows) const;
  // Admins: the roster of the tenant and its subtree.
  LegacyPage list(const tenancy::Tenant& tenant, const identity::Principal& who,
                  const std::string& q, const std::string& status, int page, int page_size) const;

  // Sign-in: the tenant whose roster has a member not yet activated with this mobile in the
  // realm, the one an SMS code may open a new account for.
  std::optional<std::string> tenant_of_mobile(const std::string& realm,
                                              const std::string& mobile) const;
  // The signed-in account's records on the realm's rosters; those of its mobile number that no
  // account claimed yet become its own.
  std::vector<LegacyEntry> mine(const identity::Principal& who) const;
  // The workflow's questions: whether the account may activate in the tenant, and what it
  // starts from (the roster's profile values, protected ones included, and the member type).
  bool pending(const std::string& account_id, const std::string& tenant) const;
  sdk::Value values(const std::string& account_id, const std::string& tenant) const;
  // Inside the approving transaction: the account's record of the tenant is activated.
  void activate(soci::session& tx, const std::string& account_id, const std::string& tenant,
                const std::string& application_id, long long now) const;

  // The public check of an old certificate number (or member number) printed before the move.
  std::optional<LegacyCheck> verify(const std::string& tenant, const std::string& number) const;

 private:
  RosterRules rules_of(const tenancy::Tenant& tenant) const;
  ImportReport import(const tenancy::Tenant& tenant, const std::vector<std::string>& header,
                      const std::vector<RosterRow>& rows, bool dry_run) const;
  // The account's rows of the realm, after claiming those with its mobile number.
  std::vector<LegacyRow> claimed(const std::string& account_id, const std::string& realm) const;
  std::string member_type_name(const std::string& tenant, const std::string& key) const;

  db::Database& database_;
  const tenancy::TenantRegistry& registry_;
  std::shared_ptr<const privacy::KeyRing> keys_;
  const core::Clock& clock_;
  LegacyAccess access_;
  LegacyStore store_;
};

}  // namespace guildhall::legacy
