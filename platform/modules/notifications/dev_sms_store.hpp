// The table of the development SMS provider (dev_sms_messages): what would have been sent, read
// back by GET /api/v1/dev/sms so that browser tests and developers can see codes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace guildhall::db {
class Database;
}

namespace guildhall::notifications {

struct DevSms {
  std::string message_id{};
  std::string tenant_slug{};
  std::string mobile{};
  std::string text{};
  std::optional<std::string> code{};
  std::int64_t created_at_ms = 0;
};

class DevSmsStore {
 public:
  explicit DevSmsStore(db::Database& db) : db_(db) {}

  // A second record of the same message id is ignored (a resend after a crash).
  void record(const DevSms& sms);
  // Newest first, at most `limit`.
  std::vector<DevSms> for_mobile(const std::string& mobile, int limit);

 private:
  db::Database& db_;
};

}  // namespace guildhall::notifications
