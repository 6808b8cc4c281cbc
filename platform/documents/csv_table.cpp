#include "documents/csv_table.hpp"

#include <csv.h>

#include <fstream>
#include <iterator>

namespace guildhall::documents {
namespace {

struct Table {
  std::vector<CsvRow> rows{CsvRow{1, {}}};
};

void on_field(void* text, std::size_t size, void* data) {
  static_cast<Table*>(data)->rows.back().cells.emplace_back(static_cast<const char*>(text), size);
}

void on_row(int, void* data) {
  auto& rows = static_cast<Table*>(data)->rows;
  rows.push_back(CsvRow{rows.back().line + 1, {}});
}

}  // namespace

std::vector<CsvRow> read_csv_table(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw CsvError(file.string() + ": cannot be read");
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.starts_with("\xEF\xBB\xBF")) {
    text.erase(0, 3);
  }
  csv_parser parser{};
  csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI);
  Table table;
  const bool parsed =
      csv_parse(&parser, text.data(), text.size(), on_field, on_row, &table) == text.size() &&
      csv_fini(&parser, on_field, on_row, &table) == 0;
  const std::string problem = parsed ? "" : csv_strerror(csv_error(&parser));
  csv_free(&parser);
  if (!parsed) {
    throw CsvError(file.string() + ":" + std::to_string(table.rows.back().line) + ": " + problem);
  }
  std::erase_if(table.rows, [](const CsvRow& row) { return row.cells.empty(); });
  return std::move(table.rows);
}

}  // namespace guildhall::documents
