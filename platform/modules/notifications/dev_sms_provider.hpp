// The development SMS provider (sms.provider: dev): sends nothing, records the rendered text and
// the code (parameter "code", if any) in dev_sms_messages.
#pragma once

#include "core/clock.hpp"
#include "modules/notifications/dev_sms_store.hpp"
#include "modules/notifications/sms_provider.hpp"

namespace guildhall::notifications {

class DevSmsProvider final : public SmsProvider {
 public:
  DevSmsProvider(DevSmsStore& store, const core::Clock& clock) : store_(store), clock_(clock) {}

  SendResult send(const SmsMessage& message) override;

 private:
  DevSmsStore& store_;
  const core::Clock& clock_;
};

}  // namespace guildhall::notifications
