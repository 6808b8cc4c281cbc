// The member list as an Excel workbook (.xlsx, libxlsxwriter): Chinese headers, dates as real
// Excel dates, one row per membership.
#pragma once

#include <string>
#include <vector>

#include "modules/members/member_service.hpp"

namespace guildhall::members {

// The bytes of the workbook.
std::string member_sheet(const std::vector<MemberEntry>& entries);

}  // namespace guildhall::members
