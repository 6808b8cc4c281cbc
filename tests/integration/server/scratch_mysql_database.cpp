#include "scratch_mysql_database.hpp"

#include <soci/soci.h>
#include <unistd.h>

#include <atomic>
#include <stdexcept>

#include "db/database.hpp"
#include "db/database_url.hpp"

namespace guildhall::testing {

namespace {

void run_sql(const std::string& server_url, const std::string& statement) {
  const auto admin = db::Database::open(db::DatabaseUrl::parse(server_url),
                                        db::DatabaseOptions{1, std::chrono::milliseconds(5000)});
  admin->run([&](soci::session& sql) { sql << statement; });
}

}  // namespace

ScratchMysqlDatabase::ScratchMysqlDatabase(const std::string& server_url)
    : server_url_(server_url) {
  const auto parsed = db::DatabaseUrl::parse(server_url);
  const auto slash = server_url.rfind('/');
  if (parsed.database.empty() || slash == std::string::npos ||
      server_url.compare(slash + 1, parsed.database.size(), parsed.database) != 0) {
    throw std::invalid_argument("the MariaDB test URL must end with /<database>");
  }
  static std::atomic<int> counter{0};
  name_ = parsed.database + "_srv_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
  url_ = server_url.substr(0, slash + 1) + name_ +
         server_url.substr(slash + 1 + parsed.database.size());
  run_sql(server_url_, "CREATE DATABASE `" + name_ + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
}

ScratchMysqlDatabase::~ScratchMysqlDatabase() {
  try {
    run_sql(server_url_, "DROP DATABASE IF EXISTS `" + name_ + "`");
  } catch (const std::exception&) {
    // A leftover scratch database only costs disk space in the test server's folder.
  }
}

}  // namespace guildhall::testing
