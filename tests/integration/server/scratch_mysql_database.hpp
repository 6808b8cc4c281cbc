// A database of its own on the shared MariaDB test server, created empty and dropped at scope
// exit, so that a server test never races another test's migrations or tenants.
#pragma once

#include <string>

namespace guildhall::testing {

class ScratchMysqlDatabase {
 public:
  // `server_url` is mysql://user:pass@host:port/db; the scratch database is named db_srv_<n>.
  explicit ScratchMysqlDatabase(const std::string& server_url);
  ~ScratchMysqlDatabase();
  ScratchMysqlDatabase(const ScratchMysqlDatabase&) = delete;
  ScratchMysqlDatabase& operator=(const ScratchMysqlDatabase&) = delete;

  const std::string& url() const { return url_; }

 private:
  std::string server_url_;
  std::string name_;
  std::string url_;
};

}  // namespace guildhall::testing
