// The HTTP server: Pistache underneath, our Request/Response above. This is the only place
// that knows Pistache. It takes parsing, keep-alive, size limits, timeouts and error answers
// away from Pistache's defaults (see docs/architecture.md, "HTTP edge").
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace guildhall::http {

class Dispatcher;

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port; see Server::port()
  std::size_t io_threads = 2;
  std::size_t max_request_bytes = 1 << 20;  // headers and body together
  // Routes that take files (uploads) may allow more, per request: given the request target
  // ("/api/v1/t/med/uploads?form=…"), the bytes allowed for that request, or 0 for the default
  // above. Asked as soon as the request line is in, so an oversized Content-Length is refused
  // with 413 before the body is read. Never above max_upload_bytes.
  std::function<std::size_t(std::string_view target)> request_limit;
  std::size_t max_upload_bytes = 64 << 20;
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds keepalive_timeout{60'000};
};

class Server {
 public:
  Server(ServerOptions options, Dispatcher& dispatcher);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving on background threads; throws std::runtime_error when the
  // address cannot be bound.
  void start();
  std::uint16_t port() const;

  // Graceful stop: every response from now on closes its connection; waits until the requests
  // in flight are answered (at most `grace`), then stops the I/O threads.
  void shutdown(std::chrono::milliseconds grace);

  std::size_t in_flight() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace guildhall::http
