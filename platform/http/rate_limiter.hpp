// A per-key request budget held in memory, for public endpoints whose hot path must not touch the
// database to count (the certificate check when hundreds scan at an event). Fixed windows: each
// key may spend `limit` requests per `window_ms`; the table forgets keys of past windows, so its
// size is bounded by the keys seen in one window. Per instance: behind a load balancer each
// instance allows its share.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace guildhall::http {

class RateLimiter {
 public:
  RateLimiter(int limit, std::int64_t window_ms) : limit_(limit), window_ms_(window_ms) {}

  // Whether `key` may make one more request at `now_ms`; when not, `retry_after_s` says when.
  bool allow(const std::string& key, std::int64_t now_ms, int* retry_after_s = nullptr);

 private:
  int limit_;
  std::int64_t window_ms_;
  std::mutex mutex_;
  std::int64_t window_ = -1;
  std::unordered_map<std::string, int> counts_;
};

}  // namespace guildhall::http
