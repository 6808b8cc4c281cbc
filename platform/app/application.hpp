// The composition root: the one place where the platform's parts are built and wired together,
// in one explicit list. Each CLI subcommand asks it for what it needs.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/server_config.hpp"

namespace guildhall::db {
class Database;
}
namespace guildhall::plugin_host {
class PluginHost;
}
namespace guildhall::privacy {
class KeyRing;
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
  // The one data-protection key ring (app/pii_keys.hpp), loaded or created on first use; every
  // module that encrypts or indexes personal data gets this pointer:
  //   privacy::FieldCipher cipher(app.pii_keys());  privacy::BlindIndex index(app.pii_keys());
  // Throws std::invalid_argument or core::AppError when the keys are unusable.
  std::shared_ptr<const privacy::KeyRing> pii_keys();
  // `with_database` false gives a service that can validate but not load or list.
  tenants::TenantService& tenant_service(bool with_database = true);

  // For each of the stored tenants `slugs` whose folder has an organisations.csv, imports it into
  // the tenant's registry if that is still empty; then, likewise, its legacy-members.csv (the old
  // system's roster) into an empty roster. One line per tenant and file says what happened;
  // throws organisations::SeedFileError or documents::CsvError for an unreadable file.
  std::vector<std::string> seed(const std::vector<std::string>& slugs);

  // Serves until SIGTERM or SIGINT; SIGHUP reloads the tenants. Returns the exit code.
  int serve();

 private:
  ServerConfig config_;
  std::shared_ptr<db::Database> database_;
  std::unique_ptr<plugin_host::PluginHost> plugins_;
  std::shared_ptr<const privacy::KeyRing> pii_keys_;
  std::unique_ptr<tenants::TenantService> tenant_service_;
};

}  // namespace guildhall::app
