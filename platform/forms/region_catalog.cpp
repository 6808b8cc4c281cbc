#include "forms/region_catalog.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

// The dataset, linked in by the assembler so that 140 KB of JSON costs no compile time;
// GUILDHALL_REGIONS_FILE is set by CMake, which also rebuilds this file when the data changes.
asm(".section .rodata\n"
    ".global guildhall_regions_json\n"
    ".type guildhall_regions_json, @object\n"
    "guildhall_regions_json:\n"
    ".incbin \"" GUILDHALL_REGIONS_FILE
    "\"\n"
    ".global guildhall_regions_json_end\n"
    "guildhall_regions_json_end:\n"
    ".byte 0\n"
    ".previous\n");
extern "C" const char guildhall_regions_json[];
extern "C" const char guildhall_regions_json_end[];

namespace guildhall::forms {
namespace {

void index(const nlohmann::json& items, const std::string& parent,
           std::map<std::string, std::string, std::less<>>& parents,
           std::map<std::string, std::string, std::less<>>& names) {
  for (const auto& item : items) {
    const std::string code = item.at("code").get<std::string>();
    parents.emplace(code, parent);
    names.emplace(code, item.at("name").get<std::string>());
    if (auto children = item.find("children"); children != item.end()) {
      index(*children, code, parents, names);
    }
  }
}

}  // namespace

const RegionCatalog& RegionCatalog::mainland() {
  static const RegionCatalog catalog = from_json(std::string_view(
      guildhall_regions_json,
      static_cast<std::size_t>(guildhall_regions_json_end - guildhall_regions_json)));
  return catalog;
}

RegionCatalog RegionCatalog::from_json(std::string_view json) {
  RegionCatalog catalog;
  catalog.json_ = std::string(json);
  index(nlohmann::json::parse(json), "", catalog.parents_, catalog.names_);
  for (const auto& [code, parent] : catalog.parents_) {
    catalog.children_[parent].push_back(code);
  }
  return catalog;
}

std::optional<std::vector<std::string>> RegionCatalog::path_of_text(std::string_view text) const {
  std::vector<std::string> parts;
  std::string part;
  const auto flush = [&] {
    if (!part.empty()) {
      parts.push_back(part);
      part.clear();
    }
  };
  // Separators: ASCII ones, and the full-width comma, slash and 、 (each three bytes in UTF-8).
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '/' || c == ',' || c == ' ' || c == '-' || c == ';' || c == '\t') {
      flush();
    } else if (text.substr(i, 3) == "，" || text.substr(i, 3) == "／" ||
               text.substr(i, 3) == "、" || text.substr(i, 3) == "　") {
      flush();
      i += 2;
    } else {
      part += c;
    }
  }
  flush();
  if (parts.empty()) {
    return std::nullopt;
  }
  // A single code: the path up to its province.
  if (parts.size() == 1 && parents_.contains(parts.front())) {
    std::vector<std::string> path;
    for (std::string code = parts.front(); !code.empty(); code = parents_.find(code)->second) {
      path.insert(path.begin(), code);
    }
    return path;
  }
  const auto matching = [&](const std::string& parent, const std::string& word) -> std::string {
    const auto kids = children_.find(parent);
    if (kids == children_.end()) {
      return {};
    }
    std::string prefixed;
    int prefixes = 0;
    for (const auto& code : kids->second) {
      const std::string& name = names_.find(code)->second;
      if (name == word || code == word) {
        return code;
      }
      if (word.size() >= 6 && name.starts_with(word)) {  // two Chinese characters at least
        prefixed = code;
        ++prefixes;
      }
    }
    return prefixes == 1 ? prefixed : std::string();
  };
  std::vector<std::string> path;
  std::string parent;
  for (const auto& word : parts) {
    if (std::string code = matching(parent, word); !code.empty()) {
      path.push_back(code);
      parent = code;
      continue;
    }
    // A municipality's one city level (市辖区): written as the city's own name, or skipped.
    const auto kids = children_.find(parent);
    if (!parent.empty() && kids != children_.end() && kids->second.size() == 1) {
      const std::string& only = kids->second.front();
      if (word == names_.find(parent)->second || names_.find(parent)->second.starts_with(word)) {
        path.push_back(only);
        parent = only;
        continue;
      }
      if (std::string code = matching(only, word); !code.empty()) {
        path.push_back(only);
        path.push_back(code);
        parent = code;
        continue;
      }
    }
    return std::nullopt;
  }
  return path;
}

bool RegionCatalog::valid_path(std::span<const std::string> codes) const {
  std::string parent;
  for (const auto& code : codes) {
    auto it = parents_.find(code);
    if (it == parents_.end() || it->second != parent) {
      return false;
    }
    parent = code;
  }
  return true;
}

std::string RegionCatalog::describe(std::span<const std::string> codes) const {
  std::string out;
  for (const auto& code : codes) {
    auto it = names_.find(code);
    out += (out.empty() ? "" : " / ") + (it == names_.end() ? code : it->second);
  }
  return out;
}

}  // namespace guildhall::forms
