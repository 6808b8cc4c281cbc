// The request and response every handler sees. They carry no Pistache types, so handlers and
// their tests do not depend on the HTTP library; platform/http/server.cpp converts at the edge.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace guildhall::tenancy {
struct Tenant;
}
namespace guildhall::identity {
struct Principal;
}

namespace guildhall::http {

enum class Method { get, head, post, put, patch, del, options, other };

std::string_view to_string(Method m);
Method method_from(std::string_view text);

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Request {
  Method method = Method::get;
  std::string path;    // as received, not percent-decoded
  std::string query;   // without the '?'
  HeaderList headers;  // names in lower case
  std::string body;
  std::string remote_address;
  bool http11 = true;
  std::chrono::steady_clock::time_point received_at = std::chrono::steady_clock::now();

  // Filled in while the request travels through the router and the middleware.
  std::string route_pattern;
  std::vector<std::pair<std::string, std::string>> path_params;  // percent-decoded
  std::string request_id;
  std::string locale = "zh-CN";
  std::shared_ptr<const tenancy::Tenant> tenant;
  // The signed-in account, set by the identity module's session middleware; null when anonymous.
  std::shared_ptr<const identity::Principal> principal;

  const std::string* header(std::string_view lower_name) const;
  const std::string& param(std::string_view name) const;
  std::optional<std::string> query_param(std::string_view name) const;
};

struct Response {
  int status = 200;
  HeaderList headers;
  std::string body;

  void set_header(std::string name, std::string value);
  const std::string* header(std::string_view name) const;

  static Response json(int status, std::string body);
  // JSON about one signed-in person (their applications, a tenant's members): never cached.
  static Response private_json(int status, std::string body);
  static Response text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
};

// The percent-decoded value of `name` in a raw query string ("a=1&b=x%20y"), if present; what
// Request::query_param reads, for callers that hold only a request target.
std::optional<std::string> query_value(std::string_view query, std::string_view name);

// A Content-Disposition value ("attachment" or "inline") naming `file_name`, which may be
// Chinese: RFC 8187's filename*= encoding.
std::string content_disposition(std::string_view kind, std::string_view file_name);

// Query strings encode a space as '+'; paths do not.
std::string percent_decode(std::string_view in, bool plus_as_space);

}  // namespace guildhall::http
