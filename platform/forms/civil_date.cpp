#include "forms/civil_date.hpp"

#include <cstdio>

namespace guildhall::forms {
namespace {

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int digits(std::string_view text) {
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return -1;
    }
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

bool CivilDate::is_real(int year, int month, int day) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1 || month < 1 || month > 12 || day < 1) {
    return false;
  }
  const int last = (month == 2 && is_leap(year)) ? 29 : kDays[month - 1];
  return day <= last;
}

std::optional<CivilDate> CivilDate::parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  const int year = digits(text.substr(0, 4));
  const int month = digits(text.substr(5, 2));
  const int day = digits(text.substr(8, 2));
  if (!is_real(year, month, day)) {
    return std::nullopt;
  }
  return CivilDate{year, month, day};
}

std::string CivilDate::to_string() const {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

int CivilDate::age_on(const CivilDate& today) const {
  int age = today.year - year;
  if (today.month < month || (today.month == month && today.day < day)) {
    --age;
  }
  return age;
}

}  // namespace guildhall::forms
