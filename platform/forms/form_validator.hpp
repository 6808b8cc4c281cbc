// Checks one submission against a form definition, the server's final word on what the browser
// already showed. Visibility is decided first, from the submitted values: a hidden field (its own
// or its section's visibleWhen is false) is neither required nor checked nor stored, and a hidden
// field counts as empty in the conditions of other fields, so that hiding cascades as it does on
// screen. A visible, valid resident ID number fills the empty fields its `fills` names (birth
// date, gender) before anything reads them, and a different value there is an error.
//
//   auto result = validate_form(form, body, CivilDate{2026, 11, 22});
//   if (!result.ok()) throw core::AppError(core::ErrorKind::validation, "form_invalid", {...})
//                              .with_fields(result.errors);
//   store(result.values);  // only visible, filled fields, normalised (e.g. "+86 138-0000-0000" ->
//                          // "13800000000")
#pragma once

#include <functional>
#include <guildhall/sdk/value.hpp>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.hpp"
#include "forms/civil_date.hpp"
#include "forms/form_definition.hpp"
#include "forms/region_catalog.hpp"

namespace guildhall::forms {

// Error codes of the generic checks; the identifier checks add theirs (identifiers.hpp).
inline constexpr std::string_view kRequired = "required";
inline constexpr std::string_view kInvalidType = "invalid_type";
inline constexpr std::string_view kTooShort = "too_short";
inline constexpr std::string_view kTooLong = "too_long";
inline constexpr std::string_view kInvalidNumber = "invalid_number";
inline constexpr std::string_view kTooSmall = "too_small";
inline constexpr std::string_view kTooLarge = "too_large";
inline constexpr std::string_view kInvalidOption = "invalid_option";
inline constexpr std::string_view kInvalidDate = "invalid_date";
inline constexpr std::string_view kDateTooEarly = "date_too_early";
inline constexpr std::string_view kDateTooLate = "date_too_late";
inline constexpr std::string_view kInvalidRegion = "invalid_region";
inline constexpr std::string_view kUploadType = "upload_type";
inline constexpr std::string_view kUploadSize = "upload_size";
inline constexpr std::string_view kUploadCount = "upload_count";
// A birth date or gender that differs from what the form's ID number says.
inline constexpr std::string_view kIdNumberMismatch = "id_number_mismatch";
// An organisation typed by name where the field takes only the registry's (freeTextWhen).
inline constexpr std::string_view kOrganisationRegistryOnly = "organisation_registry_only";
// The longest organisation name one may type.
inline constexpr std::int64_t kMaxTypedOrganisation = 100;

// The options of each tenant dictionary by name. Without it, fields that name a dictionary accept
// any value of the right shape.
using Dictionaries = std::map<std::string, std::vector<Option>, std::less<>>;

struct ValidationResult {
  std::vector<core::FieldIssue> errors;
  // An object of field key -> cleaned value, in form order: visible, filled and valid fields only.
  sdk::Value values = sdk::Value::Object{};

  bool ok() const { return errors.empty(); }
};

// `input` is an object of field key -> value as the browser sends it (text, numbers, booleans,
// lists for checkbox / multiple select / region, lists of {name, size} objects for uploads);
// keys the form does not define are ignored. `today` anchors age rules and "today" date limits.
// With `regions`, a region must be a real province / city / district path; without, any 6-digit
// codes pass (the conformance cases check the shape only).
ValidationResult validate_form(const FormDefinition& form, const sdk::Value& input,
                               const CivilDate& today, const Dictionaries* dictionaries = nullptr,
                               const RegionCatalog* regions = nullptr);

// Whether `condition` holds for `input`, reading fields as visibleWhen does (hidden fields are
// empty, ID numbers fill what they fill): for rules outside the form, such as a review step's
// `when`.
bool condition_holds(const FormDefinition& form, const Condition& condition,
                     const sdk::Value& input, const CivilDate& today);

// The keys of the fields that are visible for `input`, in form order.
std::vector<std::string> visible_fields(const FormDefinition& form, const sdk::Value& input,
                                        const CivilDate& today);

}  // namespace guildhall::forms
