// A tenant's form as data: sections of typed fields with labels in both languages, limits, options
// and conditions. Read from the tenant YAML by form_reader.hpp, served to the browser as JSON by
// form_json.hpp, and enforced by form_validator.hpp, so that the server and the renderer apply the
// same rules to the same definition.
#pragma once

#include <cstdint>
#include <guildhall/sdk/value.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/localized_text.hpp"
#include "core/source_mark.hpp"

namespace guildhall::forms {

using core::LocalizedText;

enum class FieldType {
  text,
  textarea,
  number,
  select,
  radio,
  checkbox,
  date,
  region,
  upload,
  organisation,
  id_number,
  mobile,
  email,
  postal_code,
  credit_code,
  committee_member,  // an account of the realm's committee-member directory, by id
};

std::string_view to_string(FieldType type);
std::optional<FieldType> parse_field_type(std::string_view text);
// ID numbers and mobiles: stored only encrypted, shown masked, revealed only with an audit entry.
inline bool is_protected(FieldType type) {
  return type == FieldType::id_number || type == FieldType::mobile;
}
// Every type's name, in declaration order, for schema checks and messages.
std::span<const std::string_view> field_type_names();

// A visibility rule. Leaves test one field's current value; all / any / not combine rules. On a
// field holding several values (checkbox, multiple select), eq means "contains", ne "does not
// contain" and in "contains one of". Values compare as text, so `eq: 1` matches "1" and 1.
struct Condition {
  enum class Kind { eq, ne, in, empty, age_below, age_at_least, all, any, not_ };

  Kind kind = Kind::eq;
  std::string field;                // leaves only
  std::vector<std::string> values;  // eq / ne: one value; in: the set
  bool empty = true;                // empty: true = the field is empty, false = it is filled
  std::int64_t age = 0;             // age_below / age_at_least, in whole years on the day checked
  std::vector<Condition> children;  // all / any: any number; not: exactly one
  core::SourceMark mark;
};

struct Option {
  std::string value;
  LocalizedText label;
};

struct UploadRule {
  std::vector<std::string> types;  // lower-case extensions: "jpg", "png", "pdf"
  std::int64_t max_size_mb = 5;
  std::int64_t max_count = 1;
};

// id_number fields only: the fields a valid resident ID number fills in when they are empty and
// must agree with when they are not (GB 11643 carries the birth date and the gender).
struct IdFills {
  std::optional<std::string> birth_date;  // a date field
  std::optional<std::string> gender;      // a radio or select field with the options male, female
  core::SourceMark birth_date_mark;
  core::SourceMark gender_mark;
};

struct Field {
  std::string key;
  FieldType type = FieldType::text;
  LocalizedText label;
  LocalizedText help;  // may be empty
  bool required = false;
  std::optional<std::int64_t> min_length;
  std::optional<std::int64_t> max_length;
  // number: the value's bounds. date: "YYYY-MM-DD" or "today" in min_date / max_date.
  std::optional<double> min;
  std::optional<double> max;
  std::optional<std::string> min_date;
  std::optional<std::string> max_date;
  std::vector<Option> options;
  std::optional<std::string> dictionary;  // options from a tenant dictionary instead of inline
  bool multiple = false;                  // select only; a checkbox always holds a list
  std::optional<UploadRule> upload;
  std::optional<IdFills> fills;
  std::optional<Condition> visible_when;
  // organisation only: while this holds, a name that is not in the registry may be typed instead
  // of picking one (the value is then {"name": "..."}); otherwise only the registry's. Absent:
  // registry only. (The medical manual: only professional members must pick their employer.) A
  // field it names that the form lacks reads as empty, so the profile form, which shares the
  // section with the application but has no member type, lets one type.
  std::optional<Condition> free_text_when;
  core::SourceMark mark;
};

struct Section {
  std::string key;
  LocalizedText title;
  std::optional<Condition> visible_when;
  std::vector<Field> fields;
  core::SourceMark mark;
};

struct FormDefinition {
  std::string key;
  LocalizedText title;
  std::vector<Section> sections;

  // The field named `field_key` in any section, or nullptr.
  const Field* find(std::string_view field_key) const;
  // The section holding the field named `field_key`, or nullptr.
  const Section* section_of(std::string_view field_key) const;
};

}  // namespace guildhall::forms
