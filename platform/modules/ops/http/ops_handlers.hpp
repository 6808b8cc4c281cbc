// Operator endpoints: liveness, readiness, metrics and the API description. They learn about
// the database through plain functions so that this module depends on no store.
#pragma once

#include <functional>
#include <string>

namespace guildhall::http {
class Router;
class Metrics;
}  // namespace guildhall::http

namespace guildhall::ops {

struct Readiness {
  std::function<bool()> database_reachable;
  std::function<bool()> migrations_current;
};

void register_ops_routes(http::Router& router, http::Metrics& metrics, Readiness readiness,
                         std::string version);

}  // namespace guildhall::ops
