#include "db/migrator.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <set>
#include <string>

#include "temp_dir.hpp"

namespace guildhall::db {
namespace {

using ::testing::HasSubstr;

class MigratorTest : public ::testing::Test {
 protected:
  // Declared first: db_'s initialiser uses it.
  testing::TempDir dir_;
  std::shared_ptr<Database> db_ =
      Database::open(DatabaseUrl::parse("sqlite://" + (dir_.path() / "g.db").string()));

  long long count(const std::string& query) {
    long long n = 0;
    db_->run([&](soci::session& sql) { sql << query, soci::into(n); });
    return n;
  }
};

std::vector<Migration> two_migrations() {
  return {Migration::from_file("0001_first.sql", "CREATE TABLE a (x INT);\n"),
          Migration::from_file("0002_second.sql",
                               "CREATE TABLE b (y INT);\nCREATE INDEX b_y_idx ON b (y);\n")};
}

TEST(MigrationTest, ParsesFileNamesAndChecksums) {
  const auto m = Migration::from_file("0012_add_members.sql", "SELECT 1;\n");
  EXPECT_EQ(m.version, 12);
  EXPECT_EQ(m.name, "add_members");
  EXPECT_EQ(m.id(), "0012_add_members");
  EXPECT_EQ(m.checksum.size(), 64u);
  EXPECT_EQ(m.checksum, Migration::from_file("0001_x.sql", "SELECT 1;\n").checksum);
  EXPECT_NE(m.checksum, Migration::from_file("0001_x.sql", "SELECT 2;\n").checksum);
  for (const char* bad :
       {"12_x.sql", "0001-x.sql", "0001_X.sql", "0001_x.txt", "0000_x.sql", "0001_.sql"}) {
    EXPECT_THROW(Migration::from_file(bad, ""), std::invalid_argument) << bad;
  }
}

TEST(MigrationTest, EmbeddedMigrationsHaveTheSameNumbersAndNamesOnBothBackends) {
  const auto sqlite = Migrator::embedded(Backend::sqlite);
  const auto mysql = Migrator::embedded(Backend::mysql);
  ASSERT_FALSE(sqlite.empty());
  ASSERT_EQ(sqlite.size(), mysql.size());
  for (std::size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(sqlite[i].id(), mysql[i].id());
    EXPECT_EQ(sqlite[i].version, static_cast<int>(i + 1)) << "versions are numbered 1, 2, 3 …";
  }
  EXPECT_EQ(sqlite.front().id(), "0001_init");
}

TEST_F(MigratorTest, AppliesEmbeddedMigrationsAndTheSecondRunIsANoOp) {
  Migrator migrator(*db_);
  EXPECT_FALSE(migrator.status().current());
  const auto applied = migrator.apply_pending();
  ASSERT_EQ(applied.size(), Migrator::embedded(Backend::sqlite).size());
  EXPECT_EQ(applied.front().id(), "0001_init");

  EXPECT_EQ(count("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('tenants', "
                  "'platform_settings')"),
            2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = "
                  "'tenants_realm_slug_idx'"),
            1);
  const long long recorded = count("SELECT COUNT(*) FROM schema_migrations");

