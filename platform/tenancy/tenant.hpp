// A tenant as requests see it: its validated configuration, its place in the tree and its
// plugin instance. Immutable; a configuration reload builds new ones.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tenancy/tenant_config.hpp"

namespace guildhall::plugin_host {
class GuardedPlugin;
}

namespace guildhall::tenancy {

struct Tenant {
  std::shared_ptr<const TenantConfig> config;
  std::string realm;                                   // slug of the root of this tenant's tree
  std::vector<std::string> children;                   // slugs of direct children, in slug order
  std::shared_ptr<plugin_host::GuardedPlugin> plugin;  // null when the tenant names none
  // Set when the tenant cannot serve (its plugin failed to load or refused its section); the
  // tenant then answers 503 while every other tenant keeps working.
  std::string unavailable_reason;

  const std::string& slug() const { return config->slug; }
  bool available() const { return unavailable_reason.empty(); }
};

}  // namespace guildhall::tenancy
