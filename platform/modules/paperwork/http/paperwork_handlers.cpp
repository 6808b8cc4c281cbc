#include "modules/paperwork/http/paperwork_handlers.hpp"

#include "http/router.hpp"
#include "modules/identity/http/session_middleware.hpp"
#include "modules/identity/principal.hpp"
#include "modules/paperwork/paperwork_service.hpp"
#include "tenancy/tenant.hpp"

namespace guildhall::paperwork {

void register_paperwork_routes(http::Router& router, const PaperworkService& paperwork) {
  router.add(http::Method::get, "/api/v1/t/{slug}/applications/{id}/form.pdf",
             http::Execution::worker,
             {"The application as a printable form (A4 PDF) with boxes for the applicant's "
              "signature and the employer's stamp; for the applicant and its reviewers",
              "applications",
              {200},
              "application/pdf"},
             [&paperwork](http::Request& request) {
               const std::string id = request.param("id");
               http::Response response;
               response.body =
                   paperwork.application_pdf(*request.tenant, identity::signed_in(request), id);
               response.set_header("Content-Type", "application/pdf");
               response.set_header("Content-Disposition",
                                   http::content_disposition("attachment", "申请表-" + id + ".pdf"));
               response.set_header("Cache-Control", "private, no-store");
               return response;
             });
}

}  // namespace guildhall::paperwork
