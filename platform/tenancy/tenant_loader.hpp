// Loads tenants from tenant.yaml files into immutable TenantConfig snapshots and checks them, alone
// and together: the schema of each file, then what only the whole set can tell (slug matches its
// folder, no slug or host used twice, parents exist, no cycles) and what the installation provides
// (certificate templates, plugins). Every problem is a ConfigError with file, line and column.
//
//   TenantCheckContext context{source_dir / "templates",
//                              [&](std::string_view name) { return host.has_plugin(name); },
//                              store.slugs()};
//   TenantLoadResult result = load_tenants({source_dir / "tenants"}, context);
//   for (const ConfigError& e : result.errors) std::cerr << e.to_string() << '\n';
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/source_mark.hpp"
#include "tenancy/tenant_config.hpp"

namespace guildhall::tenancy {

using core::ConfigError;

struct TenantCheckContext {
  // Folder that certificate_template paths are relative to; empty skips the check.
  std::filesystem::path templates_root;
  // Whether a plugin of that name is installed; empty skips the check.
  std::function<bool(std::string_view)> plugin_exists;
  // Tenants known already (e.g. from the database): valid parents for the files being loaded.
  std::set<std::string> existing_slugs;
};

struct TenantParseResult {
  // Null when there are errors.
  std::shared_ptr<const TenantConfig> tenant;
  std::vector<ConfigError> errors;
};

// Checks one file's text against the schema alone (no folder, parent, template or plugin checks).
// `source_name` is the file name used in marks.
TenantParseResult parse_tenant_text(std::string_view yaml, std::string source_name);

struct TenantLoadResult {
  // The tenants without errors whose parents are valid too, parents before children, so they can
  // be stored in order. A broken tenant leaves out its subtree, never the other tenants.
  std::vector<std::shared_ptr<const TenantConfig>> tenants;
  // In file order, then position.
  std::vector<ConfigError> errors;

  bool ok() const { return errors.empty(); }
};

// Each path is a tenant.yaml file (any file name), a tenant folder holding tenant.yaml, or a folder
// of tenant folders such as tenants/. Never throws on bad input.
TenantLoadResult load_tenants(const std::vector<std::filesystem::path>& paths,
                              const TenantCheckContext& context);

// Each tenant's realm: slug -> slug of the root of its tree. Tenants whose chain of parents leaves
// `tenants` (a parent known only to the database) or loops are left out.
std::map<std::string, std::string> compute_realms(
    const std::vector<std::shared_ptr<const TenantConfig>>& tenants);

}  // namespace guildhall::tenancy
