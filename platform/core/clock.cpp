#include "core/clock.hpp"

#include <cstdio>
#include <ctime>

namespace guildhall::core {

std::string iso_utc(std::int64_t ms) {
  const auto seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

std::string mainland_date(std::int64_t ms) {
  constexpr std::int64_t kUtcOffsetMs = 8LL * 3600 * 1000;
  const auto seconds = static_cast<std::time_t>((ms + kUtcOffsetMs) / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return buf;
}

std::optional<std::int64_t> mainland_noon_ms(std::string_view date) {
  using namespace std::chrono;
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  if (date.size() != 10 || date[4] != '-' || date[7] != '-' ||
      std::sscanf(std::string(date).c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) {
    return std::nullopt;
  }
  const year_month_day day{year{y} / month{m} / std::chrono::day{d}};
  if (!day.ok()) {
    return std::nullopt;
  }
  // Noon in UTC+8 is 04:00 UTC.
  return duration_cast<milliseconds>(sys_days{day}.time_since_epoch() + hours(4)).count();
}

}  // namespace guildhall::core
