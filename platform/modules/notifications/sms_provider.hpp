// Where the delivery worker hands an SMS. Providers in mainland China send only registered
// templates, so a message carries its template key and parameters besides the rendered text:
// AliyunSmsProvider sends the provider's template code with the parameters, DevSmsProvider
// records the text.
#pragma once

#include <map>
#include <string>

#include "modules/notifications/send_result.hpp"

namespace guildhall::notifications {

struct SmsMessage {
  std::string message_id{};  // the outbox id
  std::string tenant_slug{};
  std::string mobile{};
  std::string template_key{};
  std::map<std::string, std::string> params{};
  std::string text{};  // the rendered platform template, for providers that send text
};

class SmsProvider {
 public:
  virtual ~SmsProvider() = default;
  // Must return within the configured timeout; never throws for a delivery problem.
  virtual SendResult send(const SmsMessage& message) = 0;
};

}  // namespace guildhall::notifications
