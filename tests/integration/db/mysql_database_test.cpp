#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "db/migrator.hpp"
#include "mysql_test_support.hpp"

namespace guildhall::db {
namespace {

using ::testing::HasSubstr;

class MysqlDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = testing::test_mysql_url();
    if (!server_)
      GTEST_SKIP() << "GUILDHALL_TEST_MYSQL_URL is not set (scripts/test sets it)";
    scratch_ = std::make_unique<testing::ScratchMysqlDatabase>(*server_);
  }

  std::optional<DatabaseUrl> server_;
  std::unique_ptr<testing::ScratchMysqlDatabase> scratch_;
};

// Leases every connection of the pool at once (nested run() calls) and returns their server-side
// connection ids, so a test can be sure it has seen each pooled connection.
std::vector<long long> connection_ids(Database& db, std::size_t depth) {
  std::vector<long long> ids;
  std::function<void(std::size_t)> lease = [&](std::size_t left) {
    if (left == 0)
      return;
    db.run([&](soci::session& sql) {
      long long id = 0;
      sql << "SELECT CONNECTION_ID()", soci::into(id);
      ids.push_back(id);
      lease(left - 1);
    });
  };
  lease(depth);
  return ids;
}

TEST_F(MysqlDatabaseTest, MigratesAndTheSecondRunIsANoOp) {
  auto db = Database::open(scratch_->url());
  EXPECT_EQ(db->backend(), Backend::mysql);
  Migrator migrator(*db);
  EXPECT_FALSE(migrator.status().current());
  const auto applied = migrator.apply_pending();
  ASSERT_FALSE(applied.empty());
  EXPECT_EQ(applied.front().id(), "0001_init");
  EXPECT_TRUE(Migrator(*db).apply_pending().empty());
  EXPECT_TRUE(Migrator(*db).status().current());

  std::string engine;
  std::string collation;
  db->run([&](soci::session& sql) {
    sql << "SELECT ENGINE, TABLE_COLLATION FROM information_schema.TABLES "
           "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'tenants'",
        soci::into(engine), soci::into(collation);
  });
  EXPECT_EQ(engine, "InnoDB");
  EXPECT_EQ(collation, "utf8mb4_bin");
}

TEST_F(MysqlDatabaseTest, RefusesAChangedMigration) {
  auto db = Database::open(scratch_->url());
  Migrator(*db, {Migration::from_file("0001_first.sql", "CREATE TABLE a (x INT) ENGINE=InnoDB;\n")})
      .apply_pending();
  Migrator changed(
      *db, {Migration::from_file("0001_first.sql", "CREATE TABLE a (y INT) ENGINE=InnoDB;\n")});
  EXPECT_EQ(changed.status().mismatches.size(), 1u);
  try {
    changed.apply_pending();
    FAIL() << "expected MigrationError";
  } catch (const MigrationError& e) {
    EXPECT_THAT(e.what(), HasSubstr("migration 0001_first was changed after it was applied"));
  }
}

TEST_F(MysqlDatabaseTest, FailedMigrationSaysWhatMysqlKept) {
  auto db = Database::open(scratch_->url());
  const Migration broken = Migration::from_file(
      "0001_broken.sql", "CREATE TABLE kept (x INT) ENGINE=InnoDB;\nCREATE TABLE bad (;\n");
  try {
    Migrator(*db, {broken}).apply_pending();
    FAIL() << "expected MigrationError";
  } catch (const MigrationError& e) {
    EXPECT_THAT(e.what(), HasSubstr("failed at statement 2 of 2"));
    EXPECT_THAT(e.what(), HasSubstr("MySQL committed statements 1 to 1"));
  }
  EXPECT_FALSE(Migrator(*db, {broken}).status().current());
}

TEST_F(MysqlDatabaseTest, SessionsUseUtcStrictModeAndUtf8mb4) {
  auto db = Database::open(scratch_->url());
  std::string time_zone;
  std::string sql_mode;
  std::string charset;
  db->run([&](soci::session& sql) {
    sql << "SELECT @@session.time_zone, @@session.sql_mode, @@session.character_set_connection",
        soci::into(time_zone), soci::into(sql_mode), soci::into(charset);
  });
  EXPECT_EQ(time_zone, "+00:00");
  EXPECT_THAT(sql_mode, HasSubstr("STRICT_ALL_TABLES"));
  EXPECT_EQ(charset, "utf8mb4");

  Migrator(*db).apply_pending();
  // Strict mode: too long is an error, not a silent truncation.
  EXPECT_THROW(db->run([](soci::session& sql) {
    sql << "INSERT INTO platform_settings (name, value, updated_at) VALUES (REPEAT('x', 65), 'v', "
           "0)";
  }),
               soci::soci_error);
  // Four-byte UTF-8 round-trips.
  const std::string emoji = "\xF0\x9F\x8F\x9B 学会";
  std::string back;
  db->run([&](soci::session& sql) {
    sql << "INSERT INTO platform_settings (name, value, updated_at) VALUES ('e', :v, 0)",
        soci::use(emoji);
    sql << "SELECT value FROM platform_settings WHERE name = 'e'", soci::into(back);
  });
  EXPECT_EQ(back, emoji);
}

