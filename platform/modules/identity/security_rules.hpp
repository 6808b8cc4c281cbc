// The time-based rules of sign-in, SMS codes and sessions, as pure functions of event times and
// "now" (Unix epoch milliseconds), so that they are tested with exact numbers and shared by every
// server instance that reads the same events from the database.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace guildhall::identity {

inline constexpr std::int64_t kMinuteMs = 60'000;
inline constexpr std::int64_t kHourMs = 60 * kMinuteMs;
inline constexpr std::int64_t kDayMs = 24 * kHourMs;

// Per account: 5 failures within 15 minutes lock it for 1 minute, each further failure in the
// window adds a minute, up to 15.
inline constexpr std::int64_t kFailureWindowMs = 15 * kMinuteMs;
inline constexpr int kFailuresBeforeLock = 5;
inline constexpr std::int64_t kMaxLockMs = 15 * kMinuteMs;

// When the lock caused by these failures (any order, any age) ends; nullopt when none applies.
std::optional<std::int64_t> locked_until(const std::vector<std::int64_t>& failures,
                                         std::int64_t now_ms);

// Sliding window: with `limit` events already inside (now - window, now], how long until one
// more is allowed; nullopt when it is allowed now.
std::optional<std::int64_t> window_wait(const std::vector<std::int64_t>& events,
                                        std::int64_t now_ms, std::int64_t window_ms, int limit);

// SMS codes per phone: 60 s between two, at most 5 an hour and 10 a day.
inline constexpr std::int64_t kSmsCooldownMs = 60'000;
inline constexpr int kSmsPerHour = 5;
inline constexpr int kSmsPerDay = 10;
std::optional<std::int64_t> sms_wait(const std::vector<std::int64_t>& sent, std::int64_t now_ms);

// One SMS code: 6 digits, valid 5 minutes, at most 5 guesses.
inline constexpr std::int64_t kSmsCodeLifetimeMs = 5 * kMinuteMs;
inline constexpr int kSmsCodeMaxAttempts = 5;

// Reset links live 30 minutes.
inline constexpr std::int64_t kResetTokenLifetimeMs = 30 * kMinuteMs;

struct SessionTimes {
  std::int64_t last_seen_at = 0;
  std::int64_t expires_at = 0;  // absolute end
  std::int64_t idle_timeout_ms = 0;
};

bool session_expired(const SessionTimes& session, std::int64_t now_ms);

}  // namespace guildhall::identity
