#include "modules/organisations/seed_file.hpp"

#include <array>
#include <map>
#include <optional>
#include <string>

#include "documents/csv_table.hpp"

namespace guildhall::organisations {
namespace {

enum class Column { name, credit_code, region };

std::optional<Column> column_of(std::string header) {
  static const std::map<std::string, Column> kNames = {{"单位名称", Column::name},
                                                       {"name", Column::name},
                                                       {"统一社会信用代码", Column::credit_code},
                                                       {"credit_code", Column::credit_code},
                                                       {"所在地区", Column::region},
                                                       {"region", Column::region}};
  const auto it = kNames.find(header);
  return it == kNames.end() ? std::nullopt : std::optional(it->second);
}

}  // namespace

std::vector<ImportRow> read_seed_file(const std::filesystem::path& file) {
  std::vector<documents::CsvRow> table;
  try {
    table = documents::read_csv_table(file);
  } catch (const documents::CsvError& e) {
    throw SeedFileError(e.what());
  }
  if (table.empty()) {
    throw SeedFileError(file.string() + ":1: the header row is missing");
  }

  std::vector<std::optional<Column>> columns;
  for (const auto& header : table.front().cells) {
    const auto column = column_of(header);
    if (!column) {
      throw SeedFileError(file.string() + ":1: unknown column \"" + header +
                          "\"; the columns are 单位名称, 统一社会信用代码 and 所在地区");
    }
    columns.push_back(column);
  }
  std::vector<ImportRow> rows;
  for (std::size_t i = 1; i < table.size(); ++i) {
    ImportRow row;
    row.row = table[i].line;
    const auto& cells = table[i].cells;
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
