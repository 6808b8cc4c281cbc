// One-sheet Excel workbooks (.xlsx, libxlsxwriter) with Chinese headers and real cell types:
// text as text, numbers as numbers, dates as Excel dates (mainland days) or date-times, so that
// sorting and filtering in Excel work as people expect.
//
//   Sheet sheet{"会员名单", {{"姓名", 12}, {"入会日期", 12}}, {}};
//   sheet.rows.push_back({Cell::text("张三"), Cell::date(valid_from_ms)});
//   std::string bytes = xlsx(sheet);
#pragma once

#include <string>
#include <vector>

namespace guildhall::documents {

struct Cell {
  enum class Kind { empty, text, number, date, date_time };
  Kind kind = Kind::empty;
  std::string text;
  double number = 0;
  long long ms = 0;  // date, date_time: epoch milliseconds, shown in mainland time

  static Cell blank() { return {}; }
  static Cell of_text(std::string value) { return {Kind::text, std::move(value), 0, 0}; }
  static Cell of_number(double value) { return {Kind::number, "", value, 0}; }
  static Cell of_date(long long epoch_ms) { return {Kind::date, "", 0, epoch_ms}; }
  static Cell of_date_time(long long epoch_ms) { return {Kind::date_time, "", 0, epoch_ms}; }
};

struct Column {
  std::string header;
  double width = 12;
};

struct Sheet {
  std::string name;
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;
};

// The workbook's bytes; the header row is bold and frozen.
std::string xlsx(const Sheet& sheet);

}  // namespace guildhall::documents
