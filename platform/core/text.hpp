// Small text helpers the form checks and importers share.
#pragma once

#include <string>
#include <string_view>

namespace guildhall::core {

// `text` without ASCII blanks (space, tab, CR, LF) at either end.
inline std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace guildhall::core
