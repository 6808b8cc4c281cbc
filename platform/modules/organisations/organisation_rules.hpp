// The pure rules of the organisation registry: how a name is tidied for display and normalised
// for comparison, how long it may be, and what a region value looks like. No I/O, so the
// service, the import and the unit tests share exactly one definition.
//
//   tidy_name("  北京协和医院（东院） ")        → "北京协和医院（东院）"
//   normalise_name("ＡＢＣ　 Company ")        → "abc company"
//   check_region({"120000", "120100", "120101"}) → no issue
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.hpp"

namespace guildhall::organisations {

inline constexpr std::size_t kNameMinChars = 2;
inline constexpr std::size_t kNameMaxChars = 100;
inline constexpr std::size_t kMaxRegionCodes = 3;

// Stable issue codes a client may act on.
inline constexpr std::string_view kRequired = "required";
inline constexpr std::string_view kNameLength = "name_length";
inline constexpr std::string_view kNameInvalid = "name_invalid";
inline constexpr std::string_view kRegionFormat = "region_format";

// Trimmed, every run of white space (ASCII, no-break, ideographic) made one ASCII space. What
// is stored and shown: official Chinese names keep their full-width brackets.
std::string tidy_name(std::string_view text);

// The comparison form: full-width ASCII (U+FF01–U+FF5E) made half-width, the ideographic space
// a space, white space trimmed and collapsed, ASCII letters in lower case. Two names with the
// same normalised form are the same name.
std::string normalise_name(std::string_view text);

// Number of Unicode code points of valid UTF-8, nullopt for malformed UTF-8.
std::optional<std::size_t> utf8_length(std::string_view text);

// An issue with a tidied name: required, name_length (2–100 characters), name_invalid
// (malformed UTF-8 or control characters).
std::optional<core::FieldIssue> check_name(std::string_view tidied);

// Up to three 6-digit administrative division codes, province first ("120000"), then a city of
// that province, then a district of that city. An empty list is no region.
std::optional<core::FieldIssue> check_region(const std::vector<std::string>& codes);

// A region as a spreadsheet cell writes it: codes separated by '/', ',', '，', '、', ';', '-' or
// white space.
std::vector<std::string> split_region_text(std::string_view text);

// The stored form ("120000/120100/120101") and back.
std::string join_region(const std::vector<std::string>& codes);

}  // namespace guildhall::organisations
