// Site messages (inbox_messages): one row per recipient account. Every method runs on the
// session it is given, so a caller can deliver inside the transaction of its own change:
//
//   db.transaction([&](soci::session& tx) {
//     accounts.reset_password(tx, ...);
//     InboxStore{}.deliver(tx, {.account_id = id, .tenant_slug = "med", .title = ..., .body = ...},
//                          clock.now_ms());
//   });
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace guildhall::notifications {

struct SiteMessage {
  std::string id{};  // empty: a new ULID
  std::string account_id{};
  std::string tenant_slug{};
  std::string batch_id{};  // empty for messages that are not part of an admin's mailing
  std::string title{};
  std::string body{};
  // English text of platform notices; empty for admin messages (one language only).
  std::string title_en{};
  std::string body_en{};
};

struct InboxItem {
  std::string id{};
  std::string tenant_slug{};
  std::string title{};
  std::string body{};
  std::string title_en{};  // empty when the message has one language only
  std::string body_en{};
  bool read = false;
  std::int64_t created_at_ms = 0;
};

class InboxStore {
 public:
  // Returns the id of the new row.
  std::string deliver(soci::session& sql, const SiteMessage& message, std::int64_t now_ms) const;

  // Newest first.
  std::vector<InboxItem> list(soci::session& sql, const std::string& account_id, int limit,
                              int offset) const;
  long long count(soci::session& sql, const std::string& account_id) const;
  long long unread(soci::session& sql, const std::string& account_id) const;
  // False when the account has no such message (someone else's id included).
  bool mark_read(soci::session& sql, const std::string& account_id, const std::string& message_id,
                 std::int64_t now_ms) const;
  void mark_all_read(soci::session& sql, const std::string& account_id, std::int64_t now_ms) const;
};

}  // namespace guildhall::notifications
