#include "http/dispatcher.hpp"

#include <memory>

#include "http/problem.hpp"
#include "http/worker_pool.hpp"

namespace guildhall::http {

namespace {

std::string allow_header(const std::vector<Method>& methods) {
  std::string out;
  bool has_get = false;
  for (Method m : methods) {
    out += out.empty() ? "" : ", ";
    out += to_string(m);
    has_get = has_get || m == Method::get;
  }
  if (has_get) {
    out += ", HEAD";
  }
  return out + ", OPTIONS";
}

}  // namespace

Dispatcher::Dispatcher(const Router& router, WorkerPool& pool) : router_(router), pool_(pool) {}

void Dispatcher::use(Middleware middleware) {
  middleware_.push_back(std::move(middleware));
}

void Dispatcher::set_fallback(Handler fallback) {
  fallback_ = std::move(fallback);
}

Response Dispatcher::terminal(Request& request) const {
  const RouteMatch match = router_.match(request.method, request.path);
  if (match.route != nullptr) {
    request.route_pattern = match.route->pattern;
    request.path_params = match.params;
    return match.route->handler(request);
  }
  if (!match.allowed.empty()) {
    if (request.method == Method::options) {
      Response r;
      r.status = 204;
      r.set_header("Allow", allow_header(match.allowed));
      return r;
    }
    Response r = problem_for_status(405, request.locale, request.path, request.request_id);
    r.set_header("Allow", allow_header(match.allowed));
    return r;
  }
  if ((request.method == Method::get || request.method == Method::head) && fallback_) {
    return fallback_(request);
  }
  return problem_for_status(404, request.locale, request.path, request.request_id);
}

Response Dispatcher::handle(Request& request) const {
  // Each middleware receives the rest of the chain as `next`.
  std::function<Response(std::size_t, Request&)> step = [&](std::size_t i, Request& r) {
    if (i == middleware_.size()) {
      return terminal(r);
    }
    return middleware_[i](r, [&step, i](Request& inner) { return step(i + 1, inner); });
  };
  return step(0, request);
}

void Dispatcher::dispatch(Request request, std::function<void(Response)> reply) {
  const RouteMatch match = router_.match(request.method, request.path);
  const bool needs_worker = match.route != nullptr && match.route->execution == Execution::worker;
  if (!needs_worker) {
    reply(handle(request));
    return;
  }
  auto shared = std::make_shared<std::pair<Request, std::function<void(Response)>>>(
      std::move(request), std::move(reply));
  const bool accepted = pool_.try_submit([this, shared] {
    auto& [req, done] = *shared;
    done(handle(req));
  });
  if (!accepted) {
    auto& [req, done] = *shared;
    Response r = problem_for_status(503, req.locale, req.path, req.request_id);
    r.set_header("Retry-After", "1");
    done(std::move(r));
  }
}

}  // namespace guildhall::http
