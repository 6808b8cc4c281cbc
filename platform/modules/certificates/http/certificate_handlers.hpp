// HTTP routes of certificates: the member centre's (list, preview, confirm), the PDF, the
// admins' (list, issue, revoke, batches) and the public check a scanned QR code opens, as a page
// (/v/{tenant}/{number}) and as JSON (/api/v1/verify/{tenant}/{number}).
#pragma once

namespace guildhall::core {
class Clock;
}
namespace guildhall::http {
class Router;
}

namespace guildhall::certificates {

class CertificateService;

void register_certificate_routes(http::Router& router, CertificateService& certificates,
                                 const core::Clock& clock);

}  // namespace guildhall::certificates
