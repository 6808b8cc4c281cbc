// The placeholder list of an SQL IN clause, for the stores that bind a variable number of values.
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

}  // namespace guildhall::db
