// Reads a form definition from the tenant YAML and checks it as a whole before anyone fills it:
// unknown field types, conditions on fields that do not exist, duplicate keys, conditions that
// depend on each other in a cycle, options on a field that cannot have them. Every problem is a
// ConfigError at its file:line:col; nothing throws.
//
//   auto result = parse_form(text, "tenants/med/forms/membership.yaml");
//   for (const auto& e : result.errors) std::cerr << e.to_string() << '\n';
//   if (result.form) serve(*result.form);
//
// The format:
//
//   key: membership
//   title: {zh-CN: 入会申请, en: Membership application}
//   sections:
//     - key: basic
//       title: {zh-CN: 基本信息, en: Basic information}
//       fields:
//         - {key: member_type, type: radio, label: {zh-CN: 会员类型}, required: true,
//            options: [{value: student, label: {zh-CN: 学生会员}}]}
//         - {key: student_card, type: upload, label: {zh-CN: 学生证},
//            upload: {types: [jpg, png, pdf], max_size_mb: 5, max_count: 2},
//            visibleWhen: {field: member_type, eq: student}}
//         - {key: id_number, type: id_number, label: {zh-CN: 身份证号码},
//            fills: {birth_date: birth_date, gender: gender}}
//
// `fills` names the date field and the male/female choice field that a valid resident ID number
// fills in (and must agree with); see form_validator.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/source_mark.hpp"
#include "core/yaml_node.hpp"
#include "core/yaml_reader.hpp"
#include "forms/form_definition.hpp"

namespace guildhall::forms {

// Reads the form at `node`, named `path` in messages ("" for a document's root, or e.g.
// "forms.membership" inside a tenant file). Returns nullopt when it reported any error.
std::optional<FormDefinition> read_form(const core::YamlNode& node, core::YamlReader& reader,
                                        const std::string& path);

// Reads one condition in the visibleWhen format (its field names are not checked here), e.g. a
// review step's `when`.
std::optional<Condition> read_condition(const core::YamlNode& node, core::YamlReader& reader,
                                        const std::string& path);

// Reads a list of {value, label} options, e.g. a tenant dictionary; duplicate values are errors.
std::vector<Option> read_options(const core::YamlNode& list, core::YamlReader& reader,
                                 const std::string& path);

struct FormParseResult {
  std::optional<FormDefinition> form;
  std::vector<core::ConfigError> errors;
};

// Parses `text` (YAML, or JSON, which is YAML too) as one form; `file` names it in errors.
FormParseResult parse_form(std::string_view text, const std::string& file);

}  // namespace guildhall::forms
