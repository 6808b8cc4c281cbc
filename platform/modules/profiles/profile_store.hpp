// SQL for profiles, their field locks and nothing else: values arrive encrypted and indexed from
// ProfileService, which owns the rules.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace guildhall::profiles {

// The holder of the locks a certificate download takes on the printed fields (the workflow's
// holders are application ids).
inline constexpr const char* kCertificateLockHolder = "certificate";

struct ProfileRow {
  std::string account_id;
  std::string realm;
  std::string data_json = "{}";
  std::optional<std::string> protected_cipher;
  std::optional<std::string> id_number_index;
  long long created_at = 0;
  long long updated_at = 0;
};

class ProfileStore {
 public:
  std::optional<ProfileRow> find(soci::session& sql, const std::string& account_id) const;
  // Inserts or replaces the row of row.account_id.
  void save(soci::session& tx, const ProfileRow& row) const;
  // The account (other than `except`) whose profile in `realm` has one of these ID indexes.
  std::optional<std::string> owner_of_id_number(soci::session& sql, const std::string& realm,
                                                const std::vector<std::string>& indexes,
                                                const std::string& except) const;

  std::vector<std::string> locked_fields(soci::session& sql, const std::string& account_id) const;
  // Those locked by a holder other than `holder`.
  std::vector<std::string> locked_by_others(soci::session& sql, const std::string& account_id,
                                            const std::string& holder) const;
  // Those locked by this holder.
  std::vector<std::string> locked_fields(soci::session& sql, const std::string& account_id,
                                         const std::string& holder) const;
  void lock(soci::session& tx, const std::string& account_id,
            const std::vector<std::string>& fields, const std::string& holder, long long now) const;
  void unlock(soci::session& tx, const std::string& account_id, const std::string& holder) const;
};

}  // namespace guildhall::profiles
