// SQL for sessions. The secret cookie value never reaches the database: rows are keyed by its
// SHA-256; `public_id` names a session in the session list without revealing the secret.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace guildhall::identity {

struct SessionRecord {
  std::string id_hash;
  std::string public_id;
  std::string account_id;
  std::string realm;
  std::int64_t idle_timeout_ms = 0;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  std::int64_t expires_at = 0;
  std::optional<std::int64_t> ended_at;
  std::string ip;
  std::string user_agent;
};

class SessionStore {
 public:
  void insert(soci::session& tx, const SessionRecord& session) const;
  std::optional<SessionRecord> find(soci::session& sql, const std::string& id_hash) const;
  void touch(soci::session& sql, const std::string& id_hash, std::int64_t now_ms) const;
  // Ends the account's session with this public id; false when there is no such open session.
  bool end_by_public_id(soci::session& tx, const std::string& account_id,
                        const std::string& public_id, std::int64_t now_ms) const;
  // Ends every open session of the account except the one with `keep_public_id` (empty: all).
  void end_all(soci::session& tx, const std::string& account_id, const std::string& keep_public_id,
               std::int64_t now_ms) const;
  // Sessions not ended and not past their absolute end, newest first.
  std::vector<SessionRecord> open_sessions(soci::session& sql, const std::string& account_id,
                                           std::int64_t now_ms) const;
};

}  // namespace guildhall::identity
