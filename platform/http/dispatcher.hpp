// Takes a parsed request through the middleware chain to its route, on the right thread.
//
//   Dispatcher d(router, pool);
//   d.use(request_id_middleware());     // outermost first
//   d.use(error_mapping_middleware({}));
//   d.dispatch(std::move(request), [&](Response r) { write(r); });
#pragma once

#include <functional>
#include <vector>

#include "http/router.hpp"

namespace guildhall::http {

class WorkerPool;

using Next = std::function<Response(Request&)>;
using Middleware = std::function<Response(Request&, const Next&)>;

class Dispatcher {
 public:
  Dispatcher(const Router& router, WorkerPool& pool);

  void use(Middleware middleware);
  // Answers GET and HEAD requests that no route matched: the web app and its assets.
  void set_fallback(Handler fallback);

  // `reply` is called exactly once, on an I/O thread or a worker thread.
  void dispatch(Request request, std::function<void(Response)> reply);

  // Runs the whole chain on the calling thread; for tests and for requests already on a worker.
  Response handle(Request& request) const;

 private:
  Response terminal(Request& request) const;

  const Router& router_;
  WorkerPool& pool_;
  std::vector<Middleware> middleware_;
  Handler fallback_;
};

}  // namespace guildhall::http
