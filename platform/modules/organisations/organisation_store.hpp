// SQL for the `organisations` table (migrations/*/0005_organisations.sql). Every call takes the
// session of the caller's run() or transaction(), so that the service decides what happens
// atomically. Search works on name_normalised and credit_code; the service normalises the
// query the same way as the stored names.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace soci {
class session;
}

namespace guildhall::organisations {

inline constexpr std::string_view kStatusActive = "active";
inline constexpr std::string_view kStatusMerged = "merged";

struct OrganisationRecord {
  std::string id;
  std::string tenant;
  std::string name;
  std::string name_normalised;
  std::optional<std::string> credit_code;
  std::vector<std::string> region;  // division codes, province first; empty: none
  std::string status{kStatusActive};
  std::optional<std::string> merged_into;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::optional<std::string> created_by;  // account id; none for rows written by the platform

  bool merged() const { return status == kStatusMerged; }
};

struct OrganisationSearch {
  std::vector<std::string> tenants;  // the registries searched together; at least one
  // Substrings to look for; empty: every active organisation. They are matched literally
  // (LIKE wildcards are escaped by the store).
  std::string name_part;         // compared with name_normalised
  std::string credit_code_part;  // compared with credit_code
  int offset = 0;
  int limit = 20;
};

struct OrganisationRows {
  std::vector<OrganisationRecord> items;
  long long total = 0;
};

class OrganisationStore {
 public:
  void insert(soci::session& tx, const OrganisationRecord& record) const;
  // Writes name, name_normalised, credit_code, region and updated_at of `record.id`.
  void update(soci::session& tx, const OrganisationRecord& record) const;
  void mark_merged(soci::session& tx, const std::string& id, const std::string& into,
                   std::int64_t now_ms) const;
  // Organisations merged into `from` now point at `to`, so that a chain is never longer than
  // one step.
  void repoint_merged(soci::session& tx, const std::string& tenant, const std::string& from,
                      const std::string& to, std::int64_t now_ms) const;

  std::optional<OrganisationRecord> find(soci::session& sql, const std::string& tenant,
                                         const std::string& id) const;
  std::optional<OrganisationRecord> find_by_name(soci::session& sql, const std::string& tenant,
                                                 const std::string& name_normalised) const;
  std::optional<OrganisationRecord> find_by_credit_code(soci::session& sql,
                                                        const std::string& tenant,
                                                        const std::string& credit_code) const;
  // Active organisations only, by name_normalised then id.
  OrganisationRows search(soci::session& sql, const OrganisationSearch& search) const;
  // Every organisation of the tenant, merged ones included (for the import's duplicate checks).
  std::vector<OrganisationRecord> all(soci::session& sql, const std::string& tenant) const;
};

}  // namespace guildhall::organisations
