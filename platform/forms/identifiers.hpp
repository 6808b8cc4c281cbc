// Checks of the identifiers Chinese forms ask for, with the exact published algorithms, as pure
// functions. Each returns the value in the form to store, or an issue with a stable code and a
// message that says what exactly is wrong ("the check digit", not just "invalid"), so that an
// applicant who mistyped one digit knows where to look.
//
//   auto id = check_resident_id("11010519491231002X", today);
//   if (id.issue) { show(id.issue->code, id.issue->message); }
//   else { id.info->birth_date; id.info->gender; }
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/errors.hpp"
#include "forms/civil_date.hpp"

namespace guildhall::forms {

struct IdentifierIssue {
  std::string code;
  core::Message message;
};

// Stable issue codes, shared with the browser through the conformance cases.
inline constexpr std::string_view kIdNumberFormat = "id_number_format";
inline constexpr std::string_view kIdNumberProvince = "id_number_province";
inline constexpr std::string_view kIdNumberBirthDate = "id_number_birth_date";
inline constexpr std::string_view kIdNumberCheckDigit = "id_number_check_digit";
inline constexpr std::string_view kCreditCodeFormat = "credit_code_format";
inline constexpr std::string_view kCreditCodeCheck = "credit_code_check";
inline constexpr std::string_view kMobileFormat = "mobile_format";
inline constexpr std::string_view kEmailFormat = "email_format";
inline constexpr std::string_view kPostalCodeFormat = "postal_code_format";

enum class Gender { male, female };

struct ResidentIdInfo {
  CivilDate birth_date;
  Gender gender = Gender::male;
};

// A checked identifier: `value` (normalised, e.g. upper-case "X") when valid, `issue` otherwise.
struct Checked {
  std::optional<std::string> value;
  std::optional<IdentifierIssue> issue;
};

struct ResidentIdCheck : Checked {
  std::optional<ResidentIdInfo> info;
};

// GB 11643-1999: 18 characters, 17 digits and a check character (a lower-case "x" is read as
// "X"); a known province prefix; a real birth date not after `today`; the ISO 7064 MOD 11-2
// check character.
ResidentIdCheck check_resident_id(std::string_view text, const CivilDate& today);

// GB 32100-2015: 18 characters of 0-9 and the capital letters without I, O, S, V, Z; the last is
// the MOD 31 check character. Lower-case input is read as upper case.
Checked check_credit_code(std::string_view text);

// A mainland mobile number; spaces, dashes and a leading "+86" are removed first, and the stored
// value is the 11 digits.
Checked check_mobile(std::string_view text);

// A practical e-mail check (one "@", a dotted domain, no spaces), not RFC 5322 in full: the
// address is proven by sending to it, this only catches typing mistakes.
Checked check_email(std::string_view text);

// Six digits.
Checked check_postal_code(std::string_view text);

}  // namespace guildhall::forms
