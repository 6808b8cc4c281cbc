#include "privacy/masking.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "privacy/normalise.hpp"

namespace guildhall::privacy {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Splits into code points; an invalid byte becomes U+FFFD so the output stays valid UTF-8 and a
// stray byte never counts as several characters.
std::vector<std::string> code_points(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    if (lead < 0x80) {
      length = 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
    }
    bool valid = length > 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    }
    if (valid) {
      out.emplace_back(text.substr(i, length));
      i += length;
    } else {
      out.emplace_back(kReplacement);
      ++i;
    }
  }
  return out;
}

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\v\f";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

// Shows `front` and `back` characters when the value has the expected shape, at most a quarter
// of it at each end otherwise; everything else is one star per character.
std::string mask_ends(const std::vector<std::string>& chars, std::size_t front, std::size_t back,
                      bool expected_shape) {
  const auto n = chars.size();
  if (!expected_shape) {
    front = std::min(front, n / 4);
    back = std::min(back, n / 4);
  }
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += (i < front || i >= n - back) ? chars[i] : "*";
  }
  return out;
}

bool all_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool resident_id_shape(std::string_view id) {
  if (id.size() == 15) {
    return all_digits(id);
  }
  return id.size() == 18 && all_digits(id.substr(0, 17)) &&
         (all_digits(id.substr(17)) || id.back() == 'X');
}

// The two-character surnames still common in China; a name starting with one of them keeps both.
constexpr std::array<std::string_view, 40> kCompoundSurnames = {
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
    "宇文", "司徒", "令狐", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "呼延",
    "万俟", "闻人", "澹台", "公冶", "太史", "申屠", "钟离", "赫连", "拓跋", "百里",
    "东郭", "濮阳", "单于", "淳于", "司空", "仲孙", "宗政", "公羊", "第五", "左丘"};

}  // namespace

std::string mask_mobile(std::string_view raw) {
  const auto mobile = normalise_mobile(raw);
  const bool mainland = mobile.size() == 11 && mobile.front() == '1' && all_digits(mobile);
  return mask_ends(code_points(mobile), 3, 4, mainland);
}

std::string mask_id_number(std::string_view raw, IdNumberView view) {
  const auto id = normalise_id_number(raw);
  const bool reviewer = view == IdNumberView::reviewer;
  return mask_ends(code_points(id), reviewer ? 6 : 2, reviewer ? 4 : 2, resident_id_shape(id));
}

std::string mask_email(std::string_view raw) {
  const auto email = trim(raw);
  const auto at = email.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == email.size()) {
    return "***";
  }
  const auto local = code_points(email.substr(0, at));
  std::string out = local.size() >= 2 ? local.front() : std::string();
  out += "***@";
  for (const auto& c : code_points(email.substr(at + 1))) {
    out += c;
  }
  return out;
}

std::string mask_name(std::string_view raw) {
  const auto chars = code_points(trim(raw));
  if (chars.empty()) {
    return {};
  }
  std::size_t surname = 1;
  if (chars.size() >= 3) {
    const auto first_two = chars[0] + chars[1];
    if (std::find(kCompoundSurnames.begin(), kCompoundSurnames.end(), first_two) !=
        kCompoundSurnames.end()) {
      surname = 2;
    }
  }
  if (chars.size() == 1) {
    surname = 0;
  }
  return mask_ends(chars, surname, 0, true);
}

}  // namespace guildhall::privacy
