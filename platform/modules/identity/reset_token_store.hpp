// SQL for password-reset tokens, stored as the SHA-256 of the token in the e-mailed link.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace soci {
class session;
}

namespace guildhall::identity {

struct ResetTokenRecord {
  std::string token_hash;
  std::string account_id;
  std::string tenant_slug;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> used_at;
};

class ResetTokenStore {
 public:
  void insert(soci::session& tx, const ResetTokenRecord& token) const;
  std::optional<ResetTokenRecord> find(soci::session& sql, const std::string& token_hash) const;
  // Marks the token used; false when it was used already (a concurrent request won).
  bool use(soci::session& tx, const std::string& token_hash, std::int64_t now_ms) const;
  // Makes every unused token of the account unusable (after a reset or password change).
  void retire_all(soci::session& tx, const std::string& account_id, std::int64_t now_ms) const;
};

}  // namespace guildhall::identity
