// The outbox guarantees, written once and run on SQLite (delivery_worker_test.cpp) and on
// MariaDB (mysql_outbox_test.cpp). Each takes a freshly migrated, empty database.
#pragma once

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <chrono>
#include <thread>

#include "core/clock.hpp"
#include "modules/notifications/delivery_store.hpp"
#include "modules/notifications/delivery_worker.hpp"
#include "modules/notifications/outbox.hpp"
#include "modules/notifications/template_renderer.hpp"
#include "notify_test_support.hpp"

namespace guildhall::notifications::testing {

inline const std::chrono::system_clock::time_point kStart{
    std::chrono::milliseconds(1700000000000LL)};

inline TemplateRenderer platform_templates() {
  return TemplateRenderer(
      {.platform_dir = std::filesystem::path(GUILDHALL_SOURCE_DIR) / "templates" / "messages",
       .tenants_dir = {}});
}

inline OutboundMessage reset_mail(const std::string& id, const std::string& to) {
  return {.id = id,
          .tenant_slug = "med",
          .channel = Channel::email,
          .recipient = to,
          .template_key = "password_reset",
          .locale = "zh-CN",
          .params = {{"link", "https://med.example/reset/" + id}},
          .expires_at_ms = std::nullopt};
}

inline void enqueue(db::Database& db, const OutboundMessage& m, std::int64_t now_ms) {
  db.transaction([&](soci::session& tx) { OutboxStore{test_keys()}.enqueue(tx, m, now_ms); });
}

// enqueue joins the caller's transaction: a rollback leaves no message; a duplicate id is
// ignored.
inline void scenario_enqueue_is_transactional_and_deduplicated(db::Database& db) {
  const core::ManualClock clock(kStart);
  EXPECT_THROW(db.transaction([&](soci::session& tx) {
    OutboxStore{test_keys()}.enqueue(tx, reset_mail("rolled-back", "a@example.org"),
                                     clock.now_ms());
    throw std::runtime_error("the business change failed");
  }),
               std::runtime_error);
  EXPECT_EQ(count_rows(db, "SELECT COUNT(*) FROM outbox_messages"), 0);
  enqueue(db, reset_mail("m1", "a@example.org"), clock.now_ms());
  enqueue(db, reset_mail("m1", "other@example.org"), clock.now_ms());
  EXPECT_EQ(count_rows(db, "SELECT COUNT(*) FROM outbox_messages"), 1);
  // An empty id gets a fresh one.
  auto anonymous = reset_mail("", "b@example.org");
  enqueue(db, anonymous, clock.now_ms());
  enqueue(db, anonymous, clock.now_ms());
  EXPECT_EQ(count_rows(db, "SELECT COUNT(*) FROM outbox_messages"), 3);
  // A value too long for its column is refused, not silently cut.
  auto long_recipient = reset_mail("m2", std::string(400, 'x') + "@example.org");
  EXPECT_THROW(enqueue(db, long_recipient, clock.now_ms()), std::invalid_argument);
}

// Carrier down: the message stays queued, each try is recorded, the waits double; once the
// carrier is back it is sent exactly once. A new worker (a restart) picks up where the old left.
inline void scenario_retries_with_backoff_then_delivers_once(db::Database& db) {
  core::ManualClock clock(kStart);
  const auto renderer = platform_templates();
  RecordingMailSender mail;
  mail.down = true;
  enqueue(db, reset_mail("r1", "a@example.org"), clock.now_ms());
  {
    DeliveryWorker worker(db, test_keys(), renderer, &mail, nullptr, clock, {.worker_id = "w1"});
    EXPECT_EQ(worker.run_once().retried, 1);
    EXPECT_EQ(status_of(db, "r1"), "queued");
    // Not due before the 30 s backoff.
    clock.advance(std::chrono::seconds(29));
    EXPECT_EQ(worker.run_once().handled(), 0);
    clock.advance(std::chrono::seconds(1));
    EXPECT_EQ(worker.run_once().retried, 1);
    // The second wait is 60 s.
    clock.advance(std::chrono::seconds(59));
    EXPECT_EQ(worker.run_once().handled(), 0);
    clock.advance(std::chrono::seconds(1));
    EXPECT_EQ(worker.run_once().retried, 1);
  }
  const auto attempts = DeliveryStore(db, test_keys()).attempts("r1");
  ASSERT_EQ(attempts.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(attempts[static_cast<std::size_t>(i)].attempt, i + 1);
    EXPECT_EQ(attempts[static_cast<std::size_t>(i)].outcome, "retry");
    EXPECT_EQ(attempts[static_cast<std::size_t>(i)].error.value_or(""), "connection refused");
  }
  EXPECT_EQ(attempts[1].attempted_at_ms - attempts[0].attempted_at_ms, 30000);
  EXPECT_EQ(attempts[2].attempted_at_ms - attempts[1].attempted_at_ms, 60000);
  EXPECT_TRUE(mail.sent().empty());
  // "Restart": a new worker with another id; the carrier is back.
  mail.down = false;
  clock.advance(std::chrono::minutes(2));
  DeliveryWorker restarted(db, test_keys(), renderer, &mail, nullptr, clock, {.worker_id = "w2"});
  EXPECT_EQ(restarted.run_once().sent, 1);
  const auto sent_at = clock.now_ms();
  EXPECT_EQ(restarted.run_once().handled(), 0);
  clock.advance(std::chrono::hours(2));
  EXPECT_EQ(restarted.run_once().handled(), 0);
  EXPECT_EQ(status_of(db, "r1"), "sent");
  ASSERT_EQ(mail.sent().size(), 1u);
  EXPECT_EQ(mail.sent()[0].subject, "重置密码");
  EXPECT_NE(mail.sent()[0].body.find("https://med.example/reset/r1"), std::string::npos);
  const auto record = DeliveryStore(db, test_keys()).find("r1");
  ASSERT_TRUE(record);
  EXPECT_EQ(record->attempts, 4);
  EXPECT_EQ(record->sent_at_ms, sent_at);
}

// After max_attempts temporary failures the message is failed; a refusal fails it at once.
inline void scenario_gives_up(db::Database& db) {
  core::ManualClock clock(kStart);
  const auto renderer = platform_templates();
  RecordingMailSender mail;
  mail.down = true;
  enqueue(db, reset_mail("g1", "a@example.org"), clock.now_ms());
  auto missing_param = reset_mail("g2", "a@example.org");
  missing_param.params.clear();  // the template needs {{link}}: refused, never retried
  enqueue(db, missing_param, clock.now_ms());
  DeliveryWorker worker(db, test_keys(), renderer, &mail, nullptr, clock,
                        {.max_attempts = 3, .worker_id = "w1"});
  for (int i = 0; i < 10; ++i) {
    worker.run_once();
    clock.advance(std::chrono::hours(1));
  }
  EXPECT_EQ(status_of(db, "g1"), "failed");
  EXPECT_EQ(DeliveryStore(db, test_keys()).attempts("g1").size(), 3u);
  EXPECT_EQ(status_of(db, "g2"), "failed");
  const auto attempts = DeliveryStore(db, test_keys()).attempts("g2");
  ASSERT_EQ(attempts.size(), 1u);
  EXPECT_NE(attempts[0].error.value_or("").find("link"), std::string::npos);
}

// A one-time code still unsent at its expiry is dropped, never sent late.
inline void scenario_expired_codes_are_dropped(db::Database& db) {
  core::ManualClock clock(kStart);
  const auto renderer = platform_templates();
  RecordingSmsProvider sms;
  const auto expires = clock.now_ms() + 5 * 60 * 1000;
  enqueue(db,
          {.id = "c1",
           .tenant_slug = "med",
           .channel = Channel::sms,
           .recipient = "13800138000",
           .template_key = "sms_code",
           .locale = "zh-CN",
           .params = {{"code", "123456"}},
           .expires_at_ms = expires},
          clock.now_ms());
  enqueue(db,
          {.id = "c2",
           .tenant_slug = "med",
           .channel = Channel::sms,
           .recipient = "13800138001",
           .template_key = "sms_code",
           .locale = "zh-CN",
           .params = {{"code", "654321"}},
           .expires_at_ms = expires},
          clock.now_ms());
  // c2 is sent in time; c1 waits (no SMS provider on the first worker) past its expiry.
  DeliveryWorker no_sms(db, test_keys(), renderer, nullptr, nullptr, clock, {.worker_id = "w0"});
  EXPECT_EQ(no_sms.run_once().handled(), 0);
  EXPECT_EQ(status_of(db, "c1"), "queued");
  DeliveryWorker worker(db, test_keys(), renderer, nullptr, &sms, clock, {.worker_id = "w1"});
  db.run([&](soci::session& sql) {
    sql << "UPDATE outbox_messages SET next_attempt_at = :t WHERE id = 'c1'",
        soci::use(static_cast<long long>(expires + 1000));
  });
  EXPECT_EQ(worker.run_once().sent, 1);
  clock.advance(std::chrono::minutes(6));
  EXPECT_EQ(worker.run_once().dropped, 1);
  EXPECT_EQ(status_of(db, "c1"), "dropped");
  EXPECT_EQ(status_of(db, "c2"), "sent");
  ASSERT_EQ(sms.sent().size(), 1u);
  EXPECT_EQ(sms.sent()[0].message_id, "c2");
  EXPECT_NE(sms.sent()[0].text.find("654321"), std::string::npos);
  EXPECT_TRUE(DeliveryStore(db, test_keys()).attempts("c1").empty());
}

// Two workers (two server instances) on one database, each on its own thread, racing over the
// same messages: every message is sent exactly once.
inline void scenario_two_workers_never_send_twice(db::Database& db1, db::Database& db2) {
  const core::SystemClock clock;
  const auto renderer = platform_templates();
  constexpr int kMessages = 60;
  for (int i = 0; i < kMessages; ++i) {
    enqueue(db1, reset_mail("p" + std::to_string(i), "p" + std::to_string(i) + "@example.org"),
            clock.now_ms());
  }
  RecordingMailSender mail1;
  RecordingMailSender mail2;
  mail1.delay = mail2.delay = std::chrono::milliseconds(2);
  DeliveryWorker a(
      db1, test_keys(), renderer, &mail1, nullptr, clock,
      {.poll_interval = std::chrono::milliseconds(10), .batch_size = 5, .worker_id = "a"});
  DeliveryWorker b(
      db2, test_keys(), renderer, &mail2, nullptr, clock,
      {.poll_interval = std::chrono::milliseconds(10), .batch_size = 5, .worker_id = "b"});
  a.start();
  b.start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (count_rows(db1, "SELECT COUNT(*) FROM outbox_messages WHERE status = 'sent'") <
             kMessages &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  a.stop();
  b.stop();
  std::map<std::string, int> sends = mail1.sends_per_id();
  for (const auto& [id, n] : mail2.sends_per_id()) {
    sends[id] += n;
  }
  EXPECT_EQ(sends.size(), static_cast<std::size_t>(kMessages));
  for (const auto& [id, n] : sends) {
    EXPECT_EQ(n, 1) << id << " was sent " << n << " times";
  }
  EXPECT_EQ(count_rows(db1, "SELECT COUNT(*) FROM outbox_messages WHERE status = 'sent'"),
            kMessages);
  EXPECT_EQ(count_rows(db1, "SELECT COUNT(*) FROM outbox_attempts"), kMessages);
  // Both took part (with 2 ms per send neither can finish alone before the other starts).
  EXPECT_FALSE(mail1.sent().empty());
  EXPECT_FALSE(mail2.sent().empty());
}

// A worker that died while sending leaves a claim; another takes it over only after the lease.
inline void scenario_stale_claims_are_taken_over_after_the_lease(db::Database& db) {
  core::ManualClock clock(kStart);
  enqueue(db, reset_mail("s1", "a@example.org"), clock.now_ms());
  DeliveryStore store(db, test_keys());
  const auto claimed = store.claim_due("dead", clock.now_ms(), 60000, 10, {Channel::email});
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_TRUE(store.claim_due("live", clock.now_ms(), 60000, 10, {Channel::email}).empty());
  clock.advance(std::chrono::seconds(61));
  const auto taken = store.claim_due("live", clock.now_ms(), 60000, 10, {Channel::email});
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0].attempt, 2);
  // The dead worker's late report is refused; the live one's counts.
  EXPECT_FALSE(store.mark_sent(claimed[0], "dead", clock.now_ms()));
  EXPECT_TRUE(store.mark_sent(taken[0], "live", clock.now_ms()));
  EXPECT_EQ(status_of(db, "s1"), "sent");
}

}  // namespace guildhall::notifications::testing
