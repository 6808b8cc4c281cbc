#include "http/middleware.hpp"

#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "http/metrics.hpp"
#include "http/problem.hpp"

namespace guildhall::http {

namespace {

// Control characters in a logged path could forge log lines.
std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

Middleware locale_middleware() {
  return [](Request& request, const Next& next) {
    const std::string* accept = request.header("accept-language");
    if (accept != nullptr) {
      const auto en = accept->find("en");
      const auto zh = accept->find("zh");
      // The first language listed wins; q-values are rarely used to reorder these two.
      request.locale =
          (en != std::string::npos && (zh == std::string::npos || en < zh)) ? "en" : "zh-CN";
    }
    return next(request);
  };
}

Middleware observe_middleware(Metrics& metrics, bool access_log) {
  return [&metrics, access_log](Request& request, const Next& next) {
    Response response = next(request);
    const auto latency = std::chrono::steady_clock::now() - request.received_at;
    const std::string& route =
        request.route_pattern.empty()
            ? (response.status == 404 ? std::string("(unmatched)") : std::string("(static)"))
            : request.route_pattern;
    metrics.record(route, to_string(request.method), response.status, latency);
    if (access_log) {
      // The path is logged without the query string, which may carry personal data.
      spdlog::info("{} {} {} {} {}us id={}", request.remote_address, to_string(request.method),
                   printable(request.path), response.status,
                   std::chrono::duration_cast<std::chrono::microseconds>(latency).count(),
                   request.request_id);
    }
    return response;
  };
}

Middleware error_mapping_middleware(std::vector<ErrorTranslator> translators) {
  return [translators = std::move(translators)](Request& request, const Next& next) {
    try {
      return next(request);
    } catch (const core::AppError& e) {
      return problem_response(e, request.locale, request.path, request.request_id);
    } catch (const std::exception& e) {
      for (const auto& translate : translators) {
        if (auto mapped = translate(e)) {
          return problem_response(*mapped, request.locale, request.path, request.request_id);
        }
      }
      spdlog::error("unhandled error in {} {} id={}: {}", to_string(request.method),
                    request.route_pattern, request.request_id, e.what());
    } catch (...) {
      spdlog::error("unhandled non-standard exception in {} {} id={}", to_string(request.method),
                    request.route_pattern, request.request_id);
    }
    return problem_for_status(500, request.locale, request.path, request.request_id);
  };
}

void apply_security_headers(Response& response) {
  // Element Plus sets inline styles, hence 'unsafe-inline' for styles only.
  response.set_header("Content-Security-Policy",
                      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                      "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
                      "object-src 'none'; base-uri 'self'; form-action 'self'; "
                      "frame-ancestors 'none'");
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("X-Frame-Options", "DENY");
  response.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
  response.set_header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  response.set_header("Cross-Origin-Opener-Policy", "same-origin");
}

std::string request_id_for(const std::string* client_value) {
  if (client_value != nullptr && !client_value->empty() && client_value->size() <= 64 &&
      std::all_of(client_value->begin(), client_value->end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
      })) {
    return *client_value;
  }
  unsigned char bytes[12];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    return "unknown";
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(sizeof bytes * 2);
  for (unsigned char b : bytes) {
    id.push_back(kHex[b >> 4]);
    id.push_back(kHex[b & 0xf]);
  }
  return id;
}

}  // namespace guildhall::http
