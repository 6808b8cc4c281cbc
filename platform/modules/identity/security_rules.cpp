#include "modules/identity/security_rules.hpp"

#include <algorithm>

namespace guildhall::identity {

std::optional<std::int64_t> locked_until(const std::vector<std::int64_t>& failures,
                                         std::int64_t now_ms) {
  std::vector<std::int64_t> recent;
  for (auto t : failures) {
    if (t > now_ms - kFailureWindowMs && t <= now_ms) {
      recent.push_back(t);
    }
  }
  if (static_cast<int>(recent.size()) < kFailuresBeforeLock) {
    return std::nullopt;
  }
  const auto extra = static_cast<std::int64_t>(recent.size()) - kFailuresBeforeLock;
  const auto lock = std::min(kMinuteMs * (1 + extra), kMaxLockMs);
  const auto until = *std::max_element(recent.begin(), recent.end()) + lock;
  return until > now_ms ? std::optional(until) : std::nullopt;
}

std::optional<std::int64_t> window_wait(const std::vector<std::int64_t>& events,
                                        std::int64_t now_ms, std::int64_t window_ms, int limit) {
  std::vector<std::int64_t> inside;
  for (auto t : events) {
    if (t > now_ms - window_ms && t <= now_ms) {
      inside.push_back(t);
    }
  }
  if (static_cast<int>(inside.size()) < limit) {
    return std::nullopt;
  }
  std::sort(inside.begin(), inside.end());
  // The event whose leaving the window brings the count back under the limit.
  const auto leaving = inside[inside.size() - static_cast<std::size_t>(limit)];
  return leaving + window_ms - now_ms;
}

std::optional<std::int64_t> sms_wait(const std::vector<std::int64_t>& sent, std::int64_t now_ms) {
  std::optional<std::int64_t> wait = window_wait(sent, now_ms, kSmsCooldownMs, 1);
  for (auto w : {window_wait(sent, now_ms, kHourMs, kSmsPerHour),
                 window_wait(sent, now_ms, kDayMs, kSmsPerDay)}) {
    if (w && (!wait || *w > *wait)) {
      wait = w;
    }
  }
  return wait;
}

bool session_expired(const SessionTimes& session, std::int64_t now_ms) {
  return now_ms >= session.expires_at || now_ms - session.last_seen_at >= session.idle_timeout_ms;
}

}  // namespace guildhall::identity
