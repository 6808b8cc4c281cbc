// The rules of site messages and admin mailings: an account's inbox (list, unread count, read
// marks) and an admin's message to chosen accounts or to all accounts of their tenants, by site
// message, e-mail and/or SMS, fanned out in one transaction (site messages directly, e-mail and
// SMS through the outbox). Also the delivery log that admins read, with masked recipients.
// Errors are core::AppError (validation 422, not_found 404).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "modules/notifications/delivery_store.hpp"
#include "modules/notifications/inbox_store.hpp"
#include "modules/notifications/outbox.hpp"
#include "modules/notifications/recipient_store.hpp"

namespace guildhall::db {
class Database;
}

namespace guildhall::notifications {

struct InboxPage {
  std::vector<InboxItem> items{};
  long long total = 0;
  long long unread = 0;
  int page = 1;
  int page_size = 20;
};

struct AdminMessage {
  std::string tenant_slug{};                // the admin's tenant: templates and sender
  std::vector<std::string> tenant_scope{};  // the tenants whose accounts may receive it
  std::optional<std::vector<std::string>> account_ids{};  // nullopt: every account in scope
  bool site = false;
  bool email = false;
  bool sms = false;
  std::string title{};
  std::string body{};
  std::string locale = "zh-CN";
};

struct AdminMessageReceipt {
  std::string batch_id{};
  int recipients = 0;  // accounts reached by at least one channel
  int emails = 0;
  int sms = 0;
};

struct DeliveryLogItem {
  std::string id{};
  Channel channel = Channel::email;
  std::string recipient{};  // masked
  std::string template_key{};
  std::string status{};  // queued (also while sending), sent, failed, dropped
  int attempts = 0;
  std::optional<std::string> last_error{};
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> sent_at_ms{};
};

struct DeliveryLogPage {
  std::vector<DeliveryLogItem> items{};
  long long total = 0;
  int page = 1;
  int page_size = 20;
};

class MessagesService {
 public:
  // `keys` encrypt outbox recipients and decrypt account contacts and the delivery log.
  MessagesService(db::Database& db, const core::Clock& clock,
                  const std::shared_ptr<const privacy::KeyRing>& keys);

  InboxPage inbox(const std::string& account_id, int page, int page_size);
  long long unread_count(const std::string& account_id);
  // not_found when the account has no such message.
  void mark_read(const std::string& account_id, const std::string& message_id);
  void mark_all_read(const std::string& account_id);

  // validation (422) for an empty title or body, no channel, too long a text, or chosen
  // accounts of which none is in scope (ids outside the scope are ignored, never revealed).
  AdminMessageReceipt send(const AdminMessage& message);

  DeliveryLogPage deliveries(const DeliveryFilter& filter);

 private:
  db::Database& db_;
  const core::Clock& clock_;
  InboxStore inbox_;
  OutboxStore outbox_;
  RecipientStore recipients_;
  DeliveryStore deliveries_;
};

// Limits of an admin message, in Unicode characters.
inline constexpr std::size_t kMaxTitleChars = 100;
inline constexpr std::size_t kMaxBodyChars = 5000;
inline constexpr std::size_t kMaxChosenAccounts = 1000;

}  // namespace guildhall::notifications
