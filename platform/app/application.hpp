// The composition root: the one place where the platform's parts are built and wired together,
// in one explicit list. Each CLI subcommand asks it for what it needs.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "app/server_config.hpp"

namespace guildhall::db {
class Database;
}
namespace guildhall::plugin_host {
class PluginHost;
}
namespace guildhall::tenants {
class TenantService;
}

namespace guildhall::app {

class Application {
 public:
  explicit Application(ServerConfig config);
  ~Application();

  const ServerConfig& config() const { return config_; }

  // Opened on first use; throws db::Unavailable when the database cannot be reached.
  db::Database& database();
  plugin_host::PluginHost& plugins();
  // `with_database` false gives a service that can validate but not load or list.
  tenants::TenantService& tenant_service(bool with_database = true);

  // Serves until SIGTERM or SIGINT; SIGHUP reloads the tenants. Returns the exit code.
  int serve();

 private:
  ServerConfig config_;
  std::shared_ptr<db::Database> database_;
  std::unique_ptr<plugin_host::PluginHost> plugins_;
  std::unique_ptr<tenants::TenantService> tenant_service_;
};

}  // namespace guildhall::app
