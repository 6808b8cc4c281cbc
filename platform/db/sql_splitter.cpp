#include "db/sql_splitter.hpp"

#include <stdexcept>

namespace guildhall::db {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

std::string trim(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && is_space(text[begin]))
    ++begin;
  while (end > begin && is_space(text[end - 1]))
    --end;
  return std::string(text.substr(begin, end - begin));
}

}  // namespace

std::vector<std::string> split_sql_statements(std::string_view sql) {
  std::vector<std::string> statements;
  std::string current;
  char quote = 0;
  int line = 1;
  int quote_line = 0;

  const auto finish_statement = [&] {
    std::string statement = trim(current);
    if (!statement.empty())
      statements.push_back(std::move(statement));
    current.clear();
  };

  // A ';' ends the statement when only spaces or a comment follow it on its line.
  const auto ends_line = [&](std::size_t after) {
    for (std::size_t j = after; j < sql.size(); ++j) {
      const char c = sql[j];
      if (c == '\n')
        return true;
      if (c == '-' && j + 1 < sql.size() && sql[j + 1] == '-')
        return true;
      if (!is_space(c))
        return false;
    }
    return true;
  };

  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote != 0) {
      current += c;
      if (c == '\n')
        ++line;
      if (c == '\\' && quote == '\'' && i + 1 < sql.size()) {
        current += sql[++i];
        if (sql[i] == '\n')
          ++line;
      } else if (c == quote) {
        // A doubled quote inside a string is an escaped quote, not the end.
        if (i + 1 < sql.size() && sql[i + 1] == quote) {
          current += sql[++i];
        } else {
          quote = 0;
        }
      }
      continue;
    }
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n')
        ++i;
      if (i < sql.size()) {
        current += '\n';
        ++line;
      }
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') {
      quote = c;
      quote_line = line;
      current += c;
      continue;
    }
    if (c == ';' && ends_line(i + 1)) {
      finish_statement();
      continue;
    }
    if (c == '\n')
      ++line;
    current += c;
  }
  if (quote != 0) {
    throw std::invalid_argument("unterminated quoted text opened with " + std::string(1, quote) +
                                " on line " + std::to_string(quote_line));
  }
  finish_statement();
  return statements;
}

}  // namespace guildhall::db
