// Reads the `workflow:` section of a tenant.yaml (workflow_config.hpp shows the format) and checks
// what one file can: names from their fixed sets, unique keys, real dates, member-number formats,
// and, for a kind whose form is in the same file, the fields that steps and lists name. Whether
// an inherited form exists is the loader's check, across files.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

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

// The error for a kind whose form neither the tenant nor an ancestor defines.
std::string unknown_form_message(const ApplicationKind& kind);

}  // namespace guildhall::tenancy
