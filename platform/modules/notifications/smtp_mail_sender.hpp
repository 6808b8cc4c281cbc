// E-mail over SMTP with libcurl: smtp:// (with STARTTLS off, attempted or required, as
// configured) or smtps:// (TLS from the first byte), optional login. Each send opens its own
// connection, so one sender serves several threads.
//
//   SmtpMailSender smtp(config.mail, clock);
//   SendResult r = smtp.send({.message_id = id, .to = "a@example.org", .subject = "…", .body =
//   "…"});
#pragma once

#include "core/clock.hpp"
#include "modules/notifications/mail_sender.hpp"
#include "modules/notifications/notifications_config.hpp"

namespace guildhall::notifications {

class SmtpMailSender final : public MailSender {
 public:
  SmtpMailSender(MailConfig config, const core::Clock& clock);

  SendResult send(const MailMessage& message) override;

 private:
  MailConfig config_;
  const core::Clock& clock_;
};

}  // namespace guildhall::notifications
