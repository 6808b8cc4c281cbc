#include "modules/organisations/seed_file.hpp"

#include <csv.h>

#include <array>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string>

namespace guildhall::organisations {
namespace {

struct Table {
  std::vector<std::vector<std::string>> rows{{}};
};

void on_field(void* text, std::size_t size, void* data) {
  static_cast<Table*>(data)->rows.back().emplace_back(static_cast<const char*>(text), size);
}

void on_row(int, void* data) {
  static_cast<Table*>(data)->rows.emplace_back();
}

enum class Column { name, credit_code, region };

std::optional<Column> column_of(std::string header) {
  static const std::map<std::string, Column> kNames = {{"单位名称", Column::name},
                                                       {"name", Column::name},
                                                       {"统一社会信用代码", Column::credit_code},
                                                       {"credit_code", Column::credit_code},
                                                       {"所在地区", Column::region},
                                                       {"region", Column::region}};
  if (header.starts_with("\xEF\xBB\xBF")) {  // a UTF-8 byte order mark, as Excel writes
    header.erase(0, 3);
  }
  const auto it = kNames.find(header);
  return it == kNames.end() ? std::nullopt : std::optional(it->second);
}

}  // namespace

std::vector<ImportRow> read_seed_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw SeedFileError(file.string() + ": cannot be read");
  }
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  csv_parser parser{};
  csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI);
  Table table;
  const bool parsed =
      csv_parse(&parser, text.data(), text.size(), on_field, on_row, &table) == text.size() &&
      csv_fini(&parser, on_field, on_row, &table) == 0;
  const std::string problem = parsed ? "" : csv_strerror(csv_error(&parser));
  csv_free(&parser);
  if (!parsed) {
    throw SeedFileError(file.string() + ":" + std::to_string(table.rows.size()) + ": " + problem);
  }
  std::erase_if(table.rows, [](const auto& row) { return row.empty(); });
  if (table.rows.empty()) {
    throw SeedFileError(file.string() + ":1: the header row is missing");
  }

  std::vector<std::optional<Column>> columns;
  for (const auto& header : table.rows.front()) {
    const auto column = column_of(header);
    if (!column) {
      throw SeedFileError(file.string() + ":1: unknown column \"" + header +
                          "\"; the columns are 单位名称, 统一社会信用代码 and 所在地区");
    }
    columns.push_back(column);
  }
  std::vector<ImportRow> rows;
  for (std::size_t i = 1; i < table.rows.size(); ++i) {
    ImportRow row;
    row.row = static_cast<int>(i) + 1;
    const auto& cells = table.rows[i];
    if (cells.size() > columns.size()) {
      throw SeedFileError(file.string() + ":" + std::to_string(row.row) + ": " +
                          std::to_string(cells.size()) + " cells, but the header names " +
                          std::to_string(columns.size()) + " columns");
    }
    for (std::size_t c = 0; c < cells.size(); ++c) {
      std::array<std::string*, 3> targets = {&row.name, &row.credit_code, &row.region};
      *targets[static_cast<std::size_t>(*columns[c])] = cells[c];
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace guildhall::organisations
