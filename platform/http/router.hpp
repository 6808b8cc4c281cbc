// Routes of the HTTP API and pages. Each route is registered with its documentation, so the
// OpenAPI description is generated from the same table the dispatcher uses and cannot drift.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"

namespace guildhall::http {

using Handler = std::function<Response(Request&)>;

// Where a handler runs. Only handlers that never block (no database, no disk, no plugin
// calls that may) run on Pistache's I/O threads; everything else goes to the worker pool.
enum class Execution { io_thread, worker };

struct RouteDoc {
  std::string summary;
  std::string tag;
  std::vector<int> responses;  // status codes the route documents, besides problem+json errors
  std::string response_content_type = "application/json";
  bool in_openapi = true;  // false only for non-API routes such as /metrics
};

struct Route {
  Method method;
  std::string pattern;  // "/api/v1/t/{slug}/tenant"
  Execution execution;
  RouteDoc doc;
  Handler handler;
  std::vector<std::string> segments;
};

struct RouteMatch {
  const Route* route = nullptr;
  std::vector<std::pair<std::string, std::string>> params;
  std::vector<Method> allowed;  // methods of routes whose pattern matched, for 405 and OPTIONS
};

class Router {
 public:
  void add(Method method, std::string pattern, Execution execution, RouteDoc doc, Handler handler);

  // HEAD is answered by the GET route of the same path (without a body).
  RouteMatch match(Method method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace guildhall::http
