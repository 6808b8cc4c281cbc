// sdk::Value to and from JSON text: form input arrives as JSON, cleaned values are stored as
// JSON, and plugins see sdk::Value. Kept here so that nlohmann's header stays out of callers.
#pragma once

#include <guildhall/sdk/value.hpp>
#include <string>
#include <string_view>

namespace guildhall::forms {

// Throws core::AppError (validation, "invalid_json") on malformed text or nesting deeper than 32.
sdk::Value value_from_json(std::string_view text);
std::string value_to_json(const sdk::Value& value);

}  // namespace guildhall::forms
