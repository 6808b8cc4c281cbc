// Canonical forms of personal identifiers, so that "11010519491231002x", "110105 19491231 002X"
// and a full-width "１１０１０５…" are the same person for blind indexes, uniqueness and masking.
// Full-width ASCII forms (U+FF01–U+FF5E, typed by Chinese input methods) and the ideographic
// space are folded to ASCII first.
#pragma once

#include <string>
#include <string_view>

namespace guildhall::privacy {

// Whitespace removed, letters upper-cased (the check character X).
std::string normalise_id_number(std::string_view raw);

// Spaces, dashes, dots and parentheses removed; a mainland prefix (+86, 0086, or 86 before an
// 11-digit number starting with 1) dropped. Other country codes keep their "+".
std::string normalise_mobile(std::string_view raw);

// Surrounding whitespace removed and ASCII lower-cased: mail providers treat local parts
// case-insensitively in practice, and two accounts differing only in case would be a support
// problem, not a feature.
std::string normalise_email(std::string_view raw);

}  // namespace guildhall::privacy
