#include "modules/identity/http/session_middleware.hpp"

#include <algorithm>
#include <cctype>

#include "core/errors.hpp"
#include "http/router.hpp"
#include "modules/identity/identity_service.hpp"
#include "modules/identity/principal.hpp"
#include "modules/identity/secrets.hpp"

namespace guildhall::identity {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

bool changes_state(http::Method m) {
  return m == http::Method::post || m == http::Method::put || m == http::Method::patch ||
         m == http::Method::del;
}

}  // namespace

std::optional<std::string> cookie_value(const http::Request& request, std::string_view name) {
  for (const auto& [header, value] : request.headers) {
    if (header != "cookie") {
      continue;
    }
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto end = rest.find(';');
      const std::string_view part = trim(rest.substr(0, end));
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      const auto eq = part.find('=');
      if (eq != std::string_view::npos && trim(part.substr(0, eq)) == name) {
        return std::string(trim(part.substr(eq + 1)));
      }
    }
  }
  return std::nullopt;
}

std::string origin_of(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    return {};
  }
  const auto path = url.find('/', scheme_end + 3);
  std::string out(url.substr(0, path));
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

http::Middleware csrf_middleware(const http::Router& router, std::string public_url) {
  return [&router, origin = origin_of(public_url)](http::Request& request, const http::Next& next) {
    // A request that matches no route changes nothing; it gets its 404 or 405 instead.
    if (changes_state(request.method) &&
        router.match(request.method, request.path).route != nullptr) {
      const auto fail = [] {
        return core::AppError(
            core::ErrorKind::forbidden, "csrf_failed",
            {"请求校验失败，请刷新页面后重试。",
             "The request could not be verified; reload the page and try again."});
      };
      const std::string* token = request.header("x-csrf-token");
      const auto cookie = cookie_value(request, kCsrfCookie);
      if (token == nullptr || !cookie || cookie->size() < 32 || !equal_secrets(*token, *cookie)) {
        throw fail();
      }
      if (const std::string* sent = request.header("origin")) {
        if (origin_of(*sent + "/") != origin) {
          throw fail();
        }
      }
    }
    return next(request);
  };
}

http::Middleware session_middleware(const http::Router& router, IdentityService& service) {
  return [&router, &service](http::Request& request, const http::Next& next) {
    const auto match = router.match(request.method, request.path);
    if (match.route != nullptr && match.route->execution == http::Execution::worker) {
      if (const auto token = cookie_value(request, kSessionCookie)) {
        request.principal = service.authenticate(*token);
      }
    }
    return next(request);
  };
}

const Principal& signed_in(const http::Request& request) {
  if (!request.principal) {
    throw core::AppError(core::ErrorKind::unauthenticated, "unauthenticated",
                         {"请先登录。", "Please sign in."});
  }
  return *request.principal;
}

}  // namespace guildhall::identity
