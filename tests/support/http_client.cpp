#include "support/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>
#include <stdexcept>

namespace guildhall::testing {

namespace {

// A response whose head is larger than this is not something our server sends.
constexpr std::size_t kMaxHead = 1 << 20;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// Parses the status line and headers (without the final blank line); false when malformed.
bool parse_head(std::string_view head, HttpResponse& out) {
  std::size_t line_end = head.find("\r\n");
  const std::string_view status_line = head.substr(0, line_end);
  if (!status_line.starts_with("HTTP/") || status_line.size() < 12 || status_line[8] != ' ') {
    return false;
  }
  out.version = std::string(status_line.substr(0, 8));
  const auto code = status_line.substr(9, 3);
  if (std::from_chars(code.data(), code.data() + code.size(), out.status).ec != std::errc() ||
      out.status < 100 || out.status > 599) {
    return false;
  }
  out.reason = std::string(trim(status_line.substr(12)));
  while (line_end != std::string_view::npos) {
    const auto start = line_end + 2;
    line_end = head.find("\r\n", start);
    const std::string_view line = head.substr(start, line_end - start);
    if (line.empty()) {
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return false;
    }
    out.headers.emplace_back(std::string(line.substr(0, colon)),
                             std::string(trim(line.substr(colon + 1))));
  }
  return true;
}

}  // namespace

const std::string* HttpResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (iequals(k, name)) {
      return &v;
    }
  }
  return nullptr;
}

std::string HttpResponse::header_or_empty(std::string_view name) const {
  const std::string* value = header(name);
  return value == nullptr ? std::string() : *value;
}

const char* to_string(ReadOutcome outcome) {
  switch (outcome) {
    case ReadOutcome::complete:
      return "complete";
    case ReadOutcome::eof_before_any:
      return "eof_before_any";
    case ReadOutcome::partial:
      return "partial";
    case ReadOutcome::timed_out:
      return "timed_out";
    case ReadOutcome::malformed:
      break;
  }
  return "malformed";
}

HttpClient::HttpClient(std::string host, std::uint16_t port, std::chrono::milliseconds timeout)
    : host_(std::move(host)), port_(port), timeout_(timeout) {}

HttpClient::~HttpClient() {
  close();
}

bool HttpClient::connect() {
  close();
  buffer_.clear();
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port_);
  if (::inet_pton(AF_INET, host_.c_str(), &address.sin_addr) != 1) {
    throw std::runtime_error("not an IPv4 address: " + host_);
  }
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) {
    throw std::runtime_error("socket() failed: " + std::string(std::strerror(errno)));
  }
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    const int error = errno;
    close();
    errno = error;
    // A reset during the handshake is a listener that closed while the connection was queued.
    if (error == ECONNREFUSED || error == ECONNRESET) {
      return false;
    }
    throw std::runtime_error("connect() failed: " + std::string(std::strerror(error)));
  }
  const int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return true;
}

void HttpClient::close() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

bool HttpClient::send_raw(std::string_view bytes) {
  while (!bytes.empty()) {
    if (fd_ < 0) {
      return false;
    }
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

int HttpClient::fill(std::chrono::steady_clock::time_point deadline) {
  if (fd_ < 0) {
    return 0;
  }
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return -1;
    }
    pollfd p{fd_, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) {
      continue;
    }
    if (ready <= 0) {
      return -1;
    }
    char chunk[16384];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(n));
      return static_cast<int>(n);
    }
    if (n < 0 && errno == EINTR) {
      continue;
    }
    close();
    return n == 0 ? 0 : -2;
  }
}

ReadResult HttpClient::read_response(bool head) {
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  ReadResult result;
  auto ended = [&](int got) {
    result.bytes = buffer_.size();
    if (got == -1) {
      result.outcome = ReadOutcome::timed_out;
    } else {
      result.outcome = buffer_.empty() ? ReadOutcome::eof_before_any : ReadOutcome::partial;
      buffer_.clear();
    }
    return result;
  };

  std::size_t head_end = std::string::npos;
  while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (buffer_.size() > kMaxHead) {
      result.bytes = buffer_.size();
      return result;
    }
    if (const int got = fill(deadline); got <= 0) {
      return ended(got);
    }
  }
  if (!parse_head(std::string_view(buffer_).substr(0, head_end + 2), result.response)) {
    result.bytes = buffer_.size();
    return result;
  }
  const std::size_t body_start = head_end + 4;
  const int status = result.response.status;
  const bool no_body = head || status < 200 || status == 204 || status == 304;
  std::optional<std::size_t> length;
  if (no_body) {
    length = 0;
  } else if (const std::string* value = result.response.header("Content-Length")) {
    std::size_t n = 0;
    if (std::from_chars(value->data(), value->data() + value->size(), n).ec != std::errc()) {
      result.bytes = buffer_.size();
      return result;
    }
    length = n;
  }
  if (length) {
    while (buffer_.size() < body_start + *length) {
      if (const int got = fill(deadline); got <= 0) {
        return ended(got);
      }
    }
  } else {
    // Without a length the body ends when the connection does.
    int got = 0;
    while ((got = fill(deadline)) > 0) {
    }
    if (got == -1) {
      return ended(got);
    }
    length = buffer_.size() - body_start;
  }
  result.response.body = buffer_.substr(body_start, *length);
  result.bytes = body_start + *length;
  result.outcome = ReadOutcome::complete;
  buffer_.erase(0, result.bytes);
  return result;
}

bool HttpClient::wait_closed() {
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  int got = 0;
  while ((got = fill(deadline)) > 0) {
  }
  return got != -1;
}

std::string HttpClient::format_request(
    std::string_view method, std::string_view target,
    const std::vector<std::pair<std::string, std::string>>& headers, std::string_view body) {
  std::string out;
  out.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  bool has_host = false;
  bool has_length = false;
  for (const auto& [name, value] : headers) {
    has_host = has_host || iequals(name, "Host");
    has_length = has_length || iequals(name, "Content-Length");
    out.append(name).append(": ").append(value).append("\r\n");
  }
  if (!has_host) {
    out.append("Host: 127.0.0.1\r\n");
  }
  if (!has_length && !body.empty()) {
    out.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  }
  out.append("\r\n").append(body);
  return out;
}

HttpResponse HttpClient::request(std::string_view method, std::string_view target,
                                 const std::vector<std::pair<std::string, std::string>>& headers,
                                 std::string_view body) {
  if (!connected() && !connect()) {
    throw std::runtime_error("connection refused by " + host_ + ":" + std::to_string(port_));
  }
  send_raw(format_request(method, target, headers, body));
  ReadResult r = read_response(method == "HEAD");
  if (r.outcome != ReadOutcome::complete) {
    throw std::runtime_error(std::string(method) + " " + std::string(target) +
                             ": no complete response (" + to_string(r.outcome) + ")");
  }
  const std::string* connection = r.response.header("Connection");
  if (connection != nullptr && iequals(*connection, "close")) {
    close();
  }
  return std::move(r.response);
}

}  // namespace guildhall::testing
