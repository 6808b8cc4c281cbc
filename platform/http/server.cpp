#include "http/server.hpp"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/peer.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "http/dispatcher.hpp"
#include "http/middleware.hpp"
#include "http/problem.hpp"
#include "http/request_framing.hpp"

namespace guildhall::http {

namespace {

namespace PH = Pistache::Http;
using Clock = std::chrono::steady_clock;
using PeerPtr = std::shared_ptr<Pistache::Tcp::Peer>;

// One TCP connection as the server sees it. Requests on a connection are answered strictly one
// after another, so pipelined requests get their responses in order; bytes that arrive while a
// request is being handled wait in `pending`.
struct Connection {
  std::mutex mutex;
  std::weak_ptr<Pistache::Tcp::Peer> peer;
  std::string pending;
  std::optional<Clock::time_point> started;  // first byte of the request being received
  bool head_complete = false;
  bool continue_sent = false;
  bool busy = false;    // a request of this connection is being handled
  bool closed = false;  // the last response said `Connection: close`
  // Set when a body was refused (413) before it arrived: the rest of it is read and dropped for
  // a while, so that the client, still sending, reads the answer instead of a reset.
  std::optional<Clock::time_point> lingering_since;
  std::unique_ptr<PH::RequestParser> parser;
};

struct SharedState {
  Dispatcher* dispatcher = nullptr;
  ServerOptions options;
  std::atomic<std::size_t> in_flight{0};
  std::atomic<bool> draining{false};

