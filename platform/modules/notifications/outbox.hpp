// The transactional outbox: every e-mail and SMS is written in the same database transaction as
// the change that causes it, and a delivery worker sends it later, at least once, with retries.
// Modules enqueue inside their own transaction:
//
//   OutboxStore outbox(keys);
//   db.transaction([&](soci::session& tx) {
//     accounts.set_reset_token(tx, ...);
//     outbox.enqueue(tx, {.tenant_slug = "med", .channel = Channel::email,
//                         .recipient = email, .template_key = "password_reset",
//                         .locale = "zh-CN", .params = {{"link", link}}}, clock.now_ms());
//   });
//
// The recipient is stored encrypted (FieldCipher, bound to the message id), never in clear.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "privacy/field_cipher.hpp"

namespace soci {
class session;
}

namespace guildhall::notifications {

enum class Channel { email, sms };

struct OutboundMessage {
  // Unique per message; a second enqueue with the same id is ignored (de-duplication). Empty:
  // a random id is assigned.
  std::string id;
  std::string tenant_slug;  // whose templates, sender name and SMS signature are used
  Channel channel = Channel::email;
  std::string recipient;     // an e-mail address or a mainland mobile number
  std::string template_key;  // e.g. "password_reset", "sms_code", "admin_message"
  std::string locale = "zh-CN";
  std::map<std::string, std::string> params;  // values for the template's placeholders
  // One-time codes: a message still unsent at this time is dropped, never sent late.
  std::optional<std::int64_t> expires_at_ms;
};

// The FieldCipher name of outbox recipients (associated data): never changes.
inline constexpr std::string_view kRecipientField = "outbox_messages.recipient";

class OutboxStore {
 public:
  explicit OutboxStore(const std::shared_ptr<const privacy::KeyRing>& keys) : cipher_(keys) {}

  // Writes the message into the outbox inside the caller's transaction `tx`.
  void enqueue(soci::session& tx, const OutboundMessage& message, std::int64_t now_ms) const;

 private:
  privacy::FieldCipher cipher_;
};

}  // namespace guildhall::notifications