  EXPECT_TRUE(Migrator(*db_).apply_pending().empty());
  EXPECT_EQ(count("SELECT COUNT(*) FROM schema_migrations"), recorded);
  const MigrationStatus status = Migrator(*db_).status();
  EXPECT_TRUE(status.current());
  EXPECT_EQ(status.applied, applied.size());
}

TEST_F(MigratorTest, RecordsVersionNameChecksumAndTime) {
  Migrator(*db_, two_migrations()).apply_pending();
  std::string name;
  std::string checksum;
  long long applied_at = 0;
  db_->run([&](soci::session& sql) {
    sql << "SELECT name, checksum, applied_at FROM schema_migrations WHERE version = 2",
        soci::into(name), soci::into(checksum), soci::into(applied_at);
  });
  EXPECT_EQ(name, "second");
  EXPECT_EQ(checksum, two_migrations()[1].checksum);
  EXPECT_GT(applied_at, 1'600'000'000'000LL);  // epoch milliseconds, not seconds
}

TEST_F(MigratorTest, AppliesOnlyWhatIsPending) {
  auto migrations = two_migrations();
  Migrator(*db_, {migrations[0]}).apply_pending();
  const MigrationStatus status = Migrator(*db_, migrations).status();
  EXPECT_EQ(status.applied, 1u);
  ASSERT_EQ(status.pending.size(), 1u);
  EXPECT_EQ(status.pending[0].id(), "0002_second");
  EXPECT_FALSE(status.current());
  const auto applied = Migrator(*db_, migrations).apply_pending();
  ASSERT_EQ(applied.size(), 1u);
  EXPECT_EQ(applied[0].id(), "0002_second");
}

TEST_F(MigratorTest, RefusesAChangedMigration) {
  Migrator(*db_, two_migrations()).apply_pending();
  auto changed = two_migrations();
  changed[0] = Migration::from_file("0001_first.sql", "CREATE TABLE a (x INT, z INT);\n");
  changed.push_back(Migration::from_file("0003_third.sql", "CREATE TABLE c (z INT);\n"));

  Migrator migrator(*db_, changed);
  const MigrationStatus status = migrator.status();
  EXPECT_FALSE(status.current());
  ASSERT_EQ(status.mismatches.size(), 1u);
  EXPECT_EQ(status.mismatches[0].version, 1);

  const std::string expected_start =
      "migration 0001_first was changed after it was applied (checksum " +
      two_migrations()[0].checksum.substr(0, 12) + "… in the database, " +
      changed[0].checksum.substr(0, 12) + "… in this build)";
  try {
    migrator.apply_pending();
    FAIL() << "expected MigrationError";
  } catch (const MigrationError& e) {
    EXPECT_THAT(e.what(), HasSubstr(expected_start));
    EXPECT_THAT(e.what(), HasSubstr("restore the original file and add a new migration instead"));
  }
  EXPECT_THROW(migrator.verify(), MigrationError);
  // Nothing was applied: the pending 0003 waits until the file is restored.
  EXPECT_EQ(count("SELECT COUNT(*) FROM sqlite_master WHERE name = 'c'"), 0);
}

TEST_F(MigratorTest, RefusesADatabaseMigratedByANewerBuild) {
  Migrator(*db_, two_migrations()).apply_pending();
  Migrator older(*db_, {two_migrations()[0]});
  const MigrationStatus status = older.status();
  ASSERT_EQ(status.unknown.size(), 1u);
  EXPECT_EQ(status.unknown[0], "0002_second");
  EXPECT_FALSE(status.current());
  try {
    older.apply_pending();
    FAIL() << "expected MigrationError";
  } catch (const MigrationError& e) {
    EXPECT_THAT(e.what(),
                HasSubstr("0002_second is applied in the database but unknown to this build"));
  }
}

TEST_F(MigratorTest, FailedMigrationLeavesNothingBehindOnSqlite) {
  const std::vector<Migration> broken = {
      Migration::from_file("0001_broken.sql", "CREATE TABLE ok (x INT);\nCREATE TABLE bad (;\n")};
  try {
    Migrator(*db_, broken).apply_pending();
    FAIL() << "expected MigrationError";
  } catch (const MigrationError& e) {
    EXPECT_THAT(e.what(), HasSubstr("migration 0001_broken failed at statement 2 of 2"));
    EXPECT_THAT(e.what(), HasSubstr("nothing of this migration was applied"));
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM sqlite_master WHERE name = 'ok'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM schema_migrations"), 0);
}

TEST_F(MigratorTest, RejectsDuplicateVersions) {
  EXPECT_THROW(Migrator(*db_, {Migration::from_file("0001_a.sql", ""),
                               Migration::from_file("0001_b.sql", "")}),
               MigrationError);
}

}  // namespace
}  // namespace guildhall::db
