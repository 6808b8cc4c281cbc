// Who is making a request: the signed-in account, its realm and its roles, as the session
// middleware found them. Handlers and services read it from `http::Request::principal`; it is
// immutable and lives as long as the request that holds it.
//
//   if (!request.principal || !request.principal->holds(Role::tenant_admin, "med")) ...
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace guildhall::identity {

enum class Role { member, reviewer, tenant_admin, platform_admin };

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

// The tenant a platform-wide role is held on.
inline constexpr std::string_view kPlatformTenant = "*";

struct RoleGrant {
  std::string tenant;  // a tenant slug, or kPlatformTenant for platform_admin
  Role role = Role::member;

  friend bool operator==(const RoleGrant&, const RoleGrant&) = default;
};

struct Principal {
  std::string account_id;
  std::string realm;       // slug of the root tenant whose account namespace it belongs to
  std::string session_id;  // the public id of the session (never the secret cookie value)
  std::vector<RoleGrant> roles;
  bool is_platform_admin = false;
  // Set for accounts created with a one-time password: everything but changing it is refused.
  bool must_change_password = false;

  // Held on exactly that tenant (no inheritance; the service resolves subtrees).
  bool holds(Role role, std::string_view tenant) const {
    for (const auto& g : roles) {
      if (g.role == role && g.tenant == tenant) {
        return true;
      }
    }
    return false;
  }
  // Holds tenant_admin anywhere, or platform_admin.
  bool is_admin() const {
    if (is_platform_admin) {
      return true;
    }
    for (const auto& g : roles) {
      if (g.role == Role::tenant_admin) {
        return true;
      }
    }
    return false;
  }
};

}  // namespace guildhall::identity
