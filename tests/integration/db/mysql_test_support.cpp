#include "mysql_test_support.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <soci/soci.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

namespace guildhall::db::testing {
namespace {

int free_tcp_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    throw std::runtime_error("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t length = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

// Our own paths and numbers only, so single quotes are enough.
std::string shell_quote(const std::string& text) {
  return "'" + text + "'";
}

}  // namespace

std::optional<DatabaseUrl> test_mysql_url() {
  const char* value = std::getenv("GUILDHALL_TEST_MYSQL_URL");
  if (value == nullptr || *value == '\0')
    return std::nullopt;
  return DatabaseUrl::parse(value);
}

ScratchMysqlDatabase::ScratchMysqlDatabase(const DatabaseUrl& server)
    : server_(server), url_(server) {
  static std::atomic<int> counter{0};
  url_.database =
      server.database + "_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
  const auto admin = Database::open(server_, DatabaseOptions{1, std::chrono::milliseconds(5000)});
  admin->run([&](soci::session& sql) {
    sql << "CREATE DATABASE `" + url_.database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
  });
}

ScratchMysqlDatabase::~ScratchMysqlDatabase() {
  try {
    const auto admin = Database::open(server_, DatabaseOptions{1, std::chrono::milliseconds(5000)});
    admin->run(
        [&](soci::session& sql) { sql << "DROP DATABASE IF EXISTS `" + url_.database + "`"; });
  } catch (const std::exception&) {
    // A leftover scratch database is harmless; the private server folder is thrown away.
  }
}

PrivateMariadbServer::PrivateMariadbServer() : port_(free_tcp_port()) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "guildhall-mariadb-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr)
    throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
}

PrivateMariadbServer::~PrivateMariadbServer() {
  try {
    stop();
  } catch (const std::exception&) {
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void PrivateMariadbServer::script(const std::string& call) const {
  const std::string library = std::string(GUILDHALL_SOURCE_DIR) + "/scripts/lib/mariadb.sh";
  const std::string command =
      "bash -c " + shell_quote("source \"$0\" && " + call) + " " + shell_quote(library);
  if (std::system(command.c_str()) != 0) {
    throw std::runtime_error("failed: " + call + " (see " + dir_.string() + "/mariadbd.log)");
  }
}

void PrivateMariadbServer::start() {
  script("mariadb_start " + dir_.string() + " " + std::to_string(port_));
  running_ = true;
}

void PrivateMariadbServer::stop() {
  if (!running_)
    return;
  running_ = false;
  script("mariadb_stop " + dir_.string());
}

DatabaseUrl PrivateMariadbServer::url() const {
  return DatabaseUrl::parse("mysql://guildhall:guildhall-test@127.0.0.1:" + std::to_string(port_) +
                            "/guildhall_test");
}

}  // namespace guildhall::db::testing
