// The identity module's middleware, chained after tenant resolution:
//   csrf_middleware     refuses a state-changing request without the double-submit token
//                       (X-CSRF-Token equal to the gh_csrf cookie) or with a foreign Origin: 403
//                       `csrf_failed`;
//   session_middleware  sets request.principal from the gh_session cookie, for routes that run on
//                       the worker pool (the lookup reads the database; I/O-thread routes never
//                       need a principal).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/dispatcher.hpp"

namespace guildhall::identity {

class IdentityService;
struct Principal;

inline constexpr std::string_view kSessionCookie = "gh_session";
inline constexpr std::string_view kCsrfCookie = "gh_csrf";

http::Middleware csrf_middleware(const http::Router& router, std::string public_url);
http::Middleware session_middleware(const http::Router& router, IdentityService& service);

// The request's signed-in account; throws the 401 `unauthenticated` problem when there is none.
// What every handler that needs an account calls first.
const Principal& signed_in(const http::Request& request);

// The value of one cookie of the request, if present.
std::optional<std::string> cookie_value(const http::Request& request, std::string_view name);

// "scheme://host[:port]" of a URL, lower case; what an Origin header is compared with.
std::string origin_of(std::string_view url);

}  // namespace guildhall::identity
