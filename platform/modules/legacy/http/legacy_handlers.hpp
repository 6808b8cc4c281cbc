// The HTTP face of the old roster: its import and list for admins (/api/v1/t/{slug}/admin/
// legacy-members…) and what the signed-in account is on it (/api/v1/t/{slug}/legacy/me).
#pragma once

namespace guildhall::http {
class Router;
}

namespace guildhall::legacy {

class LegacyService;

void register_legacy_routes(http::Router& router, const LegacyService& legacy);

}  // namespace guildhall::legacy
