// The rules for tenant configuration: what makes a set of tenant.yaml files acceptable (schema,
// tree, templates, and each plugin accepting its section), storing accepted files, and building
// the snapshot that requests read.
#pragma once

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/source_mark.hpp"
#include "modules/tenants/tenant_store.hpp"

namespace guildhall::core {
class Clock;
}  // namespace guildhall::core
namespace guildhall::plugin_host {
class PluginHost;
}
namespace guildhall::tenancy {
struct TenantConfig;
class TenantDirectory;
}

namespace guildhall::tenants {

struct LoadReport {
  std::vector<core::ConfigError> errors;  // nothing was stored when not empty
  std::vector<std::string> loaded;        // slugs, parents first
};

class TenantService {
 public:
  // `store` may be null for validation without a database.
  TenantService(std::shared_ptr<TenantStore> store, plugin_host::PluginHost& plugins,
                std::filesystem::path templates_root, const core::Clock& clock);

  // Every problem in the files, each with file, line and column. `existing_slugs` are tenants
  // that may serve as parents without being among the files.
  std::vector<core::ConfigError> validate(const std::vector<std::filesystem::path>& paths,
                                          const std::set<std::string>& existing_slugs) const;

  // Validates against the stored tenants, then stores all files or none.
  LoadReport load(const std::vector<std::filesystem::path>& paths);

  std::vector<StoredTenant> list() const;
  std::int64_t generation() const;

  // A snapshot of the stored tenants with their plugins instantiated and configured. A tenant
  // whose plugin fails is included, marked unavailable with the reason.
  std::shared_ptr<const tenancy::TenantDirectory> build_directory() const;

 private:
  std::vector<core::ConfigError> check_plugins(
      const std::vector<std::shared_ptr<const tenancy::TenantConfig>>& tenants) const;

  std::shared_ptr<TenantStore> store_;
  plugin_host::PluginHost& plugins_;
  std::filesystem::path templates_root_;
  const core::Clock& clock_;
};

}  // namespace guildhall::tenants
