// A CSV file (RFC 4180 quoting, UTF-8, an optional byte order mark as Excel writes it) read as
// rows of text cells, through libcsv. Empty lines are left out; rows keep their cells as written.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace guildhall::documents {

// Thrown with "<file>:<row>: <what is wrong>".
class CsvError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CsvRow {
  int line = 0;  // the row's number in the file, the first being 1
  std::vector<std::string> cells;
};

std::vector<CsvRow> read_csv_table(const std::filesystem::path& file);

}  // namespace guildhall::documents
