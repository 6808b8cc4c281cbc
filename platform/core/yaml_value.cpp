#include "core/yaml_value.hpp"

#include <charconv>
#include <cstdint>
#include <regex>

namespace guildhall::core {
namespace {

sdk::Value scalar_value(const YamlNode& node) {
  if (node.quoted) {
    return sdk::Value(node.text);
  }
  const std::string& s = node.text;
  if (s == "null" || s == "Null" || s == "NULL" || s == "~") {
    return sdk::Value();
  }
  if (s == "true" || s == "True" || s == "TRUE") {
    return sdk::Value(true);
  }
  if (s == "false" || s == "False" || s == "FALSE") {
    return sdk::Value(false);
  }
  static const std::regex kInteger(R"([-+]?[0-9]+)");
  static const std::regex kDecimal(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  if (std::regex_match(s, kInteger)) {
    const char* begin = s.data() + (s.front() == '+' ? 1 : 0);
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(begin, s.data() + s.size(), value);
    if (ec == std::errc{} && end == s.data() + s.size()) {
      return sdk::Value(value);
    }
    return sdk::Value(s);
  }
  if (std::regex_match(s, kDecimal)) {
    return sdk::Value(std::stod(s));
  }
  return sdk::Value(s);
}

std::string child_path(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

}  // namespace

sdk::Value to_sdk_value(const YamlNode& node, SourceMap& marks, const std::string& path) {
  marks.add(path, node.mark);
  switch (node.kind) {
    case YamlNode::Kind::null:
      return sdk::Value();
    case YamlNode::Kind::scalar:
      return scalar_value(node);
    case YamlNode::Kind::sequence: {
      sdk::Value::Array items;
      items.reserve(node.items.size());
      for (std::size_t i = 0; i < node.items.size(); ++i) {
        items.push_back(to_sdk_value(node.items[i], marks, child_path(path, std::to_string(i))));
      }
      return sdk::Value(std::move(items));
    }
    case YamlNode::Kind::mapping: {
      sdk::Value::Object members;
      members.reserve(node.entries.size());
      for (const auto& entry : node.entries) {
        members.emplace_back(entry.key,
                             to_sdk_value(entry.value, marks, child_path(path, entry.key)));
      }
      return sdk::Value(std::move(members));
    }
  }
  return sdk::Value();
}

void record_marks(const YamlNode& node, SourceMap& marks, const std::string& path) {
  marks.add(path, node.mark);
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    record_marks(node.items[i], marks, child_path(path, std::to_string(i)));
  }
  for (const auto& entry : node.entries) {
    record_marks(entry.value, marks, child_path(path, entry.key));
  }
}

}  // namespace guildhall::core
