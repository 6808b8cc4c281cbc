// The rules of a tenant's organisation registry (employers, schools, companies): who may read
// and change it, what a valid entry is, duplicates, merging, and the import of a spreadsheet.
// No HTTP, no SQL: handlers call it with what they parsed; it calls OrganisationStore inside
// db::Database transactions, writes the audit log in the same transaction, and throws
// core::AppError with stable codes for everything a client may see.
//
//   OrganisationService registry(db, clock, [&](const Principal& p, const Tenant& t) {
//     identity.authorize_admin(p, t, *registry.current());
//   });
//   auto page = registry.search(principal, tenant, {.text = "协和", .page = 1, .page_size = 20});
//   auto created = registry.create(principal, tenant, {"天津示例医院", "", {}}, "10.0.0.1");
//   auto report = registry.import_rows(principal, tenant, rows, /*dry_run=*/true, ip);
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/errors.hpp"
#include "modules/identity/audit_store.hpp"
#include "modules/identity/principal.hpp"
#include "modules/organisations/organisation_store.hpp"

namespace guildhall::db {
class Database;
}
namespace guildhall::tenancy {
struct Tenant;
}

namespace guildhall::organisations {

inline constexpr std::size_t kMaxImportRows = 5000;
inline constexpr int kMaxPageSize = 100;
inline constexpr std::size_t kMinQueryChars = 2;

// Stable codes of the registry's own errors (besides those of organisation_rules.hpp and the
// credit-code codes of forms/identifiers.hpp).
inline constexpr std::string_view kDuplicate = "duplicate";
inline constexpr std::string_view kDuplicateInFile = "duplicate_in_file";
inline constexpr std::string_view kMerged = "organisation_merged";
inline constexpr std::string_view kInvalid = "invalid";

struct OrganisationInput {
  std::string name;
  std::string credit_code;          // empty: none
  std::vector<std::string> region;  // division codes, province first; empty: none
};

struct OrganisationQuery {
  std::string text;  // part of the name or of the credit code; empty: all
  int page = 1;
  int page_size = 20;
};

struct OrganisationPage {
  std::vector<OrganisationRecord> items;
  long long total = 0;
};

// What GET of an id answers: the organisation, or for a merged one the organisation it became.
struct OrganisationLookup {
  OrganisationRecord organisation;
  bool redirected = false;  // true when the id asked for was merged into `organisation`
};

// One spreadsheet row as the browser read it. Cells are text as typed; `malformed` names the
// fields whose JSON value was neither text nor a number (they are reported as `invalid`).
struct ImportRow {
  int row = 0;  // as numbered in the sheet, the header being row 1
  std::string name;
  std::string credit_code;
  std::string region;  // codes separated as split_region_text accepts
  std::vector<std::string> malformed;
};

struct ImportIssue {
  int row = 0;
  std::string field;
  std::string code;
  core::Message message;
};

struct ImportReport {
  int created = 0;
  int updated = 0;
  int unchanged = 0;  // the credit code matched and nothing differed
  int skipped = 0;
  std::vector<ImportIssue> errors;
};

// Throws core::AppError (401, 403 or 404) unless the principal administers the tenant.
using AdminCheck = std::function<void(const identity::Principal&, const tenancy::Tenant&)>;
// The registries a tenant's forms draw on: its own, then its ancestors' up to the realm's root,
// so that a branch's applicants find the employers the national association registered and a
// committee without a registry of its own reads what its parent's applicants chose.
using RegistryChain = std::function<std::vector<std::string>(std::string_view tenant)>;

class OrganisationService {
 public:
  OrganisationService(std::shared_ptr<db::Database> db, const core::Clock& clock,
                      AdminCheck authorize_admin, RegistryChain chain);

  // Any signed-in account of the tenant's realm, and platform admins. Both read the tenant's
  // registry chain (RegistryChain).
  OrganisationPage search(const identity::Principal& caller, const tenancy::Tenant& tenant,
                          const OrganisationQuery& query);
  OrganisationLookup get(const identity::Principal& caller, const tenancy::Tenant& tenant,
                         const std::string& id);

  // Whether `id` names an organisation of the tenant's registry chain: what a form field of type
  // organisation may hold. A merged one still does, since reading it answers the organisation it
  // became. No caller check: the form validator asks on behalf of the account it validates for.
  bool exists(std::string_view tenant_slug, std::string_view id);
  // The id of the active organisation of the tenant's registry chain named exactly `name` (as
  // names compare: spaces and full-width forms normalised), for rosters that hold names.
  std::optional<std::string> id_named(std::string_view tenant_slug, const std::string& name);

  // Throws unless `actor` may change the tenant's registry: tenant_admin of the tenant (or of an
  // ancestor) and platform admins. The admin operations below check it themselves; handlers
  // call it first so that a caller without the right learns nothing from body validation.
  void require_admin(const identity::Principal& actor, const tenancy::Tenant& tenant) const;

  // Admin operations (see require_admin). `ip` goes to the audit
  // log.
  OrganisationRecord create(const identity::Principal& actor, const tenancy::Tenant& tenant,
                            const OrganisationInput& input, const std::string& ip);
  OrganisationRecord update(const identity::Principal& actor, const tenancy::Tenant& tenant,
                            const std::string& id, const OrganisationInput& input,
                            const std::string& ip);
  // `id` becomes merged into `into`: searches no longer list it and GET answers `into`.
  // Returns the organisation merged into.
  OrganisationRecord merge(const identity::Principal& actor, const tenancy::Tenant& tenant,
                           const std::string& id, const std::string& into, const std::string& ip);
  // Validates every row; unless `dry_run`, writes all valid rows in one transaction. A row
  // whose credit code is in the registry updates that organisation; a row that duplicates
  // another row of the file or an organisation by name is skipped with an error.
  ImportReport import_rows(const identity::Principal& actor, const tenancy::Tenant& tenant,
                           const std::vector<ImportRow>& rows, bool dry_run, const std::string& ip);

  // The platform's own import of the seed a tenant folder ships (`tenant load --seed`): the
  // valid rows are written only into a registry that is still empty, so that loading tenants
  // again never undoes what admins did since. nullopt when the registry had organisations.
  std::optional<ImportReport> seed(const tenancy::Tenant& tenant,
                                   const std::vector<ImportRow>& rows);

 private:
  void authorize_reader(const identity::Principal& caller, const tenancy::Tenant& tenant) const;
  // The checked, normalised record of `input` (id and times not set), or a validation error.
  OrganisationRecord validated(const tenancy::Tenant& tenant, const OrganisationInput& input) const;
  void refuse_duplicates(soci::session& sql, const OrganisationRecord& record) const;
  void audit(soci::session& tx, const identity::Principal& actor, const tenancy::Tenant& tenant,
             const std::string& event, const std::string& detail, const std::string& ip,
             std::int64_t now) const;

  std::shared_ptr<db::Database> db_;
  const core::Clock& clock_;
  AdminCheck authorize_admin_;
  RegistryChain chain_;
  OrganisationStore store_;
  identity::AuditStore audit_;
};

}  // namespace guildhall::organisations
