// Reads the `workflow:` section of a tenant.yaml (workflow_config.hpp shows the format) and checks
// what one file can: names from their fixed sets, unique keys, real dates, member-number formats,
// and, for a kind whose form is in the same file, the fields that steps and lists name. Whether
// an inherited form exists, and whether it has the fields the kind names, are the loader's checks,
// across files.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/source_map.hpp"
#include "core/source_mark.hpp"
#include "core/yaml_node.hpp"
#include "core/yaml_reader.hpp"
#include "forms/form_definition.hpp"
#include "tenancy/workflow_config.hpp"

namespace guildhall::tenancy {

// `has_parent`: whether the tenant has a parent (parent_admin needs one). nullopt when it
// reported an error.
std::optional<WorkflowConfig> read_workflow(
    const core::YamlNode& node, core::YamlReader& reader,
    const std::vector<std::shared_ptr<const forms::FormDefinition>>& own_forms, bool has_parent);

// The error for a kind whose form neither the tenant nor an ancestor defines; `known` are the forms
// it could name, for a suggestion.
std::string unknown_form_message(const ApplicationKind& kind,
                                 const std::vector<std::string>& known);

// Checks the fields a kind names (`named_by`, the fields of `when`, `auto_approve_fields`) against
// its form when that form is inherited, which the parser of the kind's file could not see. `marks`
// are that file's; `index` is the kind's place under `workflow.applications`.
std::vector<core::ConfigError> check_inherited_form_fields(const ApplicationKind& kind,
                                                           std::size_t index,
                                                           const forms::FormDefinition& form,
                                                           const core::SourceMap& marks);

}  // namespace guildhall::tenancy
