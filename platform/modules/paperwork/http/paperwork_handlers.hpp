// HTTP routes of printable forms: GET …/applications/{id}/form.pdf and form.xlsx.
#pragma once

namespace guildhall::http {
class Router;
}

namespace guildhall::paperwork {

class PaperworkService;

void register_paperwork_routes(http::Router& router, const PaperworkService& paperwork);

}  // namespace guildhall::paperwork
