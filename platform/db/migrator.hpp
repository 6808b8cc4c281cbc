// Brings the schema up to date from the versioned SQL files of migrations/<backend>/, which are
// compiled into the binary. Each applied migration is recorded in schema_migrations with the
// SHA-256 of its file; a file changed after it was applied is refused, never re-run.
//
//   Migrator migrator(*db);
//   for (const auto& m : migrator.apply_pending()) std::cout << "applied " << m.id() << '\n';
//   bool ready = migrator.status().current();   // for /readyz
//
// Atomicity: on SQLite each migration runs in one transaction with its schema_migrations row, so
// it is applied entirely or not at all. MySQL commits every DDL statement at once; there the
// statements run one by one and the row is written after the last one, so a migration that fails
// half-way leaves its first statements applied and unrecorded (the error says which). Write
// MySQL migrations so that each file does one thing, or make its statements re-runnable.
//
// Concurrent migrators (two processes starting at once) are serialised: MySQL through
// GET_LOCK('guildhall_migrate'), SQLite through its write lock and the primary key of
// schema_migrations.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"

namespace guildhall::db {

struct Migration {
  int version = 0;
  std::string name;      // "init"
  std::string checksum;  // SHA-256 of sql, 64 lowercase hex digits
  std::string sql;

  // "0001_init", as in the file name; used in every message.
  std::string id() const;

  // From a file name "NNNN_lower_snake.sql" and its content; throws std::invalid_argument.
  static Migration from_file(std::string_view file_name, std::string sql);
};

struct ChecksumMismatch {
  int version = 0;
  std::string name;
  std::string database_checksum;
  std::string build_checksum;

  // "migration 0001_init was changed after it was applied (…); restore the original file …"
  std::string message() const;
};

struct MigrationStatus {
  std::size_t applied = 0;
  std::vector<Migration> pending;
  std::vector<ChecksumMismatch> mismatches;
  // Applied in the database but absent from this build (a newer build migrated it): "0007_x".
  std::vector<std::string> unknown;

  bool current() const { return pending.empty() && mismatches.empty() && unknown.empty(); }
};

// A migration cannot be applied, or the database does not match this build. The message is
// meant for the operator running `guildhall migrate` or reading the start-up log; it may quote
// SQL, so it is never sent to HTTP clients.
class MigrationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Migrator {
 public:
  // Uses the migrations compiled into this binary for db.backend().
  explicit Migrator(Database& db);
  // Uses the given migrations instead (tests).
  Migrator(Database& db, std::vector<Migration> migrations);

  // The migrations compiled into this binary, ordered by version.
  static std::vector<Migration> embedded(Backend backend);

  // Applies every pending migration in version order and returns them (empty when up to date).
  // Throws MigrationError, before applying anything, when an applied migration's checksum
  // differs from this build's or the database has migrations this build does not know.
  std::vector<Migration> apply_pending();

  // Compares the database with this build without changing anything (no exception for a
  // mismatch: it is reported). Throws Unavailable when the database cannot be reached.
  MigrationStatus status();

  // Throws MigrationError when status() shows a changed or unknown migration (start-up check
  // of a server that does not migrate by itself).
  void verify();

  const std::vector<Migration>& migrations() const { return migrations_; }

 private:
  Database& db_;
  std::vector<Migration> migrations_;
};

}  // namespace guildhall::db
