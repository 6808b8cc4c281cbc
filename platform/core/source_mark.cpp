#include "core/source_mark.hpp"

namespace guildhall::core {

std::string ConfigError::to_string() const {
  std::string out = mark.file;
  if (mark.line > 0) {
    out += ':' + std::to_string(mark.line) + ':' + std::to_string(mark.column);
  }
  out += ": ";
  out += message;
  return out;
}

}  // namespace guildhall::core
