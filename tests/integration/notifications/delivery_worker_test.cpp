#include <gtest/gtest.h>

#include "modules/notifications/dev_sms_provider.hpp"
#include "outbox_scenarios.hpp"
#include "support/temp_dir.hpp"

namespace guildhall::notifications::testing {
namespace {

class SqliteOutboxTest : public ::testing::Test {
 protected:
  guildhall::testing::TempDir dir_{"guildhall-notify"};
  std::shared_ptr<db::Database> db_ = open_sqlite(dir_.path() / "g.db");
};

TEST_F(SqliteOutboxTest, EnqueueIsTransactionalAndDeduplicated) {
  scenario_enqueue_is_transactional_and_deduplicated(*db_);
}

TEST_F(SqliteOutboxTest, RetriesWithBackoffThenDeliversOnce) {
  scenario_retries_with_backoff_then_delivers_once(*db_);
}

TEST_F(SqliteOutboxTest, GivesUpAfterMaxAttemptsOrARefusal) {
  scenario_gives_up(*db_);
}

TEST_F(SqliteOutboxTest, ExpiredCodesAreDroppedNotSent) {
  scenario_expired_codes_are_dropped(*db_);
}

TEST_F(SqliteOutboxTest, TwoWorkersNeverSendOneMessageTwice) {
  // Two pools on one file: two server instances.
  auto second =
      db::Database::open(db::DatabaseUrl::parse("sqlite://" + (dir_.path() / "g.db").string()));
  scenario_two_workers_never_send_twice(*db_, *second);
}

TEST_F(SqliteOutboxTest, StaleClaimsAreTakenOverAfterTheLease) {
  scenario_stale_claims_are_taken_over_after_the_lease(*db_);
}

TEST_F(SqliteOutboxTest, DevProviderRecordsTheTextAndCode) {
  core::ManualClock clock(kStart);
  const auto renderer = platform_templates();
  DevSmsStore store(*db_, test_keys());
  DevSmsProvider dev(store, clock);
  enqueue(*db_,
          {.id = "d1",
           .tenant_slug = "med",
           .channel = Channel::sms,
           .recipient = "13800138000",
           .template_key = "sms_code",
           .locale = "en",
           .params = {{"code", "246810"}},
           .expires_at_ms = clock.now_ms() + 300000},
          clock.now_ms());
  DeliveryWorker worker(*db_, test_keys(), renderer, nullptr, &dev, clock, {.worker_id = "w"});
  EXPECT_EQ(worker.run_once().sent, 1);
  const auto recorded = store.for_mobile("13800138000", 10);
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].code.value_or(""), "246810");
  EXPECT_NE(recorded[0].text.find("Your verification code is 246810"), std::string::npos);
  EXPECT_EQ(recorded[0].created_at_ms, clock.now_ms());
  EXPECT_TRUE(store.for_mobile("13800138001", 10).empty());
}

TEST_F(SqliteOutboxTest, TheThreadWakesWhenNudged) {
  const core::SystemClock clock;
  const auto renderer = platform_templates();
  RecordingMailSender mail;
  // A long poll interval: only the nudge can make it send quickly.
  DeliveryWorker worker(*db_, test_keys(), renderer, &mail, nullptr, clock,
                        {.poll_interval = std::chrono::hours(1), .worker_id = "w"});
  worker.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  enqueue(*db_, reset_mail("n1", "a@example.org"), clock.now_ms());
  worker.nudge();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (mail.sent().empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  worker.stop();
  EXPECT_EQ(mail.sent().size(), 1u);
}

}  // namespace
}  // namespace guildhall::notifications::testing
