#include "modules/tenants/tenant_service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "core/clock.hpp"
#include "tenancy/tenant_loader.hpp"
#include "plugin_host/guarded_plugin.hpp"
#include "plugin_host/plugin_error.hpp"
#include "plugin_host/plugin_host.hpp"
#include "tenancy/tenant_directory.hpp"

namespace guildhall::tenants {

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

TenantService::TenantService(std::shared_ptr<TenantStore> store, plugin_host::PluginHost& plugins,
                             std::filesystem::path templates_root, const core::Clock& clock)
    : store_(std::move(store)),
      plugins_(plugins),
      templates_root_(std::move(templates_root)),
      clock_(clock) {}

std::vector<core::ConfigError> TenantService::check_plugins(
    const std::vector<std::shared_ptr<const tenancy::TenantConfig>>& tenants) const {
  std::vector<core::ConfigError> errors;
  for (const auto& tenant : tenants) {
    if (!tenant->plugin) {
      continue;
    }
    const auto& use = *tenant->plugin;
    try {
      auto plugin = plugins_.instantiate(use.name, tenant->slug);
      for (const auto& issue : plugin->configure(use.section)) {
        // The plugin names a key inside its section; the administrator reads the whole file.
        const std::string where =
            issue.path.empty() ? "plugin.config" : "plugin.config." + issue.path;
        errors.push_back(core::ConfigError{
            use.mark_of(issue.path),
            "plugin \"" + use.name + "\" refuses \"" + where + "\": " + issue.message});
      }
    } catch (const plugin_host::PluginError& e) {
      errors.push_back(core::ConfigError{use.name_mark, e.what()});
    }
  }
  return errors;
}

std::vector<core::ConfigError> TenantService::validate(
    const std::vector<std::filesystem::path>& paths,
    const std::set<std::string>& existing_slugs) const {
  tenancy::TenantCheckContext context{templates_root_,
                                   [this](std::string_view name) { return plugins_.exists(name); },
                                   existing_slugs};
  auto result = tenancy::load_tenants(paths, context);
  auto plugin_errors = check_plugins(result.tenants);
  result.errors.insert(result.errors.end(), plugin_errors.begin(), plugin_errors.end());
  return result.errors;
}

LoadReport TenantService::load(const std::vector<std::filesystem::path>& paths) {
  LoadReport report;
  const auto stored = store_->list();
  std::set<std::string> existing;
  std::map<std::string, std::string> stored_realms;
  for (const auto& s : stored) {
    existing.insert(s.slug);
    stored_realms[s.slug] = s.realm_slug;
  }
  tenancy::TenantCheckContext context{
      templates_root_, [this](std::string_view name) { return plugins_.exists(name); }, existing};
  auto result = tenancy::load_tenants(paths, context);
  report.errors = std::move(result.errors);
  auto plugin_errors = check_plugins(result.tenants);
  report.errors.insert(report.errors.end(), plugin_errors.begin(), plugin_errors.end());
  if (!report.errors.empty()) {
    return report;
  }
  const auto realms = tenancy::compute_realms(result.tenants);
  std::vector<StoredTenant> rows;
  for (const auto& t : result.tenants) {
    StoredTenant row;
    row.slug = t->slug;
    row.parent_slug = t->parent;
    // compute_realms leaves out a tenant whose parent is only in the database; that parent was
    // stored (or placed in stored_realms) before, since parents come first.
    if (const auto it = realms.find(t->slug); it != realms.end()) {
      row.realm_slug = it->second;
    } else {
      row.realm_slug = stored_realms.at(t->parent);
    }
    stored_realms[row.slug] = row.realm_slug;
    row.source_path = t->source_file;
    row.config_yaml = read_file(t->source_file);
    rows.push_back(std::move(row));
    report.loaded.push_back(t->slug);
  }
  store_->save(rows, clock_.now_ms());
  return report;
}

std::vector<StoredTenant> TenantService::list() const {
  return store_->list();
}

std::int64_t TenantService::generation() const {
  return store_->generation();
}

std::shared_ptr<const tenancy::TenantDirectory> TenantService::build_directory() const {
  const auto rows = store_->list();
  std::map<std::string, std::vector<std::string>> children;
  for (const auto& row : rows) {
    if (!row.parent_slug.empty()) {
      children[row.parent_slug].push_back(row.slug);
    }
  }
  std::vector<std::shared_ptr<const tenancy::Tenant>> tenants;
  for (const auto& row : rows) {
    auto parsed = tenancy::parse_tenant_text(row.config_yaml, row.source_path);
    if (!parsed.tenant) {
      // Only a change of the schema between versions can get here; the tenant must be reloaded.
      for (const auto& e : parsed.errors) {
        spdlog::error("stored tenant {} no longer valid: {}", row.slug, e.to_string());
      }
      continue;
    }
    auto tenant = std::make_shared<tenancy::Tenant>();
    tenant->config = parsed.tenant;
    tenant->realm = row.realm_slug;
    tenant->children = children[row.slug];
    std::sort(tenant->children.begin(), tenant->children.end());
    if (const auto& use = parsed.tenant->plugin) {
      try {
        tenant->plugin = plugins_.instantiate(use->name, row.slug);
        const auto issues = tenant->plugin->configure(use->section);
        if (!issues.empty()) {
          tenant->unavailable_reason =
              "plugin \"" + use->name + "\" refused its configuration: " + issues.front().message;
        }
      } catch (const plugin_host::PluginError& e) {
        tenant->unavailable_reason = e.what();
      }
      if (!tenant->unavailable_reason.empty()) {
        spdlog::error("tenant {} is unavailable: {}", row.slug, tenant->unavailable_reason);
      }
    }
    tenants.push_back(std::move(tenant));
  }
  return std::make_shared<const tenancy::TenantDirectory>(std::move(tenants));
}

}  // namespace guildhall::tenants
