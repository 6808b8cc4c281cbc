#include "db/migrator.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>

#include "db/embedded_migrations.hpp"
#include "db/sha256.hpp"
#include "db/sql_splitter.hpp"

namespace guildhall::db {
namespace {

struct AppliedRow {
  std::string name;
  std::string checksum;
};

using AppliedMap = std::map<int, AppliedRow>;

constexpr const char* kSqliteSchemaTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INT NOT NULL PRIMARY KEY, name VARCHAR(128) NOT NULL, checksum CHAR(64) NOT NULL, "
    "applied_at BIGINT NOT NULL)";
constexpr const char* kMysqlSchemaTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INT NOT NULL PRIMARY KEY, name VARCHAR(128) NOT NULL, checksum CHAR(64) NOT NULL, "
    "applied_at BIGINT NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

// Waiting this long for another process's migration is generous; a longer one is stuck.
constexpr int kMysqlLockSeconds = 120;

std::string short_checksum(const std::string& checksum) {
  return checksum.size() > 12 ? checksum.substr(0, 12) + "…" : checksum;
}

std::string format_id(int version, const std::string& name) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%04d", version);
  return std::string(digits) + "_" + name;
}

long long now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool schema_table_exists(soci::session& sql, Backend backend) {
  long long count = 0;
  if (backend == Backend::sqlite) {
    sql << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
        soci::into(count);
  } else {
    sql << "SELECT COUNT(*) FROM information_schema.TABLES "
           "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'schema_migrations'",
        soci::into(count);
  }
  return count > 0;
}

AppliedMap read_applied(soci::session& sql) {
  AppliedMap applied;
  int version = 0;
  std::string name;
  std::string checksum;
  soci::statement st = (sql.prepare << "SELECT version, name, checksum FROM schema_migrations",
                        soci::into(version), soci::into(name), soci::into(checksum));
  st.execute();
  while (st.fetch())
    applied[version] = AppliedRow{name, checksum};
  return applied;
}

MigrationStatus compare(const std::vector<Migration>& migrations, const AppliedMap& applied) {
  MigrationStatus status;
  status.applied = applied.size();
  std::set<int> known;
  for (const auto& m : migrations) {
    known.insert(m.version);
    const auto it = applied.find(m.version);
    if (it == applied.end()) {
      status.pending.push_back(m);
    } else if (it->second.checksum != m.checksum) {
      status.mismatches.push_back(
          ChecksumMismatch{m.version, m.name, it->second.checksum, m.checksum});
    }
  }
  for (const auto& [version, row] : applied) {
    if (!known.contains(version))
      status.unknown.push_back(format_id(version, row.name));
  }
  return status;
}

void refuse_mismatches(const MigrationStatus& status) {
  std::string message;
  for (const auto& mismatch : status.mismatches) {
    if (!message.empty())
      message += "\n";
    message += mismatch.message();
  }
  for (const auto& id : status.unknown) {
    if (!message.empty())
      message += "\n";
    message += "migration " + id +
               " is applied in the database but unknown to this build; the database was migrated "
               "by a newer version of guildhall, so run that version (or restore a backup)";
  }
  if (!message.empty())
    throw MigrationError(message);
}

// Runs one migration's statements and records it. On SQLite the caller's transaction makes this
// all-or-nothing; on MySQL each DDL statement is already committed when the next one runs.
void apply_one(soci::session& sql, Backend backend, const Migration& migration) {
  std::vector<std::string> statements;
  try {
    statements = split_sql_statements(migration.sql);
  } catch (const std::invalid_argument& e) {
    throw MigrationError("migration " + migration.id() + " cannot be read: " + e.what());
  }
  for (std::size_t i = 0; i < statements.size(); ++i) {
    try {
      sql << statements[i];
    } catch (const soci::soci_error& e) {
      std::string message = "migration " + migration.id() + " failed at statement " +
                            std::to_string(i + 1) + " of " + std::to_string(statements.size()) +
                            ": " + e.what();
      if (backend == Backend::mysql && i > 0) {
        message += "\nMySQL committed statements 1 to " + std::to_string(i) +
                   " of this migration already; undo them by hand before running it again";
      } else {
        message += "\nnothing of this migration was applied";
      }
      throw MigrationError(message);
    }
  }
  const long long applied_at = now_ms();
  sql << "INSERT INTO schema_migrations (version, name, checksum, applied_at) "
         "VALUES (:version, :name, :checksum, :applied_at)",
      soci::use(migration.version), soci::use(migration.name), soci::use(migration.checksum),
      soci::use(applied_at);
}

}  // namespace

std::string Migration::id() const {
  return format_id(version, name);
}

