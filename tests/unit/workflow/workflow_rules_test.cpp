// Deadlines in working days (holidays and 调休 working weekends) and member-number text.
#include "modules/workflow/workflow_rules.hpp"

#include <gtest/gtest.h>

namespace guildhall::workflow {
namespace {

using forms::CivilDate;

tenancy::WorkflowConfig national_day_2026() {
  tenancy::WorkflowConfig config;
  config.holidays = {"2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"};
  config.working_weekends = {"2026-09-27", "2026-10-10"};
  return config;
}

TEST(WorkingDays, CountWeekdaysOnly) {
  EXPECT_EQ(add_working_days({2026, 11, 20}, 15, {}), (CivilDate{2026, 12, 11}));
  EXPECT_EQ(add_working_days({2026, 11, 20}, 1, {}), (CivilDate{2026, 11, 23}));
}

TEST(WorkingDays, SkipHolidaysAndCountWorkingWeekends) {
  const auto config = national_day_2026();
  EXPECT_EQ(add_working_days({2026, 9, 25}, 1, config), (CivilDate{2026, 9, 27}));
  EXPECT_EQ(add_working_days({2026, 9, 30}, 1, config), (CivilDate{2026, 10, 8}));
  EXPECT_EQ(add_working_days({2026, 9, 30}, 3, config), (CivilDate{2026, 10, 10}));
  EXPECT_EQ(add_working_days({2026, 12, 31}, 1, config), (CivilDate{2027, 1, 1}));
}

TEST(MemberNumbers, PrefixYearCodeAndAPaddedSequence) {
  EXPECT_EQ(format_member_number({"HX", "00", 6}, 2026, 42), "HX202600000042");
  EXPECT_EQ(format_member_number({"HX", "TJ", 5}, 2027, 1), "HX2027TJ00001");
  EXPECT_EQ(format_member_number({"", "", 3}, 2026, 12345), "202612345");
}

TEST(ReminderDue, TwoDaysBeforeTheDeadlineThenOnceItPassed) {
  constexpr long long kHour = 3600LL * 1000;
  const long long due = 1'000'000 * kHour;
  EXPECT_EQ(reminder_due(due, due - 49 * kHour), Reminder::none);
  EXPECT_EQ(reminder_due(due, due - 48 * kHour), Reminder::due_soon);
  EXPECT_EQ(reminder_due(due, due), Reminder::due_soon);
  EXPECT_EQ(reminder_due(due, due + 1), Reminder::overdue);
}

}  // namespace
}  // namespace guildhall::workflow
