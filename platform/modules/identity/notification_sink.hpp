// How the identity module hands messages to the notifications module without depending on its
// implementation: both calls run inside the identity module's own transaction `tx`, so an e-mail,
// an SMS or a site message exists exactly when the change that caused it was committed.
// The composition root binds them to notifications::OutboxStore::enqueue and the inbox.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/errors.hpp"
#include "modules/notifications/outbox.hpp"

namespace soci {
class session;
}

namespace guildhall::identity {

struct SiteNotice {
  std::string tenant_slug;
  std::string account_id;
  core::Message title;
  core::Message body;
};

struct NotificationSink {
  std::function<void(soci::session& tx, const notifications::OutboundMessage&, std::int64_t now_ms)>
      enqueue;
  std::function<void(soci::session& tx, const SiteNotice&, std::int64_t now_ms)> post_site_message;
};

}  // namespace guildhall::identity
