// OutboxStore (declared in outbox.hpp): the INSERT that puts a message into the outbox, run on
// the caller's transaction so that the message exists exactly when the change that caused it
// was committed.
#include <soci/soci.h>

#include <stdexcept>

#include "modules/notifications/message_id.hpp"
#include "modules/notifications/outbox.hpp"
#include "modules/notifications/outbox_codec.hpp"

namespace guildhall::notifications {

namespace {

// The column widths of migrations/*/0003_notifications.sql: MySQL in strict mode refuses longer
// values, so they are checked here, with a message that names the field.
void check_length(std::string_view field, const std::string& value, std::size_t max,
                  bool required) {
  if (required && value.empty()) {
    throw std::invalid_argument("outbox message: " + std::string(field) + " is empty");
  }
  if (value.size() > max) {
    throw std::invalid_argument("outbox message: " + std::string(field) + " is longer than " +
                                std::to_string(max) + " characters");
  }
}

}  // namespace

void OutboxStore::enqueue(soci::session& tx, const OutboundMessage& message,
                          std::int64_t now_ms) const {
  const std::string id = message.id.empty() ? new_ulid(now_ms) : message.id;
  check_length("id", id, 128, true);
  check_length("tenant_slug", message.tenant_slug, 64, true);
  check_length("recipient", message.recipient, 320, true);
  const std::string recipient = cipher_.encrypt(message.recipient, kRecipientField, id);
  check_length("template_key", message.template_key, 64, true);
  check_length("locale", message.locale, 16, true);
  const std::string channel(channel_name(message.channel));
  const std::string params = params_to_json(message.params);
  const std::string status = "queued";
  const long long now = now_ms;
  long long expires_at = message.expires_at_ms.value_or(0);
  soci::indicator expires_indicator = message.expires_at_ms ? soci::i_ok : soci::i_null;
  // A duplicate id is ignored, and only a duplicate id: MySQL's INSERT IGNORE would also turn
  // strict-mode errors (a value too long) into warnings.
  const bool mysql = tx.get_backend_name() == "mysql";
  const std::string on_duplicate =
      mysql ? " ON DUPLICATE KEY UPDATE id = id" : " ON CONFLICT (id) DO NOTHING";
  tx << "INSERT INTO outbox_messages (id, tenant_slug, channel, recipient_cipher, template_key, "
        "locale, params_json, status, attempts, next_attempt_at, expires_at, created_at) VALUES "
        "(:id, "
        ":tenant, :channel, :recipient, :template, :locale, :params, :status, 0, :next, :expires, "
        ":created)" +
            on_duplicate,
      soci::use(id), soci::use(message.tenant_slug), soci::use(channel), soci::use(recipient),
      soci::use(message.template_key), soci::use(message.locale), soci::use(params),
      soci::use(status), soci::use(now), soci::use(expires_at, expires_indicator), soci::use(now);
}

}  // namespace guildhall::notifications
