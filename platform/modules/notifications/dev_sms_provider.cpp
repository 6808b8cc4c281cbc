#include "modules/notifications/dev_sms_provider.hpp"

#include <exception>

namespace guildhall::notifications {

SendResult DevSmsProvider::send(const SmsMessage& message) {
  DevSms sms{.message_id = message.message_id,
             .tenant_slug = message.tenant_slug,
             .mobile = message.mobile,
             .text = message.text,
             .code = std::nullopt,
             .created_at_ms = clock_.now_ms()};
  if (const auto code = message.params.find("code"); code != message.params.end()) {
    sms.code = code->second;
  }
  try {
    store_.record(sms);
  } catch (const std::exception&) {
    // The database is the carrier here; while it is away the message waits like any other.
    return SendResult::temporary("development SMS store unavailable");
  }
  return SendResult::ok();
}

}  // namespace guildhall::notifications
