// HTTP routes of certificates: the member centre's (list, preview, confirm), the PDF, the
// admins' (list, issue, revoke, batches) and the public check a scanned QR code opens, as a page
// (/v/{tenant}/{number}) and as JSON (/api/v1/verify/{tenant}/{number}).
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace guildhall::core {
class Clock;
}
namespace guildhall::http {
class Router;
}

namespace guildhall::certificates {

class CertificateService;
struct Verification;

// The check of a number printed before the platform (the old system's certificates carry no
// signature of ours): asked when a check comes without one; nullopt for an unknown number.
using OldNumberCheck = std::function<std::optional<Verification>(const std::string& tenant,
                                                                 const std::string& number)>;

// `verify_per_minute`: the public checks one client address may make a minute.
void register_certificate_routes(http::Router& router, CertificateService& certificates,
                                 const core::Clock& clock, int verify_per_minute,
                                 OldNumberCheck old_numbers);

}  // namespace guildhall::certificates