TEST_F(MysqlDatabaseTest, WrongPasswordIsUnavailableWithoutThePassword) {
  DatabaseUrl url = scratch_->url();
  url.password = "definitely-wrong-password";
  try {
    Database::open(url);
    FAIL() << "expected Unavailable";
  } catch (const Unavailable& e) {
    EXPECT_THAT(e.what(), HasSubstr("cannot connect"));
    EXPECT_THAT(e.what(), ::testing::Not(HasSubstr("definitely-wrong-password")));
  }
}

TEST_F(MysqlDatabaseTest, PoolRecoversAfterTheServerKillsEveryConnection) {
  constexpr std::size_t kPool = 3;
  auto db =
      Database::open(scratch_->url(), DatabaseOptions{kPool, std::chrono::milliseconds(2000)});
  const std::vector<long long> before = connection_ids(*db, kPool);
  ASSERT_EQ(std::set<long long>(before.begin(), before.end()).size(), kPool);

  auto admin = Database::open(scratch_->url(), DatabaseOptions{1, std::chrono::milliseconds(2000)});
  admin->run([&](soci::session& sql) {
    for (const long long id : before)
      sql << "KILL CONNECTION " + std::to_string(id);
  });
  const std::uint64_t reconnects_before = db->stats().reconnects;

  // Every pooled connection is dead now; each run() must heal its own and succeed.
  const std::vector<long long> after = connection_ids(*db, kPool);
  ASSERT_EQ(after.size(), kPool);
  for (const long long id : after) {
    EXPECT_EQ(std::count(before.begin(), before.end(), id), 0)
        << "connection " << id << " was killed";
  }
  EXPECT_EQ(db->stats().reconnects, reconnects_before + kPool);

  // A transaction on a connection killed while idle starts on a fresh one instead of failing.
  const std::vector<long long> idle = connection_ids(*db, kPool);
  admin->run([&](soci::session& sql) {
    for (const long long id : idle)
      sql << "KILL CONNECTION " + std::to_string(id);
  });
  db->run([](soci::session& sql) { sql << "CREATE TABLE t (x INT) ENGINE=InnoDB"; });
  db->transaction([](soci::session& sql) { sql << "INSERT INTO t VALUES (1)"; });
  long long count = 0;
  db->run([&](soci::session& sql) { sql << "SELECT COUNT(*) FROM t", soci::into(count); });
  EXPECT_EQ(count, 1);
  EXPECT_TRUE(db->ping());
}

TEST_F(MysqlDatabaseTest, ConnectionLostInsideATransactionIsUnavailableAndRolledBack) {
  auto db = Database::open(scratch_->url(), DatabaseOptions{1, std::chrono::milliseconds(2000)});
  auto admin = Database::open(scratch_->url(), DatabaseOptions{1, std::chrono::milliseconds(2000)});
  db->run([](soci::session& sql) { sql << "CREATE TABLE t (x INT) ENGINE=InnoDB"; });
  int calls = 0;
  try {
    db->transaction([&](soci::session& sql) {
      ++calls;
      sql << "INSERT INTO t VALUES (1)";
      long long id = 0;
      sql << "SELECT CONNECTION_ID()", soci::into(id);
      admin->run([&](soci::session& a) { a << "KILL CONNECTION " + std::to_string(id); });
      sql << "INSERT INTO t VALUES (2)";
    });
    FAIL() << "expected Unavailable";
  } catch (const Unavailable& e) {
    EXPECT_THAT(e.what(), HasSubstr("connection was lost during a transaction"));
    EXPECT_THAT(e.what(), ::testing::Not(HasSubstr("INSERT")));
  }
  EXPECT_EQ(calls, 1) << "a transaction body must never be repeated";
  long long count = -1;
  db->run([&](soci::session& sql) { sql << "SELECT COUNT(*) FROM t", soci::into(count); });
  EXPECT_EQ(count, 0);
}

// Two transactions that lock two rows in opposite orders: InnoDB rolls one back as a deadlock
// victim, and repeatable_transaction runs it again, so both bodies take effect.
TEST_F(MysqlDatabaseTest, RepeatableTransactionSurvivesADeadlock) {
  auto db = Database::open(scratch_->url(), DatabaseOptions{4, std::chrono::milliseconds(5000)});
  db->run([](soci::session& sql) {
    sql << "CREATE TABLE pair (id INT PRIMARY KEY, n INT NOT NULL) ENGINE=InnoDB";
    sql << "INSERT INTO pair VALUES (1, 0), (2, 0)";
  });
  std::atomic<int> runs{0};
  const auto cross = [&](int first, int second) {
    db->repeatable_transaction([&](soci::session& tx) {
      ++runs;
      tx << "UPDATE pair SET n = n + 1 WHERE id = :id", soci::use(first);
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      tx << "UPDATE pair SET n = n + 1 WHERE id = :id", soci::use(second);
    });
  };
  std::thread a(cross, 1, 2);
  std::thread b(cross, 2, 1);
  a.join();
  b.join();
  int one = 0;
  int two = 0;
  db->run([&](soci::session& sql) {
    sql << "SELECT n FROM pair WHERE id = 1", soci::into(one);
    sql << "SELECT n FROM pair WHERE id = 2", soci::into(two);
  });
  EXPECT_EQ(one, 2);
  EXPECT_EQ(two, 2);
  EXPECT_GE(runs.load(), 3) << "one of the two ran again after being the deadlock victim";
}

}  // namespace
}  // namespace guildhall::db
