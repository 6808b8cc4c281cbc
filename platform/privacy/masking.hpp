// Masked forms of personal data for responses, lists and the public certificate check. Every
// function accepts any input (empty, too short, malformed UTF-8) without throwing, and never shows
// more than its rule: a value that does not have the expected shape shows at most a quarter of its
// characters at each end, so a short or odd value is mostly stars.
//
//   mask_mobile("13800138000")                              -> "138****8000"
//   mask_id_number("11010519491231002X", IdNumberView::reviewer) -> "110105********002X"
//   mask_id_number("11010519491231002X", IdNumberView::list)     -> "11**************2X"
//   mask_email("zhang@example.com")                         -> "z***@example.com"
//   mask_name("张三") -> "张*", mask_name("欧阳娜娜") -> "欧阳**"
#pragma once

#include <string>
#include <string_view>

namespace guildhall::privacy {

// Reviewers see the region and the last four (6+4); lists and the public certificate check see
// only the province and the last two (2+2), enough to tell two rows apart, not to identify anyone.
enum class IdNumberView { reviewer, list };

// 3+4 for an 11-digit mainland number (after normalise_mobile), the fallback rule otherwise.
std::string mask_mobile(std::string_view raw);

// 6+4 or 2+2 for 18- and 15-character resident ID numbers, the fallback rule for other documents.
std::string mask_id_number(std::string_view raw, IdNumberView view);

// The first character of the local part (when it has two or more), three stars whatever its
// length, and the domain; "***" for anything without a local part and a domain.
std::string mask_email(std::string_view raw);

// The surname (a known two-character compound surname such as 欧阳 or 司马 when the name is
// longer than it) and one star for each other character; a single character becomes "*".
std::string mask_name(std::string_view raw);

}  // namespace guildhall::privacy
