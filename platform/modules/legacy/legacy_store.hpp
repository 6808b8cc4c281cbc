// SQL for the legacy roster (migration 0013) and nothing else: rows arrive encrypted and indexed
// from LegacyService, which owns the rules.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace guildhall::legacy {

inline constexpr std::string_view kPending = "pending";
inline constexpr std::string_view kActivated = "activated";

struct LegacyRow {
  std::string id;
  std::string tenant;
  std::string realm;
  std::string member_number;
  std::optional<std::string> certificate_number;
  std::string name;
  std::string member_type;
  std::string mobile_index;
  std::optional<std::string> id_index;
  std::string protected_cipher;  // {mobile, ID number…} as JSON, AEAD bound to the row id
  std::string values_json = "{}";
  std::optional<std::string> joined_on;    // YYYY-MM-DD
  std::optional<std::string> valid_until;  // YYYY-MM-DD
  std::string status = std::string(kPending);
  std::optional<std::string> account_id;
  std::optional<std::string> application_id;
  std::optional<long long> activated_at;
  long long imported_at = 0;
  long long updated_at = 0;
};

struct LegacyQuery {
  std::vector<std::string> tenants;
  std::string q;       // part of the name, or the start of the member number
  std::string status;  // pending | activated; empty: both
  int limit = 20;
  int offset = 0;
};

class LegacyStore {
 public:
  // The tenant's rows with these member numbers.
  std::vector<LegacyRow> by_numbers(soci::session& sql, const std::string& tenant,
                                    const std::vector<std::string>& numbers) const;
  // The realm's rows with one of these mobile indexes (a key rotation gives several).
  std::vector<LegacyRow> by_mobile(soci::session& sql, const std::string& realm,
                                   const std::vector<std::string>& indexes) const;
  // The tenant's row whose certificate number, or else member number, is `number`.
  std::optional<LegacyRow> by_old_number(soci::session& sql, const std::string& tenant,
                                         const std::string& number) const;
  std::vector<LegacyRow> of_account(soci::session& sql, const std::string& account_id) const;
  bool any(soci::session& sql, const std::string& tenant) const;

  void insert(soci::session& tx, const LegacyRow& row) const;
  // Rewrites what an import may change of a pending row.
  void update(soci::session& tx, const LegacyRow& row) const;
  void claim(soci::session& tx, const std::string& id, const std::string& account_id,
             long long now) const;
  // Marks a pending row activated by the application; false when it was not pending.
  bool activate(soci::session& tx, const std::string& id, const std::string& application_id,
                long long now) const;

  std::vector<LegacyRow> list(soci::session& sql, const LegacyQuery& query) const;
  long long count(soci::session& sql, const LegacyQuery& query) const;
};

}  // namespace guildhall::legacy
