#include "http/server.hpp"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/peer.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <atomic>
#include <cstring>
#include <stdexcept>
#include <thread>

#include "http/dispatcher.hpp"
#include "http/middleware.hpp"
#include "http/problem.hpp"

namespace guildhall::http {

namespace {

namespace PH = Pistache::Http;

struct SharedState {
  Dispatcher* dispatcher = nullptr;
  std::size_t max_request_bytes = 0;
  std::atomic<std::size_t> in_flight{0};
  std::atomic<bool> draining{false};
};

const char* const kContinueSent = "guildhall.continue_sent";

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
  if (response.status != 204 && response.status != 304) {
    out += "Content-Length: ";
    out += std::to_string(response.body.size());
    out += "\r\n";
  }
  out += "\r\n";
  if (!head && response.status != 204 && response.status != 304) {
    out += response.body;
  }
  return out;
}

void write(const std::shared_ptr<Pistache::Tcp::Peer>& peer, std::string bytes, bool close) {
  const auto size = bytes.size();
  auto sent = peer->send(Pistache::RawBuffer(std::move(bytes), size));
  if (close) {
    // Half-closing after the write lets Pistache see the end of the connection and release it
    // on its own thread; the fd stays Pistache's to close.
    sent.then([peer](ssize_t) { ::shutdown(peer->fd(), SHUT_RDWR); },
              [peer](std::exception_ptr) { ::shutdown(peer->fd(), SHUT_RDWR); });
  }
}

void write_problem(const std::shared_ptr<Pistache::Tcp::Peer>& peer, int status) {
  const std::string id = request_id_for(nullptr);
  Response r = problem_for_status(status, "zh-CN", "", id);
  write(peer, serialize(r, false, true, id), true);
}

std::string lower(std::string s) {
  for (auto& c : s) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return s;
}

Request convert(const PH::Request& in, const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
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

std::size_t announced_length(const PH::Request& request) {
  const auto length = request.headers().tryGet<PH::Header::ContentLength>();
  return length ? length->value() : 0;
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

class Adapter final : public PH::Handler {
 public:
  HTTP_PROTOTYPE(Adapter)

  explicit Adapter(std::shared_ptr<SharedState> state) : state_(std::move(state)) {}

  // Requests arrive through onInput below; Pistache's own request path is not used.
  void onRequest(const PH::Request&, PH::ResponseWriter) override {}

  void onTimeout(const PH::Request&, PH::ResponseWriter writer) override {
    const std::string id = request_id_for(nullptr);
    Response r = problem_for_status(408, "zh-CN", "", id);
    apply_security_headers(r);
    for (const auto& [name, value] : r.headers) {
      if (name != "Content-Type") {
        writer.headers().addRaw(PH::Header::Raw(name, value));
      }
    }
    writer.headers().addRaw(PH::Header::Raw("X-Request-Id", id));
    writer.send(PH::Code::Request_Timeout, r.body,
                Pistache::Http::Mime::MediaType("application/problem+json"));
  }

 private:
  // Replaces Pistache's handler so that every answer, including parse errors, is ours:
  // problem+json instead of exception text, keep-alive for HTTP/1.1, 100-continue answered.
  void onInput(const char* buffer, size_t len,
               const std::shared_ptr<Pistache::Tcp::Peer>& peer) override {
    auto parser = getParser(peer);
    try {
      if (!parser->feed(buffer, len)) {
        const bool in_body = parser->step()->id() == PH::Private::BodyStep::Id;
        parser->reset();
        write_problem(peer, in_body ? 413 : 431);
        return;
      }
      if (parser->parse() != PH::Private::State::Done) {
        // Pistache waits forever for a request line it cannot parse, and reads a body of any
        // announced length before checking it; answer both at once instead.
        const auto step = parser->step()->id();
        if (step == PH::Private::RequestLineStep::Id && std::memchr(buffer, '\n', len) != nullptr) {
          parser->reset();
          write_problem(peer, 400);
        } else if (step == PH::Private::BodyStep::Id &&
                   announced_length(parser->request) > state_->max_request_bytes) {
          parser->reset();
          write_problem(peer, 413);
        } else {
          answer_expect_continue(*parser, peer);
        }
        return;
      }
    } catch (const PH::HttpError& e) {
      parser->reset();
      write_problem(peer, e.code() >= 400 && e.code() < 500 ? e.code() : 400);
      return;
    } catch (const std::exception&) {
      parser->reset();
      write_problem(peer, 400);
      return;
    }

    try {
      dispatch(*parser, peer);
    } catch (const std::exception& e) {
      // Nothing below should throw; if it does, the connection ends but the process lives.
      spdlog::error("request dispatch failed: {}", e.what());
      parser->reset();
      write_problem(peer, 500);
    }
  }

  void dispatch(PH::RequestParser& parser, const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
    Request request = convert(parser.request, peer);
    parser.reset();
    continue_flag(peer) = false;
    peer->setIdle(false);

    const bool head = request.method == Method::head;
    const bool close = wants_close(request) || state_->draining.load();
    const std::string id = request.request_id;
    std::weak_ptr<Pistache::Tcp::Peer> weak = peer;
    state_->in_flight.fetch_add(1);
    state_->dispatcher->dispatch(std::move(request),
                                 [state = state_, weak, head, close, id](Response response) {
                                   if (auto p = weak.lock()) {
                                     const bool closing = close || state->draining.load();
                                     write(p, serialize(response, head, closing, id), closing);
                                     p->setIdle(true);
                                   }
                                   state->in_flight.fetch_sub(1);
                                 });
  }

  // Whether "100 Continue" was sent for the request being read on this connection.
  static bool& continue_flag(const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
    auto data = peer->tryGetData(kContinueSent);
    if (!data) {
      data = std::make_shared<bool>(false);
      peer->putData(kContinueSent, data);
    }
    return *std::static_pointer_cast<bool>(data);
  }

  static void answer_expect_continue(PH::RequestParser& parser,
                                     const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
    if (parser.step()->id() != PH::Private::BodyStep::Id || continue_flag(peer)) {
      return;
    }
    const auto expect = parser.request.headers().tryGetRaw("Expect");
    if (expect && lower(expect->value()) == "100-continue") {
      continue_flag(peer) = true;
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      peer->send(Pistache::RawBuffer(kContinue, kContinue.size()));
    }
  }

  std::shared_ptr<SharedState> state_;
};

}  // namespace

struct Server::Impl {
  ServerOptions options;
  std::shared_ptr<SharedState> state = std::make_shared<SharedState>();
  std::unique_ptr<Pistache::Http::Endpoint> endpoint;
};

Server::Server(ServerOptions options, Dispatcher& dispatcher) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->state->dispatcher = &dispatcher;
  impl_->state->max_request_bytes = impl_->options.max_request_bytes;
}

Server::~Server() {
  if (impl_->endpoint) {
    impl_->endpoint->shutdown();
  }
}

void Server::start() {
  const auto& o = impl_->options;
  Pistache::Address address(o.host, Pistache::Port(o.port));
  impl_->endpoint = std::make_unique<Pistache::Http::Endpoint>(address);
  auto opts = Pistache::Http::Endpoint::options()
                  .threads(static_cast<int>(o.io_threads))
                  .threadsName("gh-io")
                  .flags(Pistache::Tcp::Options::ReuseAddr)
                  .maxRequestSize(o.max_request_bytes)
                  .maxResponseSize(64 << 20)
                  .headerTimeout(o.header_timeout)
                  .bodyTimeout(o.body_timeout)
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
}

std::uint16_t Server::port() const {
  return impl_->endpoint ? static_cast<std::uint16_t>(impl_->endpoint->getPort()) : 0;
}

void Server::shutdown(std::chrono::milliseconds grace) {
  if (!impl_->endpoint) {
    return;
  }
  impl_->state->draining.store(true);
  const auto start = std::chrono::steady_clock::now();
  // Keep-alive clients learn from `Connection: close` on their next response that they must
  // reconnect; give them a moment to finish, then wait for whatever is still in flight.
  const auto settle = start + std::chrono::milliseconds(250);
  for (;;) {
    const auto now = std::chrono::steady_clock::now();
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
  impl_->endpoint->shutdown();
  impl_->endpoint.reset();
}

std::size_t Server::in_flight() const {
  return impl_->state->in_flight.load();
}

}  // namespace guildhall::http