  std::mutex connections_mutex;
  std::vector<std::weak_ptr<Connection>> connections;
};

const char* const kConnectionKey = "guildhall.connection";

std::string lower(std::string s) {
  for (auto& c : s) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return s;
}

std::string serialize(Response& response, bool head, bool close, const std::string& request_id) {
  apply_security_headers(response);
  std::string out;
  out.reserve(256 + response.body.size());
  out += "HTTP/1.1 ";
  out += std::to_string(response.status);
  out += ' ';
  out += reason_phrase(response.status);
  out += "\r\n";
  for (const auto& [name, value] : response.headers) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  if (!request_id.empty()) {
    out += "X-Request-Id: ";
    out += request_id;
    out += "\r\n";
  }
  out += close ? "Connection: close\r\n" : "Connection: keep-alive\r\n";
  const bool has_body = response.status != 204 && response.status != 304;
  if (has_body) {
    out += "Content-Length: ";
    out += std::to_string(response.body.size());
    out += "\r\n";
  }
  out += "\r\n";
  if (!head && has_body) {
    out += response.body;
  }
  return out;
}

// How long the rest of a refused body is read and dropped before the connection is cut.
constexpr std::chrono::seconds kLinger{5};

void write(const PeerPtr& peer, std::string bytes, bool close, bool linger = false) {
  const auto size = bytes.size();
  auto sent = peer->send(Pistache::RawBuffer(std::move(bytes), size));
  if (close && linger) {
    // Closing only our sending side: a client still uploading gets the answer and our FIN, and
    // what it keeps sending is read (and dropped) rather than answered with a reset, which
    // would destroy the answer before the client reads it.
    sent.then([peer](ssize_t) { ::shutdown(peer->fd(), SHUT_WR); },
              [peer](std::exception_ptr) { ::shutdown(peer->fd(), SHUT_RDWR); });
  } else if (close) {
    // Half-closing after the write lets Pistache see the end of the connection and release it
    // on its own thread; the fd stays Pistache's to close.
    sent.then([peer](ssize_t) { ::shutdown(peer->fd(), SHUT_RDWR); },
              [peer](std::exception_ptr) { ::shutdown(peer->fd(), SHUT_RDWR); });
  }
}

void write_problem(const PeerPtr& peer, int status, bool linger = false) {
  const std::string id = request_id_for(nullptr);
  Response r = problem_for_status(status, "zh-CN", "", id);
  write(peer, serialize(r, false, true, id), true, linger);
}

Request convert(const PH::Request& in, const PeerPtr& peer) {
  Request r;
  r.method = method_from(PH::methodString(in.method()));
  r.path = in.resource();
  std::string query = in.query().as_str();
  if (!query.empty() && query.front() == '?') {
    query.erase(0, 1);
  }
  r.query = std::move(query);
  for (const auto& h : in.headers().list()) {
    std::ostringstream value;
    h->write(value);
    r.headers.emplace_back(lower(h->name()), value.str());
  }
  for (const auto& [name, raw] : in.headers().rawList()) {
    r.headers.emplace_back(lower(name), raw.value());
  }
  r.body = in.body();
  r.http11 = in.version() == PH::Version::Http11;
  r.remote_address = peer->address().host();
  r.request_id = request_id_for(r.header("x-request-id"));
  return r;
}

bool wants_close(const Request& r) {
  const std::string* connection = r.header("connection");
  if (connection == nullptr) {
    return !r.http11;
  }
  const std::string value = lower(*connection);
  if (value.find("close") != std::string::npos) {
    return true;
  }
  return !r.http11 && value.find("keep-alive") == std::string::npos;
}

// Takes the next complete request off the connection, or answers why there is none that can be
// served. Called with the connection's mutex held.
std::optional<Request> next_request(Connection& c, const PeerPtr& peer, std::size_t max_bytes) {
  if (c.pending.empty()) {
    return std::nullopt;
  }
  if (!c.started) {
    c.started = Clock::now();
  }
  const RequestFraming framing = frame_request(c.pending, max_bytes);
  c.head_complete = framing.head_complete;
  if (framing.status == RequestFraming::Status::invalid) {
    c.closed = true;
    c.pending.clear();
    const bool linger = framing.error_status == 413;
    if (linger) {
      c.lingering_since = Clock::now();
    }
    write_problem(peer, framing.error_status, linger);
    return std::nullopt;
  }
  if (framing.status == RequestFraming::Status::incomplete) {
    if (framing.expects_continue && !c.continue_sent) {
      c.continue_sent = true;
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      peer->send(Pistache::RawBuffer(kContinue, kContinue.size()));
    }
    return std::nullopt;
  }
  // The framing is known to be sound; Pistache parses exactly this one request.
  if (!c.parser) {
    c.parser = std::make_unique<PH::RequestParser>(max_bytes + 1);
  }
  auto& parser = *c.parser;
  parser.reset();
  std::optional<Request> request;
  try {
    if (parser.feed(c.pending.data(), framing.total_length) &&
        parser.parse() == PH::Private::State::Done) {
      request = convert(parser.request, peer);
    }
  } catch (const std::exception&) {
    // A header value Pistache cannot read (a Cookie part without '=', a bad date, ...).
  }
  parser.reset();
  c.pending.erase(0, framing.total_length);
  c.started = c.pending.empty() ? std::nullopt : std::optional<Clock::time_point>(Clock::now());
  c.head_complete = false;
  c.continue_sent = false;
  if (!request) {
    c.closed = true;
    c.pending.clear();
    write_problem(peer, 400);
  }
  return request;
}

// The bytes the request at the start of `pending` may take, from its target once the request line
// is in; until then the default, which any request line fits.
std::size_t limit_for(const ServerOptions& options, std::string_view pending) {
  if (!options.request_limit) {
    return options.max_request_bytes;
  }
  const auto line_end = pending.find('\n');
  const auto first = pending.find(' ');
  if (line_end == std::string_view::npos || first == std::string_view::npos || first > line_end) {
    return options.max_request_bytes;
  }
  const auto second = pending.find(' ', first + 1);
  if (second == std::string_view::npos || second > line_end) {
    return options.max_request_bytes;
  }
  const std::size_t allowed = options.request_limit(pending.substr(first + 1, second - first - 1));
  return allowed == 0 ? options.max_request_bytes : std::min(allowed, options.max_upload_bytes);
}

// Serves the connection's complete requests, one at a time. A response produced on this thread
// lets the loop go on; one produced later on a worker thread calls pump() again from there.
void pump(const std::shared_ptr<SharedState>& state, const std::shared_ptr<Connection>& c) {
  for (;;) {
    const PeerPtr peer = c->peer.lock();
    if (!peer) {
      return;
    }
    std::optional<Request> request;
    {
      std::lock_guard lock(c->mutex);
      if (c->busy || c->closed) {
        return;
      }
      request = next_request(*c, peer, limit_for(state->options, c->pending));
      if (!request) {
        return;
      }
      c->busy = true;
    }
    const bool head = request->method == Method::head;
    const bool close = wants_close(*request) || state->draining.load();
    const std::string id = request->request_id;
    auto synchronous = std::make_shared<std::atomic<bool>>(true);
    state->in_flight.fetch_add(1);
    state->dispatcher->dispatch(std::move(*request),
                                [state, c, head, close, id, synchronous](Response response) {
                                  const bool closing = close || state->draining.load();
                                  if (auto p = c->peer.lock()) {
                                    write(p, serialize(response, head, closing, id), closing);
                                  }
                                  {
                                    std::lock_guard lock(c->mutex);
                                    c->busy = false;
                                    c->closed = c->closed || closing;
                                  }
                                  state->in_flight.fetch_sub(1);
                                  if (!synchronous->load()) {
                                    pump(state, c);
                                  }
                                });
    synchronous->store(false);
  }
}

std::shared_ptr<Connection> connection_of(const std::shared_ptr<SharedState>& state,
                                          const PeerPtr& peer) {
  if (auto data = peer->tryGetData(kConnectionKey)) {
    return std::static_pointer_cast<Connection>(data);
  }
  auto c = std::make_shared<Connection>();
  c->peer = peer;
  peer->putData(kConnectionKey, c);
  std::lock_guard lock(state->connections_mutex);
  state->connections.push_back(c);
  return c;
}

class Adapter final : public PH::Handler {
 public:
  HTTP_PROTOTYPE(Adapter)

