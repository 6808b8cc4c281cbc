// Converts a YAML subtree into the SDK's plain Value, the form a plugin receives its section of a
// tenant's configuration in, and records where each value was written so that a plugin's
// complaint can be reported at the right line.
//
//   SourceMap marks;
//   sdk::Value section = to_sdk_value(*node, marks);
//   marks.find("limits.max_committees");  // the line and column of that value
#pragma once

#include <guildhall/sdk/value.hpp>
#include <string>

#include "core/source_map.hpp"
#include "core/yaml_node.hpp"

namespace guildhall::core {

// Unquoted scalars follow the YAML 1.2 core schema: null/~ are null, true/false booleans, digits
// integers (too large ones stay text), decimal numbers doubles; quoted scalars are always text.
// Paths in `marks` are relative to `node` (which itself gets ""); list items use their 0-based
// index ("members.0.name").
sdk::Value to_sdk_value(const YamlNode& node, SourceMap& marks, const std::string& path = "");

// Records the mark of `node` and of everything below it, with the same paths as to_sdk_value.
void record_marks(const YamlNode& node, SourceMap& marks, const std::string& path = "");

}  // namespace guildhall::core
