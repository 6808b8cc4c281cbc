// What `guildhall plugin inspect FILE` reports: the manifest as the file declares it, what the
// plugin says about itself, or the reason the host would refuse it.
#pragma once

#include <filesystem>
#include <guildhall/sdk/plugin.hpp>
#include <optional>
#include <string>

#include "plugin_host/manifest_check.hpp"

namespace guildhall::plugin_host {

struct InspectResult {
  std::filesystem::path file;
  // Present whenever a manifest could be read, even from a plugin the host refuses, so that
  // the operator sees which SDK and compiler it was built with.
  std::optional<ManifestSummary> manifest;
  // Present when the plugin was created and described itself.
  std::optional<sdk::PluginInfo> info;
  // Why the host cannot use this file; empty when it can.
  std::string error;

  bool loadable() const { return error.empty(); }
};

// A few aligned lines for a terminal, ending with "status: loadable" or "status: <why not>".
std::string format_inspect_result(const InspectResult& result);

}  // namespace guildhall::plugin_host
