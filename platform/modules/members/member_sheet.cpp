#include "modules/members/member_sheet.hpp"

#include "documents/spreadsheet.hpp"

namespace guildhall::members {
namespace {

const char* status_text(const std::string& status) {
  if (status == "active") {
    return "有效";
  }
  if (status == "frozen") {
    return "已冻结";
  }
  if (status == "superseded") {
    return "已失效";
  }
  return status == "expired" ? "已过期" : "";
}

}  // namespace

std::string member_sheet(const std::vector<MemberEntry>& entries) {
  using documents::Cell;
  documents::Sheet sheet{"会员名单",
                         {{"姓名", 12},
                          {"性别", 6},
                          {"会员类型", 12},
                          {"会员编号", 18},
                          {"状态", 10},
                          {"所属机构", 24},
                          {"所在地区", 28},
                          {"工作单位", 30},
                          {"入会日期", 12},
                          {"有效期至", 12}},
                         {}};
  for (const auto& e : entries) {
    const std::string gender = e.gender == "male" ? "男" : e.gender == "female" ? "女" : "";
    sheet.rows.push_back(
        {Cell::of_text(e.name), Cell::of_text(gender), Cell::of_text(e.member_type_name),
         Cell::of_text(e.membership.member_number), Cell::of_text(status_text(e.membership.status)),
         Cell::of_text(e.tenant_name), Cell::of_text(e.region_text), Cell::of_text(e.employer_name),
         Cell::of_date(e.membership.valid_from),
         e.membership.valid_until ? Cell::of_date(*e.membership.valid_until)
                                  : Cell::of_text("长期")});
  }
  return documents::xlsx(sheet);
}

}  // namespace guildhall::members
