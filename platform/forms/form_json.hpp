// The form definition as the browser's renderer receives it: JSON of the same shape as the YAML
// it was read from (form_reader.hpp), labels always as {"zh-CN": ..., "en": ...}, defaults
// written out (required, multiple, upload limits), so the renderer needs no defaults of its own.
// Reading that JSON back with parse_form gives the same definition; the conformance cases in
// tests/fixtures/forms/ rely on it.
#pragma once

#include <string>

#include "forms/form_definition.hpp"

namespace guildhall::forms {

std::string form_to_json(const FormDefinition& form);

}  // namespace guildhall::forms
