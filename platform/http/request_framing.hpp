// HTTP/1.1 message framing of a request (RFC 9112): where its head and body end, decided from
// the raw bytes before Pistache parses them. Deciding it ourselves lets the server reject what
// Pistache would accept or wait on forever (a header line without a colon, a Content-Length
// that is not a number, both Content-Length and Transfer-Encoding), refuse an oversized body
// before reading it, and answer pipelined requests one after another.
#pragma once

#include <cstddef>
#include <string_view>

namespace guildhall::http {

struct RequestFraming {
  enum class Status { incomplete, complete, invalid };
  Status status = Status::incomplete;
  bool head_complete = false;
  std::size_t total_length = 0;  // head and body, when complete
  int error_status = 0;          // 400, 413 or 431, when invalid
  bool expects_continue = false;  // the client waits for "100 Continue" before the body
};

// `data` starts at the first byte of a request; `max_bytes` bounds head and body together.
RequestFraming frame_request(std::string_view data, std::size_t max_bytes);

}  // namespace guildhall::http
