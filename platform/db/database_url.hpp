// Where the database lives, parsed from the URL given on the command line or in the config.
//
//   auto url = DatabaseUrl::parse("mysql://guildhall:s%40cret@db.internal:3306/guildhall");
//   url.password;   // "s@cret"
//   url.redacted(); // "mysql://guildhall:***@db.internal:3306/guildhall", safe to log
//
// Accepted forms:
//   sqlite:///absolute/path/file.db      sqlite://relative/path/file.db
//   mysql://user[:password]@host[:port]/database[?unix_socket=/path/mysqld.sock]
//   (mariadb:// is a synonym of mysql://; user and password are percent-decoded; port 3306)
#pragma once

#include <string>
#include <string_view>

namespace guildhall::db {

enum class Backend { sqlite, mysql };

struct DatabaseUrl {
  Backend backend = Backend::sqlite;
  std::string path;  // sqlite only
  std::string host;
  int port = 0;
  std::string user;
  std::string password;
  std::string database;
  std::string unix_socket;  // mysql only; when set, host and port are ignored by the client

  // Throws std::invalid_argument naming what is wrong; the message never repeats the password.
  static DatabaseUrl parse(std::string_view url);

  // The URL with the password replaced by ***.
  std::string redacted() const;
};

}  // namespace guildhall::db
