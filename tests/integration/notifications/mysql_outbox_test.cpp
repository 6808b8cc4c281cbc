#include <gtest/gtest.h>

#include <optional>

#include "mysql_test_support.hpp"
#include "outbox_scenarios.hpp"

namespace guildhall::notifications::testing {
namespace {

// The outbox on MariaDB, each test on a scratch database of the server named by
// GUILDHALL_TEST_MYSQL_URL (scripts/test starts one).
class MysqlOutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto server = db::testing::test_mysql_url();
    if (!server) {
      GTEST_SKIP() << "GUILDHALL_TEST_MYSQL_URL is not set";
    }
    scratch_.emplace(*server);
    db_ = db::Database::open(scratch_->url());
    migrate(*db_);
  }

  std::optional<db::testing::ScratchMysqlDatabase> scratch_;
  std::shared_ptr<db::Database> db_;
};

TEST_F(MysqlOutboxTest, EnqueueIsTransactionalAndDeduplicated) {
  scenario_enqueue_is_transactional_and_deduplicated(*db_);
}

TEST_F(MysqlOutboxTest, RetriesWithBackoffThenDeliversOnce) {
  scenario_retries_with_backoff_then_delivers_once(*db_);
}

TEST_F(MysqlOutboxTest, GivesUpAfterMaxAttemptsOrARefusal) {
  scenario_gives_up(*db_);
}

TEST_F(MysqlOutboxTest, ExpiredCodesAreDroppedNotSent) {
  scenario_expired_codes_are_dropped(*db_);
}

TEST_F(MysqlOutboxTest, TwoInstancesNeverSendOneMessageTwice) {
  auto second = db::Database::open(scratch_->url());
  scenario_two_workers_never_send_twice(*db_, *second);
}

TEST_F(MysqlOutboxTest, StaleClaimsAreTakenOverAfterTheLease) {
  scenario_stale_claims_are_taken_over_after_the_lease(*db_);
}

}  // namespace
}  // namespace guildhall::notifications::testing
