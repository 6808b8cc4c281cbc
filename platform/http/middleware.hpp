// The middleware the composition root chains in front of every route, outermost first:
// locale → observe (metrics, access log) → error mapping → (module middleware, e.g. tenant).
#pragma once

#include <exception>
#include <functional>
#include <optional>
#include <vector>

#include "core/errors.hpp"
#include "http/dispatcher.hpp"

namespace guildhall::http {

class Metrics;

// Chooses zh-CN or en from Accept-Language; zh-CN unless English is preferred.
Middleware locale_middleware();

// Records every request in `metrics` and, when `access_log` is set, writes one log line.
Middleware observe_middleware(Metrics& metrics, bool access_log);

// Lets a lower layer's exception (a database outage, a failing plugin) become a typed error
// without the HTTP layer knowing that layer. Returns nullopt for exceptions it does not know.
using ErrorTranslator = std::function<std::optional<core::AppError>(const std::exception&)>;

// Turns every exception into problem+json. Unknown exceptions become a bare 500: their text is
// logged with the request id and never sent.
Middleware error_mapping_middleware(std::vector<ErrorTranslator> translators);

// CSP, nosniff, frame-ancestors, Referrer-Policy: set on every response the server writes.
void apply_security_headers(Response& response);

// A request id from the client is kept when it is short and plain; otherwise a new one.
std::string request_id_for(const std::string* client_value);

}  // namespace guildhall::http
