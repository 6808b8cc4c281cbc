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

// `verify_per_minute`: the public checks one client address may make a minute.
void register_certificate_routes(http::Router& router, CertificateService& certificates,
                                 const core::Clock& clock, int verify_per_minute);

}  // namespace guildhall::certificates
