#include "modules/notifications/delivery_worker.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <exception>

#include "modules/notifications/message_id.hpp"

namespace guildhall::notifications {

namespace {

std::string default_worker_id() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) {
    host[0] = '\0';
  }
  return std::string(host[0] != '\0' ? host : "host") + ":" + std::to_string(::getpid()) + ":" +
         random_hex128().substr(0, 8);
}

}  // namespace

std::chrono::milliseconds retry_delay(int failed_attempts, const DeliveryOptions& options) {
  const int doublings = std::clamp(failed_attempts - 1, 0, 30);
  const auto base = options.retry_base.count();
  const auto cap = options.retry_cap.count();
  if (base <= 0) {
    return std::chrono::milliseconds(0);
  }
  long long delay = base;
  for (int i = 0; i < doublings && delay < cap; ++i) {
    delay *= 2;
  }
  return std::chrono::milliseconds(std::min<long long>(delay, cap));
}

DeliveryWorker::DeliveryWorker(db::Database& db,
                               const std::shared_ptr<const privacy::KeyRing>& keys,
                               const TemplateRenderer& renderer, MailSender* mail, SmsProvider* sms,
                               const core::Clock& clock, DeliveryOptions options)
    : store_(db, keys),
      renderer_(renderer),
      mail_(mail),
      sms_(sms),
      clock_(clock),
      options_(std::move(options)) {
  if (options_.worker_id.empty()) {
    options_.worker_id = default_worker_id();
  }
}

DeliveryWorker::~DeliveryWorker() {
  stop();
}

void DeliveryWorker::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) {
    return;
  }
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void DeliveryWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
  std::lock_guard lock(mutex_);
  stopping_ = false;
}

void DeliveryWorker::nudge() {
  {
    std::lock_guard lock(mutex_);
    nudged_ = true;
  }
  wake_.notify_all();
}

void DeliveryWorker::loop() {
  for (;;) {
    try {
      run_once();
    } catch (const std::exception& e) {
      // Usually the database is away; the messages wait in it and the next round retries.
      spdlog::warn("delivery worker {}: {}", options_.worker_id, e.what());
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, options_.poll_interval, [this] { return stopping_ || nudged_; });
    nudged_ = false;
    if (stopping_) {
      return;
    }
  }
}

RoundStats DeliveryWorker::run_once() {
  RoundStats stats;
  // A channel without a carrier is not claimed: its messages wait, untouched, until one is
  // configured (on this instance or another one sharing the database).
  std::vector<Channel> channels;
  if (mail_ != nullptr) {
    channels.push_back(Channel::email);
  }
  if (sms_ != nullptr) {
    channels.push_back(Channel::sms);
  }
  stats.dropped += store_.drop_expired(clock_.now_ms());
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) {
        break;
      }
    }
    const auto batch = store_.claim_due(options_.worker_id, clock_.now_ms(), options_.lease.count(),
                                        options_.batch_size, channels);
    for (const auto& message : batch) {
      deliver(message, stats);
    }
    if (static_cast<int>(batch.size()) < options_.batch_size) {
      break;
    }
  }
  return stats;
}

SendResult DeliveryWorker::send(const ClaimedMessage& message) {
  if (!message.params_valid) {
    return SendResult::refused("the stored template parameters are not a JSON object of strings");
  }
  if (!message.recipient_valid) {
    // Usually an instance started with other keys than the one that queued the message: retried
    // (perhaps by an instance with the right keys) until max_attempts, then failed.
    return SendResult::temporary(
        "the stored recipient cannot be decrypted with this server's keys");
  }
  RenderedMessage rendered;
  try {
    rendered =
        renderer_.render(message.tenant_slug, message.locale, message.template_key, message.params);
  } catch (const TemplateError& e) {
    return SendResult::refused(e.what());
  }
  if (message.channel == Channel::email) {
    return mail_->send({.message_id = message.id,
                        .to = message.recipient,
                        .subject = rendered.subject,
                        .body = rendered.body});
  }
  return sms_->send({.message_id = message.id,
                     .tenant_slug = message.tenant_slug,
                     .mobile = message.recipient,
                     .template_key = message.template_key,
                     .params = message.params,
                     .text = rendered.body});
}

void DeliveryWorker::deliver(const ClaimedMessage& message, RoundStats& stats) {
  const auto now = clock_.now_ms();
  if (message.expires_at_ms && *message.expires_at_ms <= now) {
    store_.mark_dropped(message, options_.worker_id, now, "expired before it could be sent");
    ++stats.dropped;
    return;
  }
  SendResult result;
  try {
    result = send(message);
  } catch (const std::exception& e) {
    result = SendResult::temporary(e.what());
  }
  const auto done = clock_.now_ms();
  if (result.kind == SendResult::Kind::sent) {
    if (!store_.mark_sent(message, options_.worker_id, done)) {
      spdlog::warn("delivery worker {}: sent {} after its claim had expired", options_.worker_id,
                   message.id);
    }
    ++stats.sent;
    return;
  }
  if (result.kind == SendResult::Kind::permanent || message.attempt >= options_.max_attempts) {
    store_.mark_failed(message, options_.worker_id, done, result.error);
    ++stats.failed;
    return;
  }
  // A one-time code whose expiry comes before the next try is dropped by that round.
  const auto next = done + retry_delay(message.attempt, options_).count();
  store_.mark_retry(message, options_.worker_id, done, next, result.error);
  ++stats.retried;
}

}  // namespace guildhall::notifications
