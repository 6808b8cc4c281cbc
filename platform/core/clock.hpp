// The one source of time for rules that depend on it (expiry, deadlines, throttling), so that
// tests inject a clock instead of sleeping.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace guildhall::core {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point now() const = 0;

  // Unix epoch milliseconds: the form every timestamp takes in the database.
  std::int64_t now_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(now().time_since_epoch()).count();
  }
};

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    return std::chrono::system_clock::now();
  }
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::chrono::system_clock::time_point start) : now_(start) {}
  std::chrono::system_clock::time_point now() const override { return now_; }
  void advance(std::chrono::system_clock::duration d) { now_ += d; }

 private:
  std::chrono::system_clock::time_point now_;
};

// "2026-11-22T09:30:00.123Z": how responses write the database's epoch milliseconds.
std::string iso_utc(std::int64_t ms);

// "2026-11-22": the mainland (UTC+8, no daylight saving) calendar day of the instant; the day
// members and staff see on documents and in file names.
std::string mainland_date(std::int64_t ms);
// Noon of a mainland day "YYYY-MM-DD" as epoch milliseconds (mainland_date gives the day back);
// nullopt unless the text is such a real day.
std::optional<std::int64_t> mainland_noon_ms(std::string_view date);

}  // namespace guildhall::core
