#include <gtest/gtest.h>
#include <soci/soci.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "db/database.hpp"
#include "temp_dir.hpp"

namespace guildhall::db {
namespace {

std::shared_ptr<Database> open_sqlite(const std::filesystem::path& file,
                                      DatabaseOptions options = {}) {
  return Database::open(DatabaseUrl::parse("sqlite://" + file.string()), options);
}

TEST(SqliteDatabaseTest, CreatesTheFolderOfTheFile) {
  testing::TempDir dir;
  const auto file = dir.path() / "nested" / "deeper" / "guildhall.db";
  auto db = open_sqlite(file);
  EXPECT_EQ(db->backend(), Backend::sqlite);
  EXPECT_TRUE(std::filesystem::exists(file));
}

TEST(SqliteDatabaseTest, EveryConnectionHasThePragmasSet) {
  testing::TempDir dir;
  auto db = open_sqlite(dir.path() / "g.db", DatabaseOptions{3, std::chrono::milliseconds(500)});
  // Nested leases force three distinct connections, so each one's settings are checked.
  int checked = 0;
  const auto check = [&](soci::session& sql) {
    std::string journal;
    int synchronous = -1;
    int foreign_keys = -1;
    int busy_timeout = -1;
    sql << "PRAGMA journal_mode", soci::into(journal);
    sql << "PRAGMA synchronous", soci::into(synchronous);
    sql << "PRAGMA foreign_keys", soci::into(foreign_keys);
    sql << "PRAGMA busy_timeout", soci::into(busy_timeout);
    EXPECT_EQ(journal, "wal");
    EXPECT_EQ(synchronous, 2);  // FULL
    EXPECT_EQ(foreign_keys, 1);
    EXPECT_EQ(busy_timeout, 5000);
    ++checked;
  };
  db->run([&](soci::session& a) {
    check(a);
    db->run([&](soci::session& b) {
      EXPECT_NE(&a, &b);
      check(b);
      db->run([&](soci::session& c) { check(c); });
    });
  });
  EXPECT_EQ(checked, 3);
  EXPECT_EQ(db->stats().in_use, 0u);
}

TEST(SqliteDatabaseTest, ForeignKeysAreEnforced) {
  testing::TempDir dir;
  auto db = open_sqlite(dir.path() / "g.db");
  db->run([](soci::session& sql) {
    sql << "CREATE TABLE parent (id INT PRIMARY KEY)";
    sql << "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT NOT NULL REFERENCES parent (id))";
  });
  EXPECT_THROW(db->run([](soci::session& sql) { sql << "INSERT INTO child VALUES (1, 42)"; }),
               soci::soci_error);
}

TEST(SqliteDatabaseTest, UnopenablePathIsUnavailable) {
  testing::TempDir dir;
  // A regular file where the folder should be: neither the folder nor the database can exist.
  const auto blocker = dir.path() / "not-a-folder";
  std::ofstream(blocker) << "x";
  try {
    open_sqlite(blocker / "g.db");
    FAIL() << "expected Unavailable";
  } catch (const Unavailable& e) {
    EXPECT_NE(std::string(e.what()).find("not-a-folder"), std::string::npos) << e.what();
  }
}

TEST(SqliteDatabaseTest, FolderInPlaceOfTheFileIsUnavailable) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.path() / "g.db");
  EXPECT_THROW(open_sqlite(dir.path() / "g.db"), Unavailable);
}

