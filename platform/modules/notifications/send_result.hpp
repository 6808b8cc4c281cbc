// What one try to hand a message to its carrier (SMTP server, SMS provider) came to. The worker
// turns it into the outbox's next state: sent, a later retry, or failed for good.
#pragma once

#include <string>

namespace guildhall::notifications {

struct SendResult {
  enum class Kind {
    sent,
    retry,      // temporary: the server is down, busy or throttling; try again later
    permanent,  // the carrier refused this message (bad address, unknown template): never retry
  };
  Kind kind = Kind::sent;
  std::string error;  // for the delivery log: no credentials, no message text

  static SendResult ok() { return {}; }
  static SendResult temporary(std::string error) { return {Kind::retry, std::move(error)}; }
  static SendResult refused(std::string error) { return {Kind::permanent, std::move(error)}; }
};

}  // namespace guildhall::notifications
