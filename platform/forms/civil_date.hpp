// A calendar date without time or zone, as forms store it ("2026-11-22"). Ages and date limits are
// computed on these so that a birthday counts the same on the server and in the browser, whatever
// the clock's time zone.
//
//   auto birth = CivilDate::parse("1949-12-31");
//   birth->age_on(*CivilDate::parse("2026-11-22"));  // 76
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace guildhall::forms {

struct CivilDate {
  int year = 1970;
  int month = 1;
  int day = 1;

  // True for a day that exists in the proleptic Gregorian calendar (no 31 February).
  static bool is_real(int year, int month, int day);
  // Exactly "YYYY-MM-DD" naming a real day; anything else is nullopt.
  static std::optional<CivilDate> parse(std::string_view text);

  std::string to_string() const;
  // Whole years completed on `today`; someone born on 29 February turns a year older on 1 March.
  int age_on(const CivilDate& today) const;

  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

}  // namespace guildhall::forms
