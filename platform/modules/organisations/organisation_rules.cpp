#include "modules/organisations/organisation_rules.hpp"

#include <algorithm>
#include <cstdint>

namespace guildhall::organisations {

namespace {

// Decodes one UTF-8 sequence at `pos`; advances `pos`. nullopt for malformed input (overlong
// forms, surrogates and values above U+10FFFF included).
std::optional<char32_t> next_code_point(std::string_view s, std::size_t& pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(pos);
  std::size_t length = 0;
  char32_t cp = 0;
  if (lead < 0x80) {
    ++pos;
    return lead;
  }
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    cp = lead & 0x07;
  } else {
    return std::nullopt;
  }
  if (pos + length > s.size()) {
    return std::nullopt;
  }
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) {
      return std::nullopt;
    }
    cp = (cp << 6) | (byte(pos + i) & 0x3F);
  }
  static constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinimum[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return std::nullopt;
  }
  pos += length;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_space(char32_t cp) {
  return cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r' || cp == U'\f' || cp == U'\v' ||
         cp == 0x00A0 || cp == 0x3000;
}

// Trims and collapses white space; `fold` also applies the comparison mappings. Malformed
// UTF-8 bytes are kept as they are, so that check_name can still report them.
std::string clean(std::string_view text, bool fold) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t start = pos;
    const auto cp = next_code_point(text, pos);
    if (!cp) {
      pos = start + 1;
      if (pending_space && !out.empty()) {
        out += ' ';
      }
      pending_space = false;
      out += text[start];
      continue;
    }
    char32_t c = *cp;
    if (is_space(c)) {
      pending_space = true;
      continue;
    }
    if (fold) {
      if (c >= 0xFF01 && c <= 0xFF5E) {
        c -= 0xFEE0;
      }
      if (c >= U'A' && c <= U'Z') {
        c += U'a' - U'A';
      }
    }
    if (pending_space && !out.empty()) {
      out += ' ';
    }
    pending_space = false;
    append_utf8(out, c);
  }
  return out;
}

core::FieldIssue issue(std::string field, std::string_view code, core::Message message) {
  return {std::move(field), std::string(code), std::move(message)};
}

bool six_digits(const std::string& code) {
  return code.size() == 6 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string tidy_name(std::string_view text) {
  return clean(text, false);
}

std::string normalise_name(std::string_view text) {
  return clean(text, true);
}

std::optional<std::size_t> utf8_length(std::string_view text) {
  std::size_t count = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (!next_code_point(text, pos)) {
      return std::nullopt;
    }
    ++count;
  }
  return count;
}

std::optional<core::FieldIssue> check_name(std::string_view tidied) {
  if (tidied.empty()) {
    return issue("name", kRequired, {"请填写单位名称", "Enter the organisation's name"});
  }
  const auto length = utf8_length(tidied);
  const bool control = std::any_of(tidied.begin(), tidied.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  });
  if (!length || control) {
    return issue(
        "name", kNameInvalid,
        {"单位名称含有无法识别的字符", "The name contains characters that are not allowed"});
  }
  if (*length < kNameMinChars || *length > kNameMaxChars) {
    return issue("name", kNameLength,
                 {"单位名称应为2至100个字", "The name must be 2 to 100 characters long"});
  }
  return std::nullopt;
}

std::optional<core::FieldIssue> check_region(const std::vector<std::string>& codes) {
  const auto fail = [] {
    return issue("region", kRegionFormat,
                 {"所在地区应为省、市、区县的6位行政区划代码，省在前",
                  "The region is up to three 6-digit division codes: province, city, district"});
  };
  if (codes.size() > kMaxRegionCodes) {
    return fail();
  }
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (!six_digits(codes[i])) {
      return fail();
    }
  }
  if (codes.empty()) {
    return std::nullopt;
  }
  const std::string& province = codes[0];
  if (province.substr(2) != "0000" || province == "000000") {
    return fail();
  }
  if (codes.size() > 1 &&
      (codes[1].substr(0, 2) != province.substr(0, 2) || codes[1] == province)) {
    return fail();
  }
  if (codes.size() > 2 &&
      (codes[2].substr(0, 4) != codes[1].substr(0, 4) || codes[2] == codes[1])) {
    return fail();
  }
  return std::nullopt;
}

std::vector<std::string> split_region_text(std::string_view text) {
  static constexpr std::string_view kSeparators[] = {"/", ",", ";", "-", " ", "\t", "，", "、"};
  std::vector<std::string> out;
  std::string current;
  std::size_t pos = 0;
  while (pos < text.size()) {
    bool separator = false;
    for (const auto sep : kSeparators) {
      if (text.substr(pos, sep.size()) == sep) {
        separator = true;
        pos += sep.size();
        break;
      }
    }
    if (separator) {
      if (!current.empty()) {
        out.push_back(std::move(current));
        current.clear();
      }
      continue;
    }
    current += text[pos++];
  }
  if (!current.empty()) {
    out.push_back(std::move(current));
  }
  return out;
}

std::string join_region(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& code : codes) {
    if (!out.empty()) {
      out += '/';
    }
    out += code;
  }
  return out;
}

}  // namespace guildhall::organisations
