// The SQLite and MySQL migrations must build the same schema: same tables, columns (name,
// lightly normalised type, nullability, primary-key position) and indexes (name, uniqueness,
// columns). Each side is described as a set of lines and the sets are compared.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "db/migrator.hpp"
#include "mysql_test_support.hpp"
#include "temp_dir.hpp"

namespace guildhall::db {
namespace {

using Description = std::set<std::string>;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return text;
}

// Types compare by family where the engines spell the same thing differently: MySQL adds display
// widths to integers (bigint(20)); MEDIUMTEXT is MySQL's TEXT for values above 64 KiB; every
// SQLite INTEGER is 64 bits.
std::string normalise_type(std::string type, Backend backend) {
  type = lower(type);
  for (const char* integer : {"tinyint", "smallint", "int", "bigint"}) {
    const std::string prefix = std::string(integer) + "(";
    if (type.rfind(prefix, 0) == 0) {
      const auto close = type.find(')');
      type = std::string(integer) + type.substr(close + 1);
    }
  }
  if (type == "mediumtext" || type == "longtext")
    type = "text";
  if (backend == Backend::sqlite && type == "integer")
    type = "bigint";
  return type;
}

std::string column_line(const std::string& table, const std::string& column,
                        const std::string& type, bool nullable, int pk_position) {
  return "column " + table + "." + column + " " + type + (nullable ? " null" : " not null") +
         (pk_position > 0 ? " primary key #" + std::to_string(pk_position) : "");
}

Description describe_sqlite(soci::session& sql) {
  Description out;
  std::vector<std::string> tables;
  {
    std::string name;
    soci::statement st = (sql.prepare << "SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE 'sqlite_%' ORDER BY name",
                          soci::into(name));
    st.execute();
    while (st.fetch())
      tables.push_back(name);
  }
  for (const auto& table : tables) {
    out.insert("table " + table);
    int cid = 0;
    std::string name;
    std::string type;
    int notnull = 0;
    std::string default_value;
    soci::indicator default_ind = soci::i_null;
    int pk = 0;
    soci::statement columns = (sql.prepare << "PRAGMA table_info('" + table + "')", soci::into(cid),
                               soci::into(name), soci::into(type), soci::into(notnull),
                               soci::into(default_value, default_ind), soci::into(pk));
    columns.execute();
    while (columns.fetch()) {
      out.insert(column_line(table, name, normalise_type(type, Backend::sqlite), notnull == 0, pk));
    }

    std::vector<std::pair<std::string, int>> indexes;
    int seq = 0;
    std::string index_name;
    int unique = 0;
    std::string origin;
    int partial = 0;
    soci::statement list =
        (sql.prepare << "PRAGMA index_list('" + table + "')", soci::into(seq),
         soci::into(index_name), soci::into(unique), soci::into(origin), soci::into(partial));
    list.execute();
    while (list.fetch()) {
      // The primary key's automatic index is described by the columns' primary-key positions.
      if (origin != "pk")
        indexes.emplace_back(index_name, unique);
    }
    for (const auto& [index, is_unique] : indexes) {
      std::string columns_text;
      int seqno = 0;
      int column_id = 0;
      std::string column;
      soci::statement info = (sql.prepare << "PRAGMA index_info('" + index + "')",
                              soci::into(seqno), soci::into(column_id), soci::into(column));
      info.execute();
      while (info.fetch())
        columns_text += (columns_text.empty() ? "" : ",") + column;
      out.insert("index " + table + "." + index + (is_unique ? " unique" : "") + " (" +
                 columns_text + ")");
    }
  }
  return out;
}

Description describe_mysql(soci::session& sql) {
  Description out;
  {
    std::string table;
    soci::statement st =
        (sql.prepare << "SELECT TABLE_NAME FROM information_schema.TABLES "
                        "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'",
         soci::into(table));
    st.execute();
    while (st.fetch())
      out.insert("table " + table);
  }
  {
    std::string table;
    std::string column;
    std::string type;
    std::string nullable;
    long long pk = 0;
    soci::indicator pk_ind = soci::i_null;
    soci::statement st =
        (sql.prepare
             << "SELECT c.TABLE_NAME, c.COLUMN_NAME, c.COLUMN_TYPE, c.IS_NULLABLE, s.SEQ_IN_INDEX "
                "FROM information_schema.COLUMNS c LEFT JOIN information_schema.STATISTICS s "
                "ON s.TABLE_SCHEMA = c.TABLE_SCHEMA AND s.TABLE_NAME = c.TABLE_NAME "
                "AND s.COLUMN_NAME = c.COLUMN_NAME AND s.INDEX_NAME = 'PRIMARY' "
                "WHERE c.TABLE_SCHEMA = DATABASE()",
         soci::into(table), soci::into(column), soci::into(type), soci::into(nullable),
         soci::into(pk, pk_ind));
    st.execute();
    while (st.fetch()) {
      const int position = pk_ind == soci::i_ok ? static_cast<int>(pk) : 0;
      out.insert(column_line(table, column, normalise_type(type, Backend::mysql), nullable == "YES",
                             position));
    }
  }
  {
    std::string table;
    std::string index;
    long long non_unique = 0;
    std::string column;
    std::string current_key;
    std::string current_line;
    soci::statement st =
        (sql.prepare << "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME "
                        "FROM information_schema.STATISTICS "
                        "WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME <> 'PRIMARY' "
                        "ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
         soci::into(table), soci::into(index), soci::into(non_unique), soci::into(column));
    st.execute();
    std::vector<std::pair<std::string, std::string>> parts;  // (index head, columns)
    while (st.fetch()) {
      const std::string head = "index " + table + "." + index + (non_unique == 0 ? " unique" : "");
      if (!parts.empty() && parts.back().first == head) {
        parts.back().second += "," + column;
      } else {
        parts.emplace_back(head, column);
      }
    }
    for (const auto& [head, columns] : parts)
      out.insert(head + " (" + columns + ")");
  }
  return out;
}

std::string difference(const Description& sqlite, const Description& mysql) {
  std::string text;
  for (const auto& line : sqlite) {
    if (!mysql.contains(line))
      text += "  only in SQLite: " + line + "\n";
  }
  for (const auto& line : mysql) {
    if (!sqlite.contains(line))
      text += "  only in MySQL:  " + line + "\n";
  }
  return text;
}

class SchemaParityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = testing::test_mysql_url();
    if (!server_)
      GTEST_SKIP() << "GUILDHALL_TEST_MYSQL_URL is not set (scripts/test sets it)";
    scratch_ = std::make_unique<testing::ScratchMysqlDatabase>(*server_);
    sqlite_ =
        Database::open(DatabaseUrl::parse("sqlite://" + (dir_.path() / "parity.db").string()));
    mysql_ = Database::open(scratch_->url());
    Migrator(*sqlite_).apply_pending();
    Migrator(*mysql_).apply_pending();
  }

  Description sqlite_schema() {
    Description d;
    sqlite_->run([&](soci::session& sql) { d = describe_sqlite(sql); });
    return d;
  }
  Description mysql_schema() {
    Description d;
    mysql_->run([&](soci::session& sql) { d = describe_mysql(sql); });
    return d;
  }

  testing::TempDir dir_;
  std::optional<DatabaseUrl> server_;
  std::unique_ptr<testing::ScratchMysqlDatabase> scratch_;
  std::shared_ptr<Database> sqlite_;
  std::shared_ptr<Database> mysql_;
};

