// What the MariaDB tests share: the server's URL from the environment (scripts/test starts the
// server and sets GUILDHALL_TEST_MYSQL_URL), scratch databases, and a private server of its own
// for the tests that stop and restart one.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "db/database.hpp"
#include "db/database_url.hpp"

namespace guildhall::db::testing {

// The URL of the shared test server, or nullopt when the variable is unset or empty.
std::optional<DatabaseUrl> test_mysql_url();

// A database guildhall_test_<unique> created on the shared server and dropped at scope exit,
// so that a test sees a schema no other test has touched.
class ScratchMysqlDatabase {
 public:
  explicit ScratchMysqlDatabase(const DatabaseUrl& server);
  ~ScratchMysqlDatabase();
  ScratchMysqlDatabase(const ScratchMysqlDatabase&) = delete;
  ScratchMysqlDatabase& operator=(const ScratchMysqlDatabase&) = delete;

  const DatabaseUrl& url() const { return url_; }

 private:
  DatabaseUrl server_;
  DatabaseUrl url_;
};

// A mariadbd of the test's own, in a temp folder, driven through scripts/lib/mariadb.sh.
class PrivateMariadbServer {
 public:
  PrivateMariadbServer();   // picks a free port; does not start
  ~PrivateMariadbServer();  // stops the server and removes the folder
  PrivateMariadbServer(const PrivateMariadbServer&) = delete;
  PrivateMariadbServer& operator=(const PrivateMariadbServer&) = delete;

  void start();  // throws std::runtime_error when the script fails
  void stop();
  DatabaseUrl url() const;

 private:
  void script(const std::string& call) const;

  std::filesystem::path dir_;
  int port_ = 0;
  bool running_ = false;
};

}  // namespace guildhall::db::testing
