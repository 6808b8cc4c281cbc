// Alibaba Cloud (Aliyun) SMS: the SendSms action of the dysmsapi RPC API (version 2017-05-25),
// signed as aliyun_signature.hpp describes, sent with libcurl. The endpoint is configurable so
// that tests point it at a loopback server that checks the signature.
//
//   AliyunSmsProvider sms(config.sms, clock);
//   sms.send({.message_id = id, .mobile = "13800138000", .template_key = "sms_code",
//             .params = {{"code", "123456"}}});
//
// Answers: {"Code":"OK",...} is sent; throttling (isv.BUSINESS_LIMIT_CONTROL, Throttling.*),
// provider-side errors (isp.*, HTTP 5xx) and network failures are retried; any other code
// (invalid number, unknown template or signature, bad credentials) fails the message.
#pragma once

#include "core/clock.hpp"
#include "modules/notifications/notifications_config.hpp"
#include "modules/notifications/sms_provider.hpp"

namespace guildhall::notifications {

class AliyunSmsProvider final : public SmsProvider {
 public:
  AliyunSmsProvider(SmsConfig config, const core::Clock& clock);

  SendResult send(const SmsMessage& message) override;

  // The full request URL for `message` with the given nonce (public for tests).
  std::string request_url(const SmsMessage& message, const std::string& template_code,
                          const std::string& nonce) const;

 private:
  SmsConfig config_;
  const core::Clock& clock_;
};

// How an answer of the SendSms API is classified (public for tests).
SendResult classify_aliyun_answer(long http_status, const std::string& body);

}  // namespace guildhall::notifications
