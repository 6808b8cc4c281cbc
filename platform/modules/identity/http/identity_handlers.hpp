// HTTP face of the identity module (docs: /work/notes/accounts-api.md, mirrored in the OpenAPI
// document): sign-up, sign-in, sessions, password resets, and the admin endpoints for accounts,
// roles and the audit log. Handlers only parse, call IdentityService and serialise.
//
//   identity::register_identity_routes(router, identity_service, registry);
//   dispatcher.use(identity::csrf_middleware(router, config.public_url));
//   dispatcher.use(identity::session_middleware(router, identity_service));
#pragma once

namespace guildhall::http {
class Router;
}
namespace guildhall::tenancy {
class TenantRegistry;
}

namespace guildhall::identity {

class IdentityService;

void register_identity_routes(http::Router& router, IdentityService& service,
                              const tenancy::TenantRegistry& registry);

}  // namespace guildhall::identity
