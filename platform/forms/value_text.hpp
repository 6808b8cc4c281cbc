// A form value as people read it on paper: option labels rather than keys, dates in Chinese,
// region names, an organisation's name (through the caller, who has the registry), and the
// names of uploaded files. For certificates and printed application forms.
#pragma once

#include <functional>
#include <guildhall/sdk/value.hpp>
#include <optional>
#include <string>

#include "forms/form_definition.hpp"
#include "forms/form_validator.hpp"

namespace guildhall::forms {

// "2026-11-22" -> "2026年11月22日"; anything else unchanged.
std::string chinese_date(const std::string& iso);

// The organisation's name, or nullopt when unknown.
using OrganisationName = std::function<std::optional<std::string>(const std::string& id)>;

// The text of `value` for `field`; empty for a null or empty value. An upload shows its files'
// names, joined with "、".
std::string value_text(const Field& field, const sdk::Value& value,
                       const Dictionaries* dictionaries, const OrganisationName& organisation);

// The id of the first file of an upload value, or "".
std::string first_upload_id(const sdk::Value& value);

}  // namespace guildhall::forms
