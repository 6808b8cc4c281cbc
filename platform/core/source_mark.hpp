// Where a piece of configuration came from, so that every error an administrator sees points at
// the exact spot to fix:
//
//   ConfigError error{{"tenants/med/tenant.yaml", 3, 5}, "unknown key \"nmae\""};
//   std::cerr << error.to_string();  // tenants/med/tenant.yaml:3:5: unknown key "nmae"
#pragma once

#include <string>

namespace guildhall::core {

// Line and column count from 1, in characters (not bytes), as editors show them. A line of 0
// means the position is unknown, e.g. for a file that cannot be read at all.
struct SourceMark {
  std::string file;
  int line = 0;
  int column = 0;

  friend bool operator==(const SourceMark&, const SourceMark&) = default;
};

struct ConfigError {
  SourceMark mark;
  std::string message;

  // "file:line:col: message", or "file: message" when the position is unknown.
  std::string to_string() const;

  friend bool operator==(const ConfigError&, const ConfigError&) = default;
};

}  // namespace guildhall::core
