// The forms, regions and profile routes (docs/architecture.md, "Forms and profiles"): thin
// translations between HTTP and FormService / ProfileService.
#pragma once

namespace guildhall::http {
class Router;
}

namespace guildhall::profiles {

class FormService;
class ProfileService;

void register_profile_routes(http::Router& router, const FormService& forms,
                             const ProfileService& profiles);

}  // namespace guildhall::profiles
