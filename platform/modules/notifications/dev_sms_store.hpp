// The table of the development SMS provider (dev_sms_messages): what would have been sent, read
// back by GET /api/v1/dev/sms so that browser tests and developers can see codes. The number is
// stored only as a blind index: rows are found by number, which the caller already knows.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "privacy/blind_index.hpp"

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

// The blind-index purpose of dev_sms_messages.mobile: never changes.
inline constexpr std::string_view kDevSmsMobileField = "dev_sms_messages.mobile";

class DevSmsStore {
 public:
  DevSmsStore(db::Database& db, const std::shared_ptr<const privacy::KeyRing>& keys)
      : db_(db), index_(keys) {}

  // A second record of the same message id is ignored (a resend after a crash).
  void record(const DevSms& sms);
  // Newest first, at most `limit`; each item's `mobile` is the number asked for.
  std::vector<DevSms> for_mobile(const std::string& mobile, int limit);

 private:
  db::Database& db_;
  privacy::BlindIndex index_;
};

}  // namespace guildhall::notifications