  explicit Adapter(std::shared_ptr<SharedState> state) : state_(std::move(state)) {}

  // Requests arrive through onInput below; Pistache's own request path is not used.
  void onRequest(const PH::Request&, PH::ResponseWriter) override {}

 private:
  // Replaces Pistache's input handling: framing, limits and every answer are ours (see
  // request_framing.hpp and docs/adr/0001-layout-and-http-edge.md).
  void onInput(const char* buffer, size_t len, const PeerPtr& peer) override {
    try {
      // Pistache's own idle check measures from its parser's last reset; keep it as a backstop
      // behind our deadlines by resetting it on every arrival.
      getParser(peer)->reset();
      peer->setIdle(false);
      auto c = connection_of(state_, peer);
      {
        std::lock_guard lock(c->mutex);
        if (c->closed) {
          if (c->lingering_since && Clock::now() - *c->lingering_since > kLinger) {
            c->lingering_since.reset();
            ::shutdown(peer->fd(), SHUT_RDWR);
          }
          return;
        }
        c->pending.append(buffer, len);
      }
      pump(state_, c);
    } catch (const std::exception& e) {
      // Nothing above should throw; if it does, the connection ends but the process lives.
      spdlog::error("request handling failed: {}", e.what());
      write_problem(peer, 500);
    }
  }

