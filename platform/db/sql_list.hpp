// Text for the stores' SQL built at run time: the placeholder list of an IN clause with a variable
// number of values, and LIKE patterns.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace guildhall::db {

// ":prefix0, :prefix1, …" for `count` bound values.
inline std::string placeholders(std::string_view prefix, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    out += (i == 0 ? ":" : ", :") + std::string(prefix) + std::to_string(i);
  }
  return out;
}

// A LIKE pattern matching `part` anywhere, its wildcards escaped with '!' (write ESCAPE '!').
inline std::string contains_pattern(std::string_view part) {
  std::string out = "%";
  for (const char c : part) {
    if (c == '%' || c == '_' || c == '!') {
      out += '!';
    }
    out += c;
  }
  out += '%';
  return out;
}

}  // namespace guildhall::db
