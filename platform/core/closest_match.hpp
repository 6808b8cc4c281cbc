// "Did you mean ...?" for misspelt keys and values: the candidate within a few typing mistakes of
// what was written, comparing without case.
//
//   closest_match("nmae", {"slug", "name", "kind"});  // "name"
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace guildhall::core {

// Edit distance counting insertions, deletions, substitutions and swaps of neighbours as one
// step each (optimal string alignment), so "nmae" is one step from "name".
std::size_t edit_distance(std::string_view a, std::string_view b);

// The closest candidate when it is near enough to be a plausible typo (at most 1 edit for short
// words, up to 3 for long ones); nullopt otherwise or when `word` is itself a candidate.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

}  // namespace guildhall::core
