#include "db/database.hpp"

#include <soci/connection-parameters.h>
#include <soci/connection-pool.h>
#include <soci/mysql/soci-mysql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <atomic>
#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

namespace guildhall::db {
namespace {

// MySQL client errors after which the session is dead but a new one may work: the server has
// gone away (2006: idle timeout, KILL, restart), lost connection during a query (2013, 2055),
// connection killed (MariaDB 1927), and cannot connect (2002, 2003) when the client library had
// tried to reconnect on its own.
bool is_connection_lost(const soci::soci_error& error) {
  if (const auto* mysql_error = dynamic_cast<const soci::mysql_soci_error*>(&error)) {
    switch (mysql_error->err_num_) {
      case 1927:
      case 2002:
      case 2003:
      case 2006:
      case 2013:
      case 2055:
        return true;
      default:
        break;
    }
  }
  return error.get_error_category() == soci::soci_error::connection_error;
}

// InnoDB chose the transaction as a deadlock victim (1213) or gave up waiting for a lock (1205):
// it was rolled back whole, and running it again is what the server asks for.
bool is_lost_race(const soci::soci_error& error) {
  const auto* mysql_error = dynamic_cast<const soci::mysql_soci_error*>(&error);
  return mysql_error != nullptr && (mysql_error->err_num_ == 1213 || mysql_error->err_num_ == 1205);
}

// Values in SOCI's MySQL connect string are quoted with '…' and use backslash escapes.
std::string quote(const std::string& value) {
  std::string out = "'";
  for (const char c : value) {
    if (c == '\'' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "'";
}

soci::connection_parameters connection_parameters_for(const DatabaseUrl& url) {
  if (url.backend == Backend::sqlite) {
    // busy_timeout and the other pragmas are set per connection in configure_session().
    return soci::connection_parameters(soci::sqlite3, "db=" + url.path);
  }
  std::string connect = "db=" + quote(url.database) + " user=" + quote(url.user);
  if (!url.password.empty())
    connect += " password=" + quote(url.password);
  if (url.unix_socket.empty()) {
    connect += " host=" + quote(url.host) + " port=" + std::to_string(url.port);
  } else {
    connect += " unix_socket=" + quote(url.unix_socket);
  }
  // Without a connect timeout a lease would hang on an unreachable host for minutes.
  connect += " charset=utf8mb4 connect_timeout=5";
  return soci::connection_parameters(soci::mysql, connect);
}

void configure_session(soci::session& sql, Backend backend) {
  if (backend == Backend::sqlite) {
    // busy_timeout first: switching to WAL needs a lock another connection may hold.
    sql << "PRAGMA busy_timeout=5000";
    std::string mode;
    sql << "PRAGMA journal_mode=WAL", soci::into(mode);
    if (mode != "wal") {
      throw soci::soci_error("the SQLite file refused WAL journaling (journal_mode is " + mode +
                             ")");
    }
    sql << "PRAGMA synchronous=FULL";
    sql << "PRAGMA foreign_keys=ON";
    return;
  }
  // UTC so that NOW() and friends agree with the epoch milliseconds the code stores; binary
  // collation so that string comparison is byte-wise as on SQLite; strict mode so that a value
  // too long for its column is an error instead of a silent truncation; PIPES_AS_CONCAT so that
  // || concatenates on both engines.
  sql << "SET time_zone = '+00:00'";
  sql << "SET NAMES utf8mb4 COLLATE utf8mb4_bin";
  sql << "SET SESSION sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ZERO_DATE,"
         "NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION,PIPES_AS_CONCAT'";
  sql << "SET SESSION default_storage_engine = InnoDB";
}

}  // namespace

class Database::Impl {
 public:
  Impl(DatabaseUrl url, DatabaseOptions options)
      : url_(std::move(url)),
        options_(options),
        parameters_(connection_parameters_for(url_)),
        pool_(options.pool_size),
        slots_(options.pool_size) {}

  // One leased pool slot. Only the holder touches the slot's session and its Slot;
  // the pool's own mutex orders successive holders.
  class Lease {
   public:
    explicit Lease(Impl& impl) : impl_(impl) {
      const auto timeout = static_cast<int>(impl_.options_.lease_timeout.count());
      if (!impl_.pool_.try_lease(pos_, timeout)) {
        ++impl_.lease_timeouts_;
        throw Unavailable("database " + impl_.url_.redacted() + " is unavailable: all " +
                          std::to_string(impl_.options_.pool_size) +
                          " connections stayed busy for " + std::to_string(timeout) + " ms");
      }
      ++impl_.leases_;
      ++impl_.in_use_;
      if (!impl_.slots_[pos_].connected) {
        try {
          connect();
        } catch (...) {
          release();
          throw;
        }
      }
    }
    ~Lease() { release(); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

    soci::session& session() { return impl_.pool_.at(pos_); }

    // Replaces a dead connection; throws Unavailable when the server cannot be reached.
    void reconnect() {
      impl_.slots_[pos_].connected = false;
      connect();
    }

   private:
    // Counts as a reconnect only when the slot had been connected before, so that the lazy first
    // opening of each slot does not look like trouble in the statistics.
    void connect() {
      Slot& slot = impl_.slots_[pos_];
      if (slot.ever_connected)
        ++impl_.reconnects_;
      soci::session& sql = session();
      try {
        sql.close();
        sql.open(impl_.parameters_);
        configure_session(sql, impl_.url_.backend);
      } catch (const soci::soci_error& e) {
        sql.close();
        // Connection errors carry the client library's reason (host, refused, access denied),
        // never SQL or the password.
        throw Unavailable("database " + impl_.url_.redacted() +
                          " is unavailable: cannot connect: " + e.get_error_message());
      }
      slot.connected = true;
      slot.ever_connected = true;
    }

    void release() {
      if (released_)
        return;
      released_ = true;
      --impl_.in_use_;
      impl_.pool_.give_back(pos_);
    }

    Impl& impl_;
    std::size_t pos_ = 0;
    bool released_ = false;
  };

  Unavailable lost_connection(std::string_view during) const {
    return Unavailable("database " + url_.redacted() + " is unavailable: the connection was lost " +
                       std::string(during));
  }

  DatabaseUrl url_;
  DatabaseOptions options_;
  soci::connection_parameters parameters_;
  soci::connection_pool pool_;
  // Not std::vector<bool>: its packed bits would make neighbouring slots share a byte, and two
  // threads holding two slots would race.
  struct Slot {
    bool connected = false;
    bool ever_connected = false;
  };
  std::vector<Slot> slots_;
  std::atomic<std::size_t> in_use_{0};
  std::atomic<std::uint64_t> leases_{0};
  std::atomic<std::uint64_t> lease_timeouts_{0};
  std::atomic<std::uint64_t> reconnects_{0};
};

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Database::~Database() = default;

std::shared_ptr<Database> Database::open(const DatabaseUrl& url, DatabaseOptions options) {
  if (options.pool_size == 0) {
    throw std::invalid_argument("the database pool size must be at least 1");
  }
  if (url.backend == Backend::sqlite) {
    const auto folder = std::filesystem::path(url.path).parent_path();
    std::error_code ec;
    if (!folder.empty())
      std::filesystem::create_directories(folder, ec);
    if (ec) {
      throw Unavailable("database " + url.redacted() +
                        " is unavailable: cannot create the folder " + folder.string() + ": " +
                        ec.message());
    }
  }
  std::shared_ptr<Database> db(new Database(std::make_unique<Impl>(url, options)));
  // Connects one slot now so that a wrong path, host or password fails at start-up.
  Impl::Lease first(*db->impl_);
  return db;
}

Backend Database::backend() const {
  return impl_->url_.backend;
}

const DatabaseUrl& Database::url() const {
  return impl_->url_;
}

void Database::run(const std::function<void(soci::session&)>& fn) {
  Impl::Lease lease(*impl_);
  try {
    fn(lease.session());
    return;
  } catch (const soci::soci_error& e) {
    if (!is_connection_lost(e))
      throw;
  }
  lease.reconnect();
  try {
    fn(lease.session());
  } catch (const soci::soci_error& e) {
    if (!is_connection_lost(e))
      throw;
    lease.reconnect();
    throw impl_->lost_connection("twice in a row");
  }
}

void Database::transaction(const std::function<void(soci::session&)>& fn) {
  Impl::Lease lease(*impl_);
  soci::session& sql = lease.session();
  // SQLite in WAL mode does not wait when a deferred transaction that has read tries to write
  // while another connection writes: it fails at once with "database is locked". IMMEDIATE takes
  // the write lock at BEGIN, where busy_timeout applies. COMMIT/ROLLBACK stay soci's own.
  const auto begin = [this](soci::session& s) {
    if (impl_->url_.backend == Backend::sqlite) {
      s << "BEGIN IMMEDIATE";
    } else {
      s.begin();
    }
  };
  // Nothing has run yet when BEGIN fails, so a connection the server dropped while it sat idle
  // in the pool is replaced and BEGIN tried once more instead of failing the caller.
  try {
    begin(sql);
  } catch (const soci::soci_error& e) {
    if (!is_connection_lost(e))
      throw;
    lease.reconnect();
    try {
      begin(sql);
    } catch (const soci::soci_error& again) {
      if (!is_connection_lost(again))
        throw;
      lease.reconnect();
      throw impl_->lost_connection("twice in a row");
    }
  }
  try {
    fn(sql);
    sql.commit();
  } catch (const soci::soci_error& e) {
    if (is_connection_lost(e)) {
      // The server rolls back an open transaction when its connection dies; whether a COMMIT
      // that lost its answer took effect is unknown, which the message says.
      try {
        lease.reconnect();
      } catch (const Unavailable&) {
      }
      throw impl_->lost_connection(
          "during a transaction; it was rolled back or its commit is unconfirmed");
    }
    try {
      sql.rollback();
    } catch (const soci::soci_error&) {
    }
    throw;
  } catch (...) {
    try {
      sql.rollback();
    } catch (const soci::soci_error&) {
    }
    throw;
  }
}

void Database::repeatable_transaction(const std::function<void(soci::session&)>& fn, int attempts) {
  for (int attempt = 1;; ++attempt) {
    try {
      transaction(fn);
      return;
    } catch (const soci::soci_error& e) {
      if (!is_lost_race(e) || attempt >= attempts) {
        throw;
      }
    }
  }
}

PoolStats Database::stats() const {
  return PoolStats{impl_->options_.pool_size, impl_->in_use_.load(), impl_->leases_.load(),
                   impl_->lease_timeouts_.load(), impl_->reconnects_.load()};
}

bool Database::ping() noexcept {
  try {
    int one = 0;
    run([&](soci::session& sql) { sql << "SELECT 1", soci::into(one); });
    return one == 1;
  } catch (...) {
    return false;
  }
}

}  // namespace guildhall::db