TEST(SqliteDatabaseTest, TransactionCommitsOrRollsBack) {
  testing::TempDir dir;
  auto db = open_sqlite(dir.path() / "g.db");
  db->run([](soci::session& sql) { sql << "CREATE TABLE t (x INT)"; });
  db->transaction([](soci::session& sql) { sql << "INSERT INTO t VALUES (1)"; });
  EXPECT_THROW(db->transaction([](soci::session& sql) {
    sql << "INSERT INTO t VALUES (2)";
    throw std::runtime_error("rule violated");
  }),
               std::runtime_error);
  long long count = 0;
  long long sum = 0;
  db->run([&](soci::session& sql) {
    sql << "SELECT COUNT(*), SUM(x) FROM t", soci::into(count), soci::into(sum);
  });
  EXPECT_EQ(count, 1);
  EXPECT_EQ(sum, 1);
  // The connection that rolled back is usable again.
  db->transaction([](soci::session& sql) { sql << "INSERT INTO t VALUES (3)"; });
}

TEST(SqliteDatabaseTest, LeaseTimeoutIsUnavailableAndCounted) {
  testing::TempDir dir;
  auto db = open_sqlite(dir.path() / "g.db", DatabaseOptions{1, std::chrono::milliseconds(50)});
  db->run([&](soci::session&) {
    EXPECT_EQ(db->stats().in_use, 1u);
    EXPECT_THROW(db->run([](soci::session&) {}), Unavailable);
  });
  const PoolStats stats = db->stats();
  EXPECT_EQ(stats.size, 1u);
  EXPECT_EQ(stats.in_use, 0u);
  EXPECT_EQ(stats.lease_timeouts, 1u);
  EXPECT_GE(stats.leases, 2u);
  EXPECT_EQ(stats.reconnects, 0u);
}

TEST(SqliteDatabaseTest, ThreadsShareThePool) {
  testing::TempDir dir;
  auto db = open_sqlite(dir.path() / "g.db", DatabaseOptions{3, std::chrono::milliseconds(10000)});
  db->run([](soci::session& sql) { sql << "CREATE TABLE t (thread INT, i INT)"; });
  constexpr int kThreads = 6;
  constexpr int kWrites = 40;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&db, t] {
      for (int i = 0; i < kWrites; ++i) {
        db->transaction([&](soci::session& sql) {
          sql << "INSERT INTO t VALUES (:t, :i)", soci::use(t), soci::use(i);
        });
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  long long count = 0;
  db->run([&](soci::session& sql) { sql << "SELECT COUNT(*) FROM t", soci::into(count); });
  EXPECT_EQ(count, kThreads * kWrites);
  const PoolStats stats = db->stats();
  EXPECT_EQ(stats.in_use, 0u);
  EXPECT_GE(stats.leases, static_cast<std::uint64_t>(kThreads * kWrites));
  EXPECT_EQ(stats.lease_timeouts, 0u);
}

// A transaction that reads before it writes (a counter, a code check before an insert) must wait
// for another writer instead of failing with "database is locked": in WAL mode SQLite does not
// wait when a deferred reader tries to become a writer.
TEST(SqliteDatabaseTest, ReadThenWriteTransactionsWaitForEachOther) {
  testing::TempDir dir;
  auto db = open_sqlite(dir.path() / "g.db", DatabaseOptions{4, std::chrono::milliseconds(10000)});
  db->run([](soci::session& sql) {
    sql << "CREATE TABLE counter (n INT)";
    sql << "INSERT INTO counter VALUES (0)";
  });
  constexpr int kThreads = 4;
  constexpr int kRounds = 50;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&db, &failures] {
      for (int i = 0; i < kRounds; ++i) {
        try {
          db->transaction([&](soci::session& sql) {
            int n = 0;
            sql << "SELECT n FROM counter", soci::into(n);
            std::this_thread::yield();
            sql << "UPDATE counter SET n = :n", soci::use(n + 1);
          });
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  int n = 0;
  db->run([&](soci::session& sql) { sql << "SELECT n FROM counter", soci::into(n); });
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(n, kThreads * kRounds);
}

TEST(SqliteDatabaseTest, PingAnswers) {
  testing::TempDir dir;
  auto db = open_sqlite(dir.path() / "g.db");
  EXPECT_TRUE(db->ping());
}

}  // namespace
}  // namespace guildhall::db
