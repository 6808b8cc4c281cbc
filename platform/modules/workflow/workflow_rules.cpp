#include "modules/workflow/workflow_rules.hpp"

#include <algorithm>
#include <chrono>

namespace guildhall::workflow {
namespace {

bool listed(const std::vector<std::string>& dates, const std::string& date) {
  return std::find(dates.begin(), dates.end(), date) != dates.end();
}

}  // namespace

forms::CivilDate add_working_days(const forms::CivilDate& start, int days,
                                  const tenancy::WorkflowConfig& config) {
  using namespace std::chrono;
  sys_days day{year{start.year} / month{static_cast<unsigned>(start.month)} /
               std::chrono::day{static_cast<unsigned>(start.day)}};
  forms::CivilDate current = start;
  for (int counted = 0; counted < days;) {
    day += std::chrono::days{1};
    const year_month_day ymd{day};
    current = {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
               static_cast<int>(static_cast<unsigned>(ymd.day()))};
    const weekday wd{day};
    const std::string text = current.to_string();
    const bool weekend = wd == Saturday || wd == Sunday;
    if (weekend ? listed(config.working_weekends, text) : !listed(config.holidays, text)) {
      ++counted;
    }
  }
  return current;
}

std::string format_member_number(const tenancy::MemberNumberFormat& format, int year,
                                 long long sequence) {
  std::string digits = std::to_string(sequence);
  if (static_cast<int>(digits.size()) < format.digits) {
    digits.insert(0, static_cast<std::size_t>(format.digits) - digits.size(), '0');
  }
  return format.prefix + std::to_string(year) + format.code + digits;
}

Reminder reminder_due(long long due_at_ms, long long now_ms) {
  constexpr long long kSoonMs = 2LL * 24 * 3600 * 1000;
  if (now_ms > due_at_ms) {
    return Reminder::overdue;
  }
  return due_at_ms - now_ms <= kSoonMs ? Reminder::due_soon : Reminder::none;
}

}  // namespace guildhall::workflow
