#include "forms/form_definition.hpp"

#include <array>

namespace guildhall::forms {
namespace {

constexpr std::array<std::string_view, 16> kTypeNames = {
    "text",   "textarea",     "number",    "select", "radio", "checkbox",    "date",       "region",
    "upload", "organisation", "id_number", "mobile", "email", "postal_code", "credit_code",
    "committee_member"};

}  // namespace

std::string_view to_string(FieldType type) {
  return kTypeNames[static_cast<std::size_t>(type)];
}

std::optional<FieldType> parse_field_type(std::string_view text) {
  for (std::size_t i = 0; i < kTypeNames.size(); ++i) {
    if (kTypeNames[i] == text) {
      return static_cast<FieldType>(i);
    }
  }
  return std::nullopt;
}

std::span<const std::string_view> field_type_names() {
  return kTypeNames;
}

const Field* FormDefinition::find(std::string_view field_key) const {
  for (const auto& section : sections) {
    for (const auto& field : section.fields) {
      if (field.key == field_key) {
        return &field;
      }
    }
  }
  return nullptr;
}

const Section* FormDefinition::section_of(std::string_view field_key) const {
  for (const auto& section : sections) {
    for (const auto& field : section.fields) {
      if (field.key == field_key) {
        return &section;
      }
    }
  }
  return nullptr;
}

}  // namespace guildhall::forms
