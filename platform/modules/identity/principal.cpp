#include "modules/identity/principal.hpp"

namespace guildhall::identity {

std::string_view to_string(Role role) {
  switch (role) {
    case Role::member:
      return "member";
    case Role::reviewer:
      return "reviewer";
    case Role::tenant_admin:
      return "tenant_admin";
    case Role::platform_admin:
      return "platform_admin";
  }
  return "member";
}

std::optional<Role> parse_role(std::string_view text) {
  for (Role r : {Role::member, Role::reviewer, Role::tenant_admin, Role::platform_admin}) {
    if (to_string(r) == text) {
      return r;
    }
  }
  return std::nullopt;
}

}  // namespace guildhall::identity
