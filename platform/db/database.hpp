// The connection pool every store uses. One Database per process, shared by the worker threads.
//
//   auto db = Database::open(DatabaseUrl::parse("sqlite:///var/lib/guildhall/guildhall.db"));
//   long long count = 0;
//   db->run([&](soci::session& sql) { sql << "SELECT COUNT(*) FROM tenants", soci::into(count); });
//   db->transaction([&](soci::session& sql) {
//     sql << "UPDATE platform_settings SET value = :v, updated_at = :t WHERE name = 'x'",
//         soci::use(value), soci::use(now_ms);
//   });
//
// Connections heal themselves: when the MySQL server dropped a connection (errors 2006, 2013,
// 2055: idle timeout, KILL, restart) the session is reopened before the error reaches the caller.
// run() then calls its function a second time, so a run() body must be safe to repeat: a read, or
// a write whose repetition changes nothing. transaction() never repeats a body that has started;
// it reopens the connection and throws Unavailable, and the caller (usually the client) retries.
//
// Never show soci::soci_error::what() to a user: it contains the SQL text. Unavailable is safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>

#include "db/database_url.hpp"

namespace soci {
class session;
}

namespace guildhall::db {

// The database cannot be reached now (no free connection within the lease timeout, the server
// is down, a connection was lost inside a transaction). HTTP maps it to 503 with Retry-After.
// The message names the database (redacted URL) and the reason, never SQL or a password.
class Unavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct DatabaseOptions {
  std::size_t pool_size = 8;
  // How long run()/transaction() wait for a free connection before throwing Unavailable.
  std::chrono::milliseconds lease_timeout{2000};
};

struct PoolStats {
  std::size_t size = 0;
  std::size_t in_use = 0;
  std::uint64_t leases = 0;
  std::uint64_t lease_timeouts = 0;
  std::uint64_t reconnects = 0;
};

class Database {
 public:
  // Opens one connection at once (so a wrong URL fails at start-up); the others open on first
  // use. SQLite: creates the file's folder. Throws Unavailable when no connection can be made.
  static std::shared_ptr<Database> open(const DatabaseUrl& url, DatabaseOptions options = {});

  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Backend backend() const;
  const DatabaseUrl& url() const;

  // Runs fn on a leased connection in autocommit mode; repeats fn once after a lost connection.
  void run(const std::function<void(soci::session&)>& fn);

  // Runs fn inside BEGIN … COMMIT (ROLLBACK when fn throws). Do not nest: SQLite refuses a
  // nested BEGIN and MySQL silently commits the outer transaction.
  void transaction(const std::function<void(soci::session&)>& fn);
  // transaction() for a body that is safe to run again from the start: when MySQL picks it as a
  // deadlock victim (or it times out waiting for a lock), it is rolled back and run again, up to
  // `attempts` times in all. Concurrent first uses of a counter row can deadlock on InnoDB.
  void repeatable_transaction(const std::function<void(soci::session&)>& fn, int attempts = 3);

  PoolStats stats() const;

  // True when a connection can be leased and answers a trivial query (for /readyz).
  bool ping() noexcept;

 private:
  class Impl;
  explicit Database(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace guildhall::db
