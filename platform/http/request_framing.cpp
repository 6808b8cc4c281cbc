#include "http/request_framing.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>

namespace guildhall::http {

namespace {

using Status = RequestFraming::Status;

bool is_token_char(unsigned char c) {
  return std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) !=
                                std::string_view::npos;
}

bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return is_token_char(static_cast<unsigned char>(c));
  });
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// METHOD SP request-target SP HTTP/1.x
bool valid_request_line(std::string_view line) {
  const auto first = line.find(' ');
  const auto last = line.rfind(' ');
  if (first == std::string_view::npos || first == last) {
    return false;
  }
  const std::string_view target = line.substr(first + 1, last - first - 1);
  const std::string_view version = line.substr(last + 1);
  return is_token(line.substr(0, first)) && !target.empty() &&
         std::none_of(target.begin(), target.end(),
                      [](char c) {
                        const auto u = static_cast<unsigned char>(c);
                        return u <= 0x20 || u == 0x7f;
                      }) &&
         (version == "HTTP/1.1" || version == "HTTP/1.0");
}

RequestFraming invalid(int status) {
  RequestFraming f;
  f.status = Status::invalid;
  f.error_status = status;
  return f;
}

std::optional<std::uint64_t> parse_length(std::string_view value) {
  if (value.empty() || value.size() > 18 ||
      !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return std::stoull(std::string(value));
}

// Where a chunked body that starts at `pos` ends, or nullopt while it is incomplete. Sets
// `error` to 400 or 413 when the chunks are malformed or too large.
std::optional<std::size_t> chunked_end(std::string_view data, std::size_t pos,
                                       std::size_t max_bytes, int& error) {
  for (;;) {
    const auto eol = data.find("\r\n", pos);
    if (eol == std::string_view::npos) {
      if (data.size() - pos > 1024) {
        error = 400;
      }
      return std::nullopt;
    }
    std::string_view size_text = data.substr(pos, eol - pos);
    size_text = size_text.substr(0, size_text.find(';'));
    size_text = trim(size_text);
    if (size_text.empty() || size_text.size() > 15 ||
        !std::all_of(size_text.begin(), size_text.end(),
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); })) {
      error = 400;
      return std::nullopt;
    }
    const std::size_t size = std::stoull(std::string(size_text), nullptr, 16);
    pos = eol + 2;
    if (size == 0) {
      // Trailer fields, then an empty line.
      for (;;) {
        const auto end = data.find("\r\n", pos);
        if (end == std::string_view::npos) {
          return std::nullopt;
        }
        if (end == pos) {
          return end + 2;
        }
        pos = end + 2;
      }
    }
    if (pos + size + 2 > max_bytes) {
      error = 413;
      return std::nullopt;
    }
    if (data.size() < pos + size + 2) {
      return std::nullopt;
    }
    if (data.substr(pos + size, 2) != "\r\n") {
      error = 400;
      return std::nullopt;
    }
    pos += size + 2;
  }
}

}  // namespace

RequestFraming frame_request(std::string_view data, std::size_t max_bytes) {
  const auto head_end = data.find("\r\n\r\n");
  const std::string_view head =
      head_end == std::string_view::npos ? data : data.substr(0, head_end + 2);
  // A bare LF as a line end is not HTTP/1.1; Pistache would wait for a CRLF forever.
  for (std::size_t i = head.find('\n'); i != std::string_view::npos; i = head.find('\n', i + 1)) {
    if (i == 0 || head[i - 1] != '\r') {
      return invalid(400);
    }
  }
  const auto line_end = head.find("\r\n");
  if (line_end != std::string_view::npos && !valid_request_line(head.substr(0, line_end))) {
    return invalid(400);
  }
  if (head_end == std::string_view::npos) {
    if (data.size() > max_bytes) {
      return invalid(line_end == std::string_view::npos ? 414 : 431);
    }
    return {};
  }
  const std::size_t head_length = head_end + 4;
  if (head_length > max_bytes) {
    return invalid(431);
  }

  std::optional<std::uint64_t> content_length;
  bool chunked = false;
  bool expects_continue = false;
  std::size_t pos = line_end + 2;
  while (pos < head_end + 2) {
    const auto eol = data.find("\r\n", pos);
    const std::string_view line = data.substr(pos, eol - pos);
    pos = eol + 2;
    const auto colon = line.find(':');
    // No colon, a space before it (RFC 9112 §5.1), or a folded continuation line.
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) {
      return invalid(400);
    }
    const std::string name = lower(line.substr(0, colon));
    const std::string_view value = trim(line.substr(colon + 1));
    if (name == "content-length") {
      const auto length = parse_length(value);
      if (!length || (content_length && *content_length != *length)) {
        return invalid(400);
      }
      content_length = length;
    } else if (name == "transfer-encoding") {
      if (lower(value) != "chunked" || chunked) {
        return invalid(400);
      }
      chunked = true;
    } else if (name == "expect") {
      expects_continue = lower(value) == "100-continue";
    }
  }
  // Both framings at once is how requests are smuggled past proxies (RFC 9112 §6.3).
  if (chunked && content_length) {
    return invalid(400);
  }

  RequestFraming framing;
  framing.head_complete = true;
  framing.expects_continue = expects_continue;
  if (chunked) {
    int error = 0;
    const auto end = chunked_end(data, head_length, max_bytes, error);
    if (error != 0) {
      return invalid(error);
    }
    if (end) {
      framing.status = Status::complete;
      framing.total_length = *end;
    }
    return framing;
  }
  const std::uint64_t body = content_length.value_or(0);
  if (body > max_bytes - head_length) {
    return invalid(413);
  }
  if (data.size() >= head_length + body) {
    framing.status = Status::complete;
    framing.total_length = head_length + static_cast<std::size_t>(body);
  }
  return framing;
}

}  // namespace guildhall::http
