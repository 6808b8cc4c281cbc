#include "modules/paperwork/http/paperwork_handlers.hpp"

#include "http/router.hpp"
#include "modules/identity/http/session_middleware.hpp"
#include "modules/identity/principal.hpp"
#include "modules/paperwork/paperwork_service.hpp"
#include "tenancy/tenant.hpp"

namespace guildhall::paperwork {
namespace {

constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

http::Response download(std::string body, const std::string& type, const std::string& name) {
  http::Response response;
  response.body = std::move(body);
  response.set_header("Content-Type", type);
  response.set_header("Content-Disposition", http::content_disposition("attachment", name));
  response.set_header("Cache-Control", "private, no-store");
  return response;
}

}  // namespace

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
               return download(
                   paperwork.application_pdf(*request.tenant, identity::signed_in(request), id),
                   "application/pdf", "申请表-" + id + ".pdf");
             });
  router.add(http::Method::get, "/api/v1/t/{slug}/applications/{id}/form.xlsx",
             http::Execution::worker,
             {"The same form as an Excel workbook, where the kind's `print` lists xlsx",
              "applications",
              {200},
              kXlsx},
             [&paperwork](http::Request& request) {
               const std::string id = request.param("id");
               return download(
                   paperwork.application_xlsx(*request.tenant, identity::signed_in(request), id),
                   kXlsx, "申请表-" + id + ".xlsx");
             });
}

}  // namespace guildhall::paperwork
