#include "documents/spreadsheet.hpp"

#include <xlsxwriter.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace guildhall::documents {
namespace {

constexpr long long kUtcOffsetMs = 8LL * 3600 * 1000;  // mainland time

lxw_datetime mainland(long long ms, bool with_time) {
  using namespace std::chrono;
  const auto local = sys_time<milliseconds>(milliseconds(ms + kUtcOffsetMs));
  const auto day = floor<days>(local);
  const year_month_day ymd{day};
  const hh_mm_ss<milliseconds> time{local - day};
  return {static_cast<int>(ymd.year()),
          static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day())),
          with_time ? static_cast<int>(time.hours().count()) : 0,
          with_time ? static_cast<int>(time.minutes().count()) : 0,
          with_time ? static_cast<double>(time.seconds().count()) : 0.0};
}

}  // namespace

std::string xlsx(const Sheet& content) {
  // libxlsxwriter writes to a file; a private temporary one, removed whatever happens.
  const auto path = std::filesystem::temp_directory_path() /
                    ("guildhall-sheet-" + std::to_string(std::random_device{}()) + ".xlsx");
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
  lxw_worksheet* sheet = workbook_add_worksheet(book, content.name.c_str());
  lxw_format* head = workbook_add_format(book);
  format_set_bold(head);
  lxw_format* date = workbook_add_format(book);
  format_set_num_format(date, "yyyy-mm-dd");
  lxw_format* date_time = workbook_add_format(book);
  format_set_num_format(date_time, "yyyy-mm-dd hh:mm");

  for (lxw_col_t c = 0; c < content.columns.size(); ++c) {
    worksheet_write_string(sheet, 0, c, content.columns[c].header.c_str(), head);
    worksheet_set_column(sheet, c, c, content.columns[c].width, nullptr);
  }
  lxw_row_t r = 1;
  for (const auto& row : content.rows) {
    for (lxw_col_t c = 0; c < row.size(); ++c) {
      const Cell& cell = row[c];
      switch (cell.kind) {
        case Cell::Kind::text:
          worksheet_write_string(sheet, r, c, cell.text.c_str(), nullptr);
          break;
        case Cell::Kind::number:
          worksheet_write_number(sheet, r, c, cell.number, nullptr);
          break;
        case Cell::Kind::date: {
          lxw_datetime d = mainland(cell.ms, false);
          worksheet_write_datetime(sheet, r, c, &d, date);
          break;
        }
        case Cell::Kind::date_time: {
          lxw_datetime d = mainland(cell.ms, true);
          worksheet_write_datetime(sheet, r, c, &d, date_time);
          break;
        }
        case Cell::Kind::empty:
          break;
      }
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

}  // namespace guildhall::documents
