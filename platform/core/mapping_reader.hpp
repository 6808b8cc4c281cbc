// Reads one YAML mapping against the keys its caller asks for. Every getter declares its key;
// finish() then reports each key nobody asked for, with a "did you mean" suggestion when it is a
// near miss of a declared one. Missing required keys and values of the wrong kind are reported by
// the getters. Nothing throws: errors go to the YamlReader's list.
//
//   MappingReader branding(node, reader, "branding");
//   auto color = branding.text("primary_color", Presence::required);
//   auto logo = branding.text("logo_text", Presence::optional);
//   branding.finish();  // "colour" here -> unknown key "colour" in "branding" (did you mean ...)
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/localized_text.hpp"
#include "core/yaml_node.hpp"
#include "core/yaml_reader.hpp"

namespace guildhall::core {

enum class Presence { required, optional };

class MappingReader {
 public:
  // `node` and `reader` must outlive the MappingReader. `path` is the node's dotted path, empty for
  // a document's root. A node that is no mapping is reported once here (an empty root as "the file
  // is empty"), and every getter then returns nothing without further messages.
  MappingReader(const YamlNode& node, YamlReader& reader, std::string path);

  bool ok() const { return ok_; }
  const SourceMark& mark() const { return node_->mark; }
  const std::string& path() const { return path_; }
  // "branding.logo_text" for key "logo_text" of "branding".
  std::string path_of(std::string_view key) const;
  const YamlEntry* entry(std::string_view key) const;

  // The value under `key`, or nullptr when absent (reported when required). An explicit empty
  // value (`key:` with nothing after it) is returned as a null node for the typed getters to judge.
  const YamlNode* value(std::string_view key, Presence presence);

  std::optional<std::string> text(std::string_view key, Presence presence);
  std::optional<std::int64_t> integer(std::string_view key, Presence presence);
  std::optional<bool> boolean(std::string_view key, Presence presence);
  std::optional<std::string> one_of(std::string_view key, Presence presence,
                                    std::span<const std::string_view> allowed);
  const std::vector<YamlNode>* list(std::string_view key, Presence presence);
  std::optional<MappingReader> mapping(std::string_view key, Presence presence);
  // A `{zh-CN: ..., en: ...}` mapping; zh-CN is required and must not be empty.
  std::optional<LocalizedText> localized(std::string_view key, Presence presence);

  // Reports the keys of the mapping that no getter declared. Call once, after the last getter.
  void finish();

 private:
  const YamlNode* node_;
  YamlReader* reader_;
  std::string path_;
  std::vector<std::string> declared_;
  bool ok_ = false;
};

}  // namespace guildhall::core
