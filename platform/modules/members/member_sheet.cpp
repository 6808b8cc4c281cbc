#include "modules/members/member_sheet.hpp"

#include <xlsxwriter.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace guildhall::members {
namespace {

constexpr long long kUtcOffsetMs = 8LL * 3600 * 1000;  // dates are mainland days

lxw_datetime mainland_date(long long ms) {
  using namespace std::chrono;
  const year_month_day ymd{floor<days>(sys_time<milliseconds>(milliseconds(ms + kUtcOffsetMs)))};
  return {static_cast<int>(ymd.year()),
          static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day())),
          0,
          0,
          0.0};
}

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
  // libxlsxwriter writes to a file; a private temporary one, removed whatever happens.
  const auto path = std::filesystem::temp_directory_path() /
                    ("guildhall-members-" + std::to_string(std::random_device{}()) + ".xlsx");
  struct Remove {
    std::filesystem::path path;
    ~Remove() {
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
    }
  } remove{path};

  lxw_workbook* book = workbook_new(path.c_str());
  if (book == nullptr) {
    throw std::runtime_error("cannot create the workbook");
  }
  lxw_worksheet* sheet = workbook_add_worksheet(book, "会员名单");
  lxw_format* head = workbook_add_format(book);
  format_set_bold(head);
  lxw_format* date = workbook_add_format(book);
  format_set_num_format(date, "yyyy-mm-dd");

  const char* headers[] = {"姓名",     "性别",     "会员类型", "会员编号", "状态",
                           "所属机构", "所在地区", "工作单位", "入会日期", "有效期至"};
  const double widths[] = {12, 6, 12, 18, 10, 24, 28, 30, 12, 12};
  for (lxw_col_t c = 0; c < 10; ++c) {
    worksheet_write_string(sheet, 0, c, headers[c], head);
    worksheet_set_column(sheet, c, c, widths[c], nullptr);
  }
  lxw_row_t r = 1;
  for (const auto& e : entries) {
    const std::string gender = e.gender == "male" ? "男" : e.gender == "female" ? "女" : "";
    worksheet_write_string(sheet, r, 0, e.name.c_str(), nullptr);
    worksheet_write_string(sheet, r, 1, gender.c_str(), nullptr);
    worksheet_write_string(sheet, r, 2, e.member_type_name.c_str(), nullptr);
    worksheet_write_string(sheet, r, 3, e.membership.member_number.c_str(), nullptr);
    worksheet_write_string(sheet, r, 4, status_text(e.membership.status), nullptr);
    worksheet_write_string(sheet, r, 5, e.tenant_name.c_str(), nullptr);
    worksheet_write_string(sheet, r, 6, e.region_text.c_str(), nullptr);
    worksheet_write_string(sheet, r, 7, e.employer_name.c_str(), nullptr);
    lxw_datetime from = mainland_date(e.membership.valid_from);
    worksheet_write_datetime(sheet, r, 8, &from, date);
    if (e.membership.valid_until) {
      lxw_datetime until = mainland_date(*e.membership.valid_until);
      worksheet_write_datetime(sheet, r, 9, &until, date);
    } else {
      worksheet_write_string(sheet, r, 9, "长期", nullptr);
    }
    ++r;
  }
  worksheet_freeze_panes(sheet, 1, 0);
  if (workbook_close(book) != LXW_NO_ERROR) {
    throw std::runtime_error("cannot write the workbook");
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace guildhall::members
