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
  return catalog;
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
