#include "modules/ops/http/ops_handlers.hpp"

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "http/metrics.hpp"
#include "http/openapi.hpp"
#include "http/router.hpp"

namespace guildhall::ops {

void register_ops_routes(http::Router& router, http::Metrics& metrics, Readiness readiness,
                         std::string version) {
  using http::Execution;
  using http::Method;
  using http::Response;

  router.add(Method::get, "/healthz", Execution::io_thread,
             {"Liveness: the process answers", "operations", {200}},
             [](http::Request&) { return Response::json(200, R"({"status":"ok"})"); });

  router.add(
      Method::get, "/readyz", Execution::worker,
      {"Readiness: the database answers and its schema is current", "operations", {200, 503}},
      [readiness = std::move(readiness)](http::Request&) {
        const bool database = readiness.database_reachable();
        const bool schema = database && readiness.migrations_current();
        nlohmann::json body = {{"status", database && schema ? "ready" : "not ready"},
                               {"database", database ? "ok" : "unreachable"},
                               {"migrations", schema ? "current" : "pending or unknown"}};
        Response r = Response::json(database && schema ? 200 : 503, body.dump());
        if (r.status == 503) {
          r.set_header("Retry-After", "5");
        }
        return r;
      });

  router.add(Method::get, "/metrics", Execution::io_thread,
             {"Prometheus metrics", "operations", {200}, "text/plain", false},
             [&metrics](http::Request&) {
               return Response::text(200, metrics.render(), "text/plain; version=0.0.4");
             });

  // Built on first use, when every module has registered its routes.
  auto cache = std::make_shared<std::pair<std::once_flag, std::string>>();
  router.add(Method::get, "/api/v1/openapi.json", Execution::io_thread,
             {"This API's OpenAPI 3.1 description", "operations", {200}},
             [&router, cache, version](http::Request&) {
               std::call_once(cache->first,
                              [&] { cache->second = http::openapi_document(router, version); });
               Response r = Response::json(200, cache->second);
               return r;
             });
}

}  // namespace guildhall::ops