Migration Migration::from_file(std::string_view file_name, std::string sql) {
  const auto bad = [&] {
    return std::invalid_argument("migration file '" + std::string(file_name) +
                                 "' is not named NNNN_lower_snake_name.sql");
  };
  constexpr std::string_view kSuffix = ".sql";
  if (file_name.size() < 4 + 1 + 1 + kSuffix.size() || !file_name.ends_with(kSuffix) ||
      file_name[4] != '_') {
    throw bad();
  }
  Migration m;
  for (std::size_t i = 0; i < 4; ++i) {
    if (file_name[i] < '0' || file_name[i] > '9')
      throw bad();
    m.version = m.version * 10 + (file_name[i] - '0');
  }
  m.name = std::string(file_name.substr(5, file_name.size() - 5 - kSuffix.size()));
  for (const char c : m.name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
      throw bad();
  }
  if (m.version == 0)
    throw bad();
  m.checksum = sha256_hex(sql);
  m.sql = std::move(sql);
  return m;
}

std::string ChecksumMismatch::message() const {
  return "migration " + format_id(version, name) + " was changed after it was applied (checksum " +
         short_checksum(database_checksum) + " in the database, " + short_checksum(build_checksum) +
         " in this build); restore the original file and add a new migration instead";
}

Migrator::Migrator(Database& db) : Migrator(db, embedded(db.backend())) {}

Migrator::Migrator(Database& db, std::vector<Migration> migrations)
    : db_(db), migrations_(std::move(migrations)) {
  std::sort(migrations_.begin(), migrations_.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (std::size_t i = 1; i < migrations_.size(); ++i) {
    if (migrations_[i].version == migrations_[i - 1].version) {
      throw MigrationError("two migrations have version " + std::to_string(migrations_[i].version) +
                           ": " + migrations_[i - 1].id() + " and " + migrations_[i].id());
    }
  }
}

std::vector<Migration> Migrator::embedded(Backend backend) {
  std::vector<Migration> migrations;
  for (const auto& file : embedded_migration_files(backend)) {
    migrations.push_back(Migration::from_file(file.name, std::string(file.content)));
  }
  return migrations;
}

MigrationStatus Migrator::status() {
  AppliedMap applied;
  const Backend backend = db_.backend();
  db_.run([&](soci::session& sql) {
    applied.clear();
    if (schema_table_exists(sql, backend))
      applied = read_applied(sql);
  });
  return compare(migrations_, applied);
}

void Migrator::verify() {
  refuse_mismatches(status());
}

std::vector<Migration> Migrator::apply_pending() {
  std::vector<Migration> done;
  const Backend backend = db_.backend();

  if (backend == Backend::mysql) {
    // One session holds the named lock for the whole run; BEGIN/COMMIT around it mean little
    // because MySQL commits each DDL statement, but transaction() never repeats the body.
    db_.transaction([&](soci::session& sql) {
      int locked = 0;
      soci::indicator locked_ind = soci::i_null;
      sql << "SELECT GET_LOCK('guildhall_migrate', " + std::to_string(kMysqlLockSeconds) + ")",
          soci::into(locked, locked_ind);
      if (locked_ind != soci::i_ok || locked != 1) {
        throw MigrationError("another process has been migrating this database for " +
                             std::to_string(kMysqlLockSeconds) +
                             " s; try again when it has finished");
      }
      try {
        sql << kMysqlSchemaTable;
        const MigrationStatus status = compare(migrations_, read_applied(sql));
        refuse_mismatches(status);
        for (const auto& migration : status.pending) {
          apply_one(sql, backend, migration);
          done.push_back(migration);
        }
      } catch (...) {
        try {
          sql << "DO RELEASE_LOCK('guildhall_migrate')";
        } catch (const soci::soci_error&) {
        }
        throw;
      }
      sql << "DO RELEASE_LOCK('guildhall_migrate')";
    });
    return done;
  }

  db_.transaction([&](soci::session& sql) { sql << kSqliteSchemaTable; });
  MigrationStatus status;
  db_.run([&](soci::session& sql) { status = compare(migrations_, read_applied(sql)); });
  refuse_mismatches(status);
  for (const auto& migration : status.pending) {
    bool applied_here = false;
    db_.transaction([&](soci::session& sql) {
      // Another process may have applied it since the status was read.
      long long already = 0;
      sql << "SELECT COUNT(*) FROM schema_migrations WHERE version = :version",
          soci::use(migration.version), soci::into(already);
      if (already > 0)
        return;
      apply_one(sql, backend, migration);
      applied_here = true;
    });
    if (applied_here)
      done.push_back(migration);
  }
  return done;
}

}  // namespace guildhall::db
