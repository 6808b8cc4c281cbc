#include "core/source_map.hpp"

#include <utility>

namespace guildhall::core {

void SourceMap::add(std::string dotted_path, SourceMark mark) {
  marks_.insert_or_assign(std::move(dotted_path), std::move(mark));
}

SourceMark SourceMap::find(std::string_view dotted_path) const {
  std::string_view path = dotted_path;
  while (true) {
    if (auto it = marks_.find(path); it != marks_.end()) {
      return it->second;
    }
    if (path.empty()) {
      return {};
    }
    const auto dot = path.rfind('.');
    path = dot == std::string_view::npos ? std::string_view{} : path.substr(0, dot);
  }
}

bool SourceMap::contains(std::string_view dotted_path) const {
  return marks_.find(dotted_path) != marks_.end();
}

}  // namespace guildhall::core
