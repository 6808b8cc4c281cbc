// Sends what the outbox holds. One DeliveryWorker per server process, on its own thread, started
// and stopped by the composition root; every instance on a shared database claims messages with
// a lease, so none is sent by two of them (delivery_store.hpp).
//
// Each round: queued one-time messages whose expiry passed are dropped; due messages are claimed,
// rendered (template_renderer.hpp) and handed to the mail sender or SMS provider; the attempt is
// recorded. A temporary failure is retried after base × 2^(attempt−1) (30 s, 1 min, 2 min, …,
// capped at 1 h) until `max_attempts`, then the message is failed; a refusal fails it at once.
// Nothing lives only in memory, so a restart loses nothing.
//
//   DeliveryWorker worker(db, keys, renderer, &smtp, &sms, clock, {});
//   worker.start();   // wakes every poll_interval, or at once after nudge()
//   ...
//   worker.stop();    // finishes the message in hand, then joins
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "modules/notifications/delivery_store.hpp"
#include "modules/notifications/mail_sender.hpp"
#include "modules/notifications/sms_provider.hpp"
#include "modules/notifications/template_renderer.hpp"

namespace guildhall::db {
class Database;
}

namespace guildhall::notifications {

struct DeliveryOptions {
  std::chrono::milliseconds poll_interval{500};
  // Longer than any send can take (SMTP and SMS timeouts are far shorter), so a live worker
  // never loses a claim while it is still sending.
  std::chrono::milliseconds lease{std::chrono::minutes(5)};
  std::chrono::milliseconds retry_base{std::chrono::seconds(30)};
  std::chrono::milliseconds retry_cap{std::chrono::hours(1)};
  int max_attempts = 8;
  int batch_size = 20;
  std::string worker_id;  // empty: host name, process id and a random suffix
};

// The wait before attempt `failed_attempts + 1`: base × 2^(failed_attempts − 1), capped.
std::chrono::milliseconds retry_delay(int failed_attempts, const DeliveryOptions& options);

struct RoundStats {
  int sent = 0;
  int retried = 0;
  int failed = 0;
  int dropped = 0;

  int handled() const { return sent + retried + failed + dropped; }
};

class DeliveryWorker {
 public:
  // `mail` or `sms` may be null when that channel is not configured: its messages stay queued.
  // `keys` decrypt the recipients (outbox.hpp).
  DeliveryWorker(db::Database& db, const std::shared_ptr<const privacy::KeyRing>& keys,
                 const TemplateRenderer& renderer, MailSender* mail, SmsProvider* sms,
                 const core::Clock& clock, DeliveryOptions options);
  ~DeliveryWorker();
  DeliveryWorker(const DeliveryWorker&) = delete;
  DeliveryWorker& operator=(const DeliveryWorker&) = delete;

  void start();
  void stop();
  // Wakes the thread now (after a commit that enqueued something urgent, e.g. an SMS code).
  void nudge();

  // One round on the calling thread, until nothing due is left: for tests with a ManualClock
  // and for the thread itself. Database failures propagate (the thread logs and waits).
  RoundStats run_once();

  const std::string& worker_id() const { return options_.worker_id; }

 private:
  void loop();
  void deliver(const ClaimedMessage& message, RoundStats& stats);
  SendResult send(const ClaimedMessage& message);

  DeliveryStore store_;
  const TemplateRenderer& renderer_;
  MailSender* mail_;
  SmsProvider* sms_;
  const core::Clock& clock_;
  DeliveryOptions options_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool nudged_ = false;
  std::thread thread_;
};

}  // namespace guildhall::notifications
