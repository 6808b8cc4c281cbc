// Positions of the values inside a parsed document, keyed by dotted path ("branding.primary_color",
// "member_types.0.key"; list items by their 0-based index). Code that checks a value long after
// parsing -- a plugin validating its section, a reload comparing tenants -- uses it to point its
// error at the right line:
//
//   errors.push_back({config.marks.find("plugin.config.max_committees"), "must be at most 10"});
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/source_mark.hpp"

namespace guildhall::core {

class SourceMap {
 public:
  void add(std::string dotted_path, SourceMark mark);

  // The mark of `dotted_path`, else of its nearest recorded ancestor ("a.b.c" falls back to "a.b",
  // then "a", then the root ""), else an empty mark.
  SourceMark find(std::string_view dotted_path) const;

  bool contains(std::string_view dotted_path) const;
  std::size_t size() const { return marks_.size(); }

 private:
  std::map<std::string, SourceMark, std::less<>> marks_;
};

}  // namespace guildhall::core
