// A deliberately raw HTTP/1.x client for testing a server's edge: it sends whatever bytes it is
// given (malformed ones included) over one TCP connection, reads one response at a time
// (honouring Content-Length, or reading to EOF without it), keeps the connection for the next
// request, and says exactly how a read ended — complete, EOF before any byte, cut mid-way, or
// timed out — which is what keep-alive and shutdown tests need to assert.
//
//   HttpClient client("127.0.0.1", port);
//   HttpResponse r = client.request("GET", "/healthz");
//   EXPECT_EQ(r.status, 200);
//   client.send_raw("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
//   ReadResult next = client.read_response();
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace guildhall::testing {

struct HttpResponse {
  std::string version;  // "HTTP/1.1"
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;  // in order, names as sent
  std::string body;

  // The first header with this name (case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const;
  // The header's value, or "" when it is absent.
  std::string header_or_empty(std::string_view name) const;
};

enum class ReadOutcome {
  complete,        // a whole response
  eof_before_any,  // the peer closed (or reset) before sending a single byte
  partial,         // some bytes of a response arrived, then the connection ended
  timed_out,       // nothing complete within the timeout; the connection is left as it is
  malformed,       // bytes that are not an HTTP response
};

const char* to_string(ReadOutcome outcome);

struct ReadResult {
  ReadOutcome outcome = ReadOutcome::malformed;
  HttpResponse response;  // set when outcome is complete
  std::size_t bytes = 0;  // bytes of this response received
};

class HttpClient {
 public:
  HttpClient(std::string host, std::uint16_t port,
             std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Opens the connection. Returns false when it is refused or reset (errno kept); throws on other
  // errors.
  bool connect();
  bool connected() const { return fd_ >= 0; }
  void close();

  // Writes all bytes. Returns false when the peer has closed or reset the connection.
  bool send_raw(std::string_view bytes);

  // Reads the next response on the connection (an interim 1xx response counts as one).
  // `head` says the request was HEAD, whose response has no body whatever it announces.
  ReadResult read_response(bool head = false);

  // Reads until the peer closes or the timeout ends; true when it closed.
  bool wait_closed();

  // Connects if needed, sends a well-formed HTTP/1.1 request and reads its response; throws
  // std::runtime_error when no complete response arrives. A Host header is added unless given.
  HttpResponse request(std::string_view method, std::string_view target,
                       const std::vector<std::pair<std::string, std::string>>& headers = {},
                       std::string_view body = {});

  // The bytes of such a request, for callers that want to send it themselves.
  static std::string format_request(
      std::string_view method, std::string_view target,
      const std::vector<std::pair<std::string, std::string>>& headers = {},
      std::string_view body = {});

  std::chrono::milliseconds timeout() const { return timeout_; }
  void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }

 private:
  // Appends what arrives within the deadline to buffer_: >0 bytes read, 0 EOF, -1 timeout,
  // -2 reset.
  int fill(std::chrono::steady_clock::time_point deadline);

  std::string host_;
  std::uint16_t port_;
  std::chrono::milliseconds timeout_;
  int fd_ = -1;
  std::string buffer_;  // bytes received but not yet consumed
};

}  // namespace guildhall::testing
