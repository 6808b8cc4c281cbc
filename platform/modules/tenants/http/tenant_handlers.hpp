// HTTP face of the tenants module: resolving the tenant of each request, and the public
// description of a tenant that the browser app draws its home page from.
#pragma once

#include "http/dispatcher.hpp"

namespace guildhall::http {
class Router;
}
namespace guildhall::tenancy {
class TenantRegistry;
}

namespace guildhall::tenants {

// Resolves `/api/v1/t/<slug>/…` to its tenant: 404 for an unknown slug, 503 for a tenant that
// cannot serve. Other paths get the tenant named by the Host header, if any.
http::Middleware tenant_middleware(const tenancy::TenantRegistry& registry);

void register_tenant_routes(http::Router& router, const tenancy::TenantRegistry& registry);

}  // namespace guildhall::tenants