  std::shared_ptr<SharedState> state_;
};

// Enforces the header and body deadlines with a problem+json 408, which Pistache's own timeout
// (a bare 408, measured from the previous response) cannot give.
class DeadlineWatcher {
 public:
  explicit DeadlineWatcher(std::shared_ptr<SharedState> state)
      : state_(std::move(state)), thread_([this] { run(); }) {}
  ~DeadlineWatcher() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::milliseconds(50), [this] { return stopping_; })) {
      sweep();
    }
  }

  void sweep() {
    const auto now = Clock::now();
    std::lock_guard lock(state_->connections_mutex);
    auto& all = state_->connections;
    for (auto it = all.begin(); it != all.end();) {
      auto c = it->lock();
      const auto peer = c ? c->peer.lock() : nullptr;
      if (!peer) {
        it = all.erase(it);
        continue;
      }
      ++it;
      std::lock_guard connection_lock(c->mutex);
      if (c->busy || c->closed || !c->started) {
        continue;
      }
      const auto limit =
          c->head_complete ? state_->options.body_timeout : state_->options.header_timeout;
      if (now - *c->started > limit) {
        c->closed = true;
        c->pending.clear();
        write_problem(peer, 408);
      }
    }
  }

  std::shared_ptr<SharedState> state_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace

struct Server::Impl {
  std::shared_ptr<SharedState> state = std::make_shared<SharedState>();
  std::unique_ptr<Pistache::Http::Endpoint> endpoint;
  std::unique_ptr<DeadlineWatcher> watcher;
};

Server::Server(ServerOptions options, Dispatcher& dispatcher) : impl_(std::make_unique<Impl>()) {
  impl_->state->options = std::move(options);
  impl_->state->dispatcher = &dispatcher;
}

Server::~Server() {
  if (impl_->endpoint) {
    impl_->endpoint->shutdown();
  }
}

void Server::start() {
  const auto& o = impl_->state->options;
  Pistache::Address address(o.host, Pistache::Port(o.port));
  impl_->endpoint = std::make_unique<Pistache::Http::Endpoint>(address);
  // Pistache's timeouts only back ours up (DeadlineWatcher), so they are the longest of all.
  const auto backstop =
      std::max({o.header_timeout, o.body_timeout, o.keepalive_timeout}) + std::chrono::seconds(5);
  auto opts = Pistache::Http::Endpoint::options()
                  .threads(static_cast<int>(o.io_threads))
                  .threadsName("gh-io")
                  .flags(Pistache::Tcp::Options::ReuseAddr)
                  .maxRequestSize(std::max(o.max_request_bytes, o.max_upload_bytes) + 1)
                  .maxResponseSize(64 << 20)
                  .headerTimeout(backstop)
                  .bodyTimeout(backstop)
                  .keepaliveTimeout(o.keepalive_timeout);
  impl_->endpoint->init(opts);
  impl_->endpoint->setHandler(std::make_shared<Adapter>(impl_->state));
  try {
    impl_->endpoint->serveThreaded();
  } catch (const std::exception& e) {
    impl_->endpoint.reset();
    throw std::runtime_error("cannot listen on " + o.host + ":" + std::to_string(o.port) + ": " +
                             e.what());
  }
  impl_->watcher = std::make_unique<DeadlineWatcher>(impl_->state);
}

std::uint16_t Server::port() const {
  return impl_->endpoint ? static_cast<std::uint16_t>(impl_->endpoint->getPort()) : 0;
}

void Server::shutdown(std::chrono::milliseconds grace) {
  if (!impl_->endpoint) {
    return;
  }
  impl_->state->draining.store(true);
  const auto start = Clock::now();
  // Keep-alive clients learn from `Connection: close` on their next response that they must
  // reconnect; give them a moment to finish, then wait for whatever is still in flight.
  const auto settle = start + std::chrono::milliseconds(250);
  for (;;) {
    const auto now = Clock::now();
    if (now - start >= grace) {
      spdlog::warn("shutdown: {} request(s) still in flight after {} ms",
                   impl_->state->in_flight.load(), grace.count());
      break;
    }
    if (now >= settle && impl_->state->in_flight.load() == 0) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  impl_->watcher.reset();
  impl_->endpoint->shutdown();
  impl_->endpoint.reset();
}

std::size_t Server::in_flight() const {
  return impl_->state->in_flight.load();
}

}  // namespace guildhall::http
