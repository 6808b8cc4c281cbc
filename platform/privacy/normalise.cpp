#include "privacy/normalise.hpp"

#include <algorithm>

namespace guildhall::privacy {

namespace {

// Full-width ASCII U+FF01..U+FF5E is EF BC 81..EF BD 9E in UTF-8; U+3000 is E3 80 80.
std::string fold_fullwidth(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const auto byte = static_cast<unsigned char>(raw[i]);
    if (i + 2 < raw.size()) {
      const auto b1 = static_cast<unsigned char>(raw[i + 1]);
      const auto b2 = static_cast<unsigned char>(raw[i + 2]);
      if (byte == 0xEF && (b1 == 0xBC || b1 == 0xBD) && b2 >= 0x80 && b2 <= 0xBF) {
        const unsigned code = 0xFF00U + (b1 == 0xBD ? 0x40U : 0U) + (b2 - 0x80U);
        if (code >= 0xFF01 && code <= 0xFF5E) {
          out.push_back(static_cast<char>(code - 0xFEE0U));
          i += 2;
          continue;
        }
      }
      if (byte == 0xE3 && b1 == 0x80 && b2 == 0x80) {
        out.push_back(' ');
        i += 2;
        continue;
      }
    }
    out.push_back(static_cast<char>(byte));
  }
  return out;
}

// ASCII only: the C library's classification follows the process locale and could touch the
// bytes of multi-byte UTF-8 characters.
bool is_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}
char to_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}
char to_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool all_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool mainland_mobile(std::string_view digits) {
  return digits.size() == 11 && digits.front() == '1' && all_digits(digits);
}

}  // namespace

std::string normalise_id_number(std::string_view raw) {
  std::string out;
  for (const char c : fold_fullwidth(raw)) {
    if (!is_space(c)) {
      out.push_back(to_upper(c));
    }
  }
  return out;
}

std::string normalise_mobile(std::string_view raw) {
  std::string out;
  for (const char c : fold_fullwidth(raw)) {
    if (!is_space(c) && c != '-' && c != '.' && c != '(' && c != ')') {
      out.push_back(c);
    }
  }
  for (const std::string_view prefix : {"+86", "0086", "86"}) {
    if (out.starts_with(prefix) && mainland_mobile(std::string_view(out).substr(prefix.size()))) {
      return out.substr(prefix.size());
    }
  }
  return out;
}

std::string normalise_email(std::string_view raw) {
  const auto folded = fold_fullwidth(raw);
  std::string_view view = folded;
  while (!view.empty() && is_space(view.front())) {
    view.remove_prefix(1);
  }
  while (!view.empty() && is_space(view.back())) {
    view.remove_suffix(1);
  }
  std::string out(view);
  std::transform(out.begin(), out.end(), out.begin(), to_lower);
  return out;
}

}  // namespace guildhall::privacy
