// Stops and restarts a MariaDB server of the test's own (the shared one serves other tests) and
// checks that one Database object lives through it: Unavailable while the server is down, then
// working again without being recreated.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "mysql_test_support.hpp"

namespace guildhall::db {
namespace {

using ::testing::HasSubstr;

long long count_rows(Database& db) {
  long long count = 0;
  db.run(
      [&](soci::session& sql) { sql << "SELECT COUNT(*) FROM restart_probe", soci::into(count); });
  return count;
}

TEST(MysqlServerRestartTest, PoolRecoversAfterTheServerRestarts) {
  // The variable says that this machine runs MariaDB tests at all.
  if (!testing::test_mysql_url())
    GTEST_SKIP() << "GUILDHALL_TEST_MYSQL_URL is not set (scripts/test sets it)";
  testing::PrivateMariadbServer server;
  server.start();

  auto db = Database::open(server.url(), DatabaseOptions{2, std::chrono::milliseconds(1000)});
  db->run([](soci::session& sql) {
    sql << "CREATE TABLE restart_probe (x INT) ENGINE=InnoDB";
    sql << "INSERT INTO restart_probe VALUES (1)";
  });
  EXPECT_EQ(count_rows(*db), 1);

  server.stop();
  try {
    count_rows(*db);
    FAIL() << "expected Unavailable while the server is down";
  } catch (const Unavailable& e) {
    EXPECT_THAT(e.what(), HasSubstr("is unavailable"));
    EXPECT_THAT(e.what(), ::testing::Not(HasSubstr("guildhall-test")));  // the password
  }
  EXPECT_THROW(
      db->transaction([](soci::session& sql) { sql << "INSERT INTO restart_probe VALUES (2)"; }),
      Unavailable);
  EXPECT_FALSE(db->ping());
  EXPECT_THROW(Database::open(server.url()), Unavailable);
  EXPECT_EQ(db->stats().in_use, 0u);

  server.start();
  const std::uint64_t reconnects_before = db->stats().reconnects;
  EXPECT_EQ(count_rows(*db), 1);
  db->transaction([](soci::session& sql) { sql << "INSERT INTO restart_probe VALUES (3)"; });
  EXPECT_EQ(count_rows(*db), 2);
  EXPECT_TRUE(db->ping());
  EXPECT_GT(db->stats().reconnects, reconnects_before);
}

}  // namespace
}  // namespace guildhall::db
