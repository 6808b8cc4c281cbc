// HTTP face of the organisation registry (contract: /work/notes/forms-api.md, "Organisations";
// mirrored in the OpenAPI document). Handlers only parse, call OrganisationService and serialise.
//
//   GET  /api/v1/t/{slug}/organisations?q=&page=&page_size=     signed in (the tenant's realm)
//   GET  /api/v1/t/{slug}/organisations/{id}                    merged ones answer their survivor
//   POST /api/v1/t/{slug}/admin/organisations                   201 the new item
//   PUT  /api/v1/t/{slug}/admin/organisations/{id}              200 the item
//   POST /api/v1/t/{slug}/admin/organisations/{id}/merge        {"into": id} → 200 the survivor
//   POST /api/v1/t/{slug}/admin/organisations/import            {"rows": [...], "dry_run": bool}
//
//   organisations::register_organisation_routes(router, organisation_service);
#pragma once

namespace guildhall::http {
class Router;
}

namespace guildhall::organisations {

class OrganisationService;

void register_organisation_routes(http::Router& router, OrganisationService& service);

}  // namespace guildhall::organisations
