// Optional values in and out of SOCI statements, which bind neither std::optional nor a null
// without an indicator (docs: stack notes). For the stores only: it includes SOCI.
#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>

namespace guildhall::db {

// A column of a dynamic row that may be NULL.
template <typename T>
std::optional<T> optional_of(const soci::row& r, const std::string& column) {
  if (r.get_indicator(column) == soci::i_null) {
    return std::nullopt;
  }
  return r.get<T>(column);
}

// Binds an optional value: the value, or NULL. Bind as soci::use(n.value, n.indicator).
template <typename T>
struct Nullable {
  explicit Nullable(const std::optional<T>& v)
      : value(v.value_or(T{})), indicator(v ? soci::i_ok : soci::i_null) {}
  T value;
  soci::indicator indicator;
};

}  // namespace guildhall::db
