// The schema of tenant.yaml, for the loader: unlike parse_tenant_text() it keeps a tenant that has
// errors, so that the checks across files still run on whatever could be read (its slug, parent).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/source_mark.hpp"
#include "tenancy/tenant_config.hpp"

namespace guildhall::tenancy {

using core::ConfigError;

struct ParsedTenant {
  TenantConfig config;
  std::vector<ConfigError> errors;
};

ParsedTenant parse_tenant(std::string_view yaml, const std::string& source_name);

}  // namespace guildhall::tenancy
