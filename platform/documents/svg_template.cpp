#include "documents/svg_template.hpp"

#include <algorithm>
#include <stdexcept>

namespace guildhall::documents {
namespace {

constexpr std::string_view kOpen = "{{";
constexpr std::string_view kClose = "}}";

bool valid_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

SvgTemplate SvgTemplate::parse(std::string text, const std::string& origin) {
  SvgTemplate t;
  for (std::size_t at = text.find(kOpen); at != std::string::npos;
       at = text.find(kOpen, at + kOpen.size())) {
    const auto end = text.find(kClose, at);
    const std::string name =
        end == std::string::npos ? "" : text.substr(at + kOpen.size(), end - at - kOpen.size());
    if (!valid_name(name)) {
      const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(at), '\n');
      throw std::invalid_argument(origin + ":" + std::to_string(line) +
                                  ": a placeholder is {{name}}, with lower-case letters, digits "
                                  "and \"_\"");
    }
    t.placeholders_.insert(name);
  }
  t.text_ = std::move(text);
  return t;
}

std::string SvgTemplate::fill(const std::map<std::string, std::string>& values) const {
  std::string out;
  out.reserve(text_.size() + 4096);
  std::size_t from = 0;
  for (std::size_t at = text_.find(kOpen); at != std::string::npos; at = text_.find(kOpen, from)) {
    const auto end = text_.find(kClose, at);
    out.append(text_, from, at - from);
    const auto it = values.find(text_.substr(at + kOpen.size(), end - at - kOpen.size()));
    if (it != values.end()) {
      out += xml_escape(it->second);
    }
    from = end + kClose.size();
  }
  out.append(text_, from);
  return out;
}

}  // namespace guildhall::documents