TEST_F(SchemaParityTest, BothMigrationSetsBuildTheSameSchema) {
  const Description sqlite = sqlite_schema();
  const Description mysql = mysql_schema();
  EXPECT_TRUE(sqlite.contains("table tenants"));
  EXPECT_TRUE(sqlite.contains("index tenants.tenants_realm_slug_idx (realm_slug)"));
  EXPECT_TRUE(sqlite.contains("column tenants.slug varchar(64) not null primary key #1"));
  EXPECT_TRUE(sqlite.contains("column schema_migrations.version int not null primary key #1"));
  EXPECT_EQ(sqlite, mysql) << "the migrations/sqlite and migrations/mysql schemas differ:\n"
                           << difference(sqlite, mysql);
}

TEST_F(SchemaParityTest, DetectsAColumnOnlyOneSideHas) {
  mysql_->run(
      [](soci::session& sql) { sql << "ALTER TABLE platform_settings ADD COLUMN extra INT NULL"; });
  const std::string diff = difference(sqlite_schema(), mysql_schema());
  EXPECT_THAT(diff,
              ::testing::HasSubstr("only in MySQL:  column platform_settings.extra int null"));
}

TEST_F(SchemaParityTest, DetectsAnIndexOnlyOneSideHas) {
  sqlite_->run([](soci::session& sql) {
    sql << "CREATE INDEX tenants_parent_slug_idx ON tenants (parent_slug)";
  });
  const std::string diff = difference(sqlite_schema(), mysql_schema());
  EXPECT_THAT(diff, ::testing::HasSubstr(
                        "only in SQLite: index tenants.tenants_parent_slug_idx (parent_slug)"));
}

}  // namespace
}  // namespace guildhall::db
