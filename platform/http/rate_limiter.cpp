#include "http/rate_limiter.hpp"

namespace guildhall::http {

bool RateLimiter::allow(const std::string& key, std::int64_t now_ms, int* retry_after_s) {
  const std::int64_t window = now_ms / window_ms_;
  std::lock_guard lock(mutex_);
  if (window != window_) {
    window_ = window;
    counts_.clear();
  }
  int& count = counts_[key];
  if (count >= limit_) {
    if (retry_after_s != nullptr) {
      *retry_after_s = static_cast<int>(((window + 1) * window_ms_ - now_ms + 999) / 1000);
    }
    return false;
  }
  ++count;
  return true;
}

}  // namespace guildhall::http
