// The workflow's pure rules: deadlines in working days, when reminders are due, and the text of
// member numbers.
#pragma once

#include <string>

#include "forms/civil_date.hpp"
#include "tenancy/workflow_config.hpp"

namespace guildhall::workflow {

// The day on which `days` working days after `start` have passed: Monday to Friday count unless
// listed as holidays, and the listed working weekends count too.
forms::CivilDate add_working_days(const forms::CivilDate& start, int days,
                                  const tenancy::WorkflowConfig& config);

// Which deadline reminder an application under review is due at `now_ms`: none, the one two
// days before the deadline, or the one after it passed.
enum class Reminder { none = 0, due_soon = 1, overdue = 2 };
Reminder reminder_due(long long due_at_ms, long long now_ms);

// prefix + year + code + the sequence zero-padded to `digits` ("HX" "2026" "00" "000042"); a
// sequence wider than `digits` keeps all its digits rather than wrapping.
std::string format_member_number(const tenancy::MemberNumberFormat& format, int year,
                                 long long sequence);

}  // namespace guildhall::workflow
