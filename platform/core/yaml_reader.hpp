// Typed reading of YAML values with errors collected, never thrown: one pass over a file reports
// every problem at once, each at its line and column, in words an association's administrator can
// act on. MappingReader (mapping_reader.hpp) builds on it for mappings with declared keys.
//
//   std::vector<ConfigError> errors;
//   YamlReader reader(errors);
//   std::optional<std::int64_t> n = reader.integer(node, "plugin.config.max_committees");
//   // on "abc": 4:28: "plugin.config.max_committees" must be a whole number, but it is "abc"
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/source_mark.hpp"
#include "core/yaml_node.hpp"

namespace guildhall::core {

class YamlReader {
 public:
  explicit YamlReader(std::vector<ConfigError>& errors) : errors_(&errors) {}

  void error(const SourceMark& mark, std::string message);
  std::size_t error_count() const { return errors_->size(); }

  // Each reader names the value by `what` (its dotted path, e.g. "branding.logo_text") in its
  // messages and returns nullopt/nullptr after reporting a value of the wrong kind.

  // Any scalar, as written: `phone: 13800000000` is the text "13800000000".
  std::optional<std::string> text(const YamlNode& node, std::string_view what);
  std::optional<std::int64_t> integer(const YamlNode& node, std::string_view what);
  std::optional<bool> boolean(const YamlNode& node, std::string_view what);
  // One of `allowed`, exactly; a near miss gets a suggestion, and the message lists them all.
  std::optional<std::string> one_of(const YamlNode& node, std::string_view what,
                                    std::span<const std::string_view> allowed);
  const std::vector<YamlNode>* list(const YamlNode& node, std::string_view what);
  // Reports unless `node` is of `kind`; `expected` names it ("a list", "a mapping", ...).
  bool expect_kind(const YamlNode& node, YamlNode::Kind kind, std::string_view what,
                   std::string_view expected);

 private:
  void wrong_kind(const YamlNode& node, std::string_view what, std::string_view expected);

  std::vector<ConfigError>* errors_;
};

// `what` in the double quotes that messages put around names and values.
std::string in_quotes(std::string_view what);

}  // namespace guildhall::core
