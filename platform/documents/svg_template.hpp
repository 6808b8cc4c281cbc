// An SVG document with {{name}} placeholders. Values are XML-escaped as they are substituted, so a
// name such as "A&B <x>" cannot change the document's structure.
//
//   const auto t = SvgTemplate::parse(text, "certificates/medical-member.svg");
//   std::string svg = t.fill({{"member_name", "张三"}, {"qr_code_href", data_uri}});
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

namespace guildhall::documents {

std::string xml_escape(std::string_view text);

class SvgTemplate {
 public:
  // Throws std::invalid_argument naming `origin` and the line of an unterminated or malformed
  // placeholder (names are lower-case letters, digits and "_").
  static SvgTemplate parse(std::string text, const std::string& origin);

  const std::set<std::string>& placeholders() const { return placeholders_; }
  // A placeholder without a value becomes empty text.
  std::string fill(const std::map<std::string, std::string>& values) const;

 private:
  std::string text_;
  std::set<std::string> placeholders_;
};

}  // namespace guildhall::documents
