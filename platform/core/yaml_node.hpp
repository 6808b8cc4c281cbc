// A YAML document as a plain tree that remembers where every node was written.
//
// yaml-cpp stays inside yaml_node.cpp: the rest of the platform reads configuration through this
// tree and the readers built on it (yaml_reader.hpp, mapping_reader.hpp). Parsing also catches
// what yaml-cpp 0.7 lets through silently -- duplicate keys (it keeps the first) and an
// unterminated quoted string (it swallows the rest of the file) -- and turns yaml-cpp's byte
// columns into character columns, so a position after Chinese text still matches the editor.
//
//   YamlDocument doc = parse_yaml(text, "tenants/med/tenant.yaml");
//   for (const ConfigError& e : doc.errors) std::cerr << e.to_string() << '\n';
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/source_mark.hpp"

namespace guildhall::core {

struct YamlEntry;

struct YamlNode {
  enum class Kind { null, scalar, sequence, mapping };

  Kind kind = Kind::null;
  // Text of a scalar, exactly as written (without quotes).
  std::string text;
  // True when the scalar was quoted or explicitly tagged, so it is text even if it reads "42".
  bool quoted = false;
  // An empty value followed on the same line by a "#..." comment: almost always a colour or
  // other value that needed quotes. Readers use it to explain the fix.
  bool comment_follows = false;
  SourceMark mark;
  std::vector<YamlNode> items;     // for a sequence
  std::vector<YamlEntry> entries;  // for a mapping, in document order, duplicates removed

  bool is_null() const { return kind == Kind::null; }
  bool is_scalar() const { return kind == Kind::scalar; }
  bool is_sequence() const { return kind == Kind::sequence; }
  bool is_mapping() const { return kind == Kind::mapping; }

  // The value under `key` of a mapping, or nullptr.
  const YamlNode* find(std::string_view key) const;
};

struct YamlEntry {
  std::string key;
  SourceMark key_mark;
  YamlNode value;
};

struct YamlDocument {
  // A null node when the text is empty or could not be parsed.
  YamlNode root;
  std::vector<ConfigError> errors;
};

// Never throws on bad input: every problem becomes an entry of `errors`.
YamlDocument parse_yaml(std::string_view text, const std::string& file);

// "text", "a list", "a mapping", "empty": how messages name what an administrator wrote.
std::string_view describe_kind(YamlNode::Kind kind);

}  // namespace guildhall::core
