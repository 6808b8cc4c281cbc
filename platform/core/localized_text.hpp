// A text shown to people in both languages of the product, as configuration files write it:
// `{zh-CN: 中文, en: English}`. Read with MappingReader::localized().
#pragma once

#include <string>
#include <string_view>

namespace guildhall::core {

// A text shown to people, in Chinese (always present) and English (may be empty).
struct LocalizedText {
  std::string zh_cn;
  std::string en;

  // The English text for an "en..." locale when there is one, the Chinese text otherwise.
  const std::string& in(std::string_view locale) const {
    return (locale.substr(0, 2) == "en" && !en.empty()) ? en : zh_cn;
  }
  bool empty() const { return zh_cn.empty() && en.empty(); }

  friend bool operator==(const LocalizedText&, const LocalizedText&) = default;
};

}  // namespace guildhall::core
