// The mainland's provinces, cities and districts (GB/T 2260 codes), embedded in the binary from
// platform/forms/data/regions.json (scripts/update-regions regenerates it). The validator checks
// region values against it; GET /api/v1/regions serves the same bytes to the browser's cascader,
// so both sides offer and accept the same choices.
//
//   const RegionCatalog& regions = RegionCatalog::mainland();
//   regions.valid_path({"120000", "120100", "120101"});  // true: 天津市 / 市辖区 / 和平区
//   regions.valid_path({"120000", "110100"});            // false: 北京's city under 天津
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace guildhall::forms {

class RegionCatalog {
 public:
  // Parsed once, on first use; the data is part of the binary, so it cannot be missing.
  static const RegionCatalog& mainland();

  // Builds a catalog from JSON of the served shape: [{code, name, children: [...]}].
  static RegionCatalog from_json(std::string_view json);

  // The dataset as served, JSON.
  std::string_view json() const { return json_; }
  bool contains(std::string_view code) const { return parents_.contains(std::string(code)); }
  // True when every code exists and each one lies directly under the one before it, starting at
  // a province. An empty path is valid (emptiness is the "required" rule's business).
  bool valid_path(std::span<const std::string> codes) const;
  // "天津市 / 市辖区 / 和平区" style names of a valid path, for documents and lists.
  std::string describe(std::span<const std::string> codes) const;
  std::size_t size() const { return parents_.size(); }
  // The path a person wrote as names or codes, as old rosters and spreadsheets hold them:
  // "天津/天津市/和平区", "天津市 和平区", "河北省,石家庄市", "120101" (a code stands for its whole
  // path). A name matches a division whose name it is or begins ("天津" for 天津市); the
  // municipalities' 市辖区 level may be left out or written as the city's name. nullopt when no
  // such path exists.
  std::optional<std::vector<std::string>> path_of_text(std::string_view text) const;

 private:
  std::string json_;
  std::map<std::string, std::string, std::less<>>
      parents_;  // code -> parent code ("" for a province)
  std::map<std::string, std::string, std::less<>> names_;
  std::map<std::string, std::vector<std::string>, std::less<>> children_;  // "" for provinces
};

}  // namespace guildhall::forms
