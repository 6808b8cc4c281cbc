// Where the delivery worker hands an e-mail. SmtpMailSender is the real one; tests substitute
// recorders and failing senders.
#pragma once

#include <string>

#include "modules/notifications/send_result.hpp"

namespace guildhall::notifications {

struct MailMessage {
  std::string message_id{};  // the outbox id: becomes the Message-ID, so receivers de-duplicate
  std::string to{};
  std::string subject{};  // UTF-8
  std::string body{};     // UTF-8 plain text, '\n' line ends
};

class MailSender {
 public:
  virtual ~MailSender() = default;
  // Must return within the configured timeout; never throws for a delivery problem.
  virtual SendResult send(const MailMessage& message) = 0;
};

}  // namespace guildhall::notifications
