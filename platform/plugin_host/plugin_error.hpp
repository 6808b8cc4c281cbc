// The two ways a plugin lets a tenant down, as host-side types: it cannot be loaded at all
// (PluginLoadError), or it threw from a call (PluginFailure). Both derive from PluginError so
// that tenancy can answer 503 for the tenant concerned with a single catch; no exception of a
// plugin's own types ever leaves the host.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>

namespace guildhall::plugin_host {

class PluginError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The library is missing, is no Guildhall plugin, or was built for another ABI. `what()` names
// the file and says exactly what differs.
class PluginLoadError : public PluginError {
 public:
  PluginLoadError(std::filesystem::path file, const std::string& reason)
      : PluginError(file.string() + ": " + reason), file_(std::move(file)), reason_(reason) {}

  const std::filesystem::path& file() const { return file_; }
  const std::string& reason() const { return reason_; }

 private:
  std::filesystem::path file_;
  std::string reason_;
};

// A call into a plugin threw. Carries who is to blame, for logs and for the operator.
class PluginFailure : public PluginError {
 public:
  PluginFailure(std::string tenant, std::string plugin, std::string hook,
                std::string plugin_message)
      : PluginError("plugin '" + plugin + "' failed in " + hook + " for tenant '" + tenant +
                    "': " + plugin_message),
        tenant_(std::move(tenant)),
        plugin_(std::move(plugin)),
        hook_(std::move(hook)),
        plugin_message_(std::move(plugin_message)) {}

  const std::string& tenant() const { return tenant_; }
  const std::string& plugin() const { return plugin_; }
  const std::string& hook() const { return hook_; }
  const std::string& plugin_message() const { return plugin_message_; }

 private:
  std::string tenant_;
  std::string plugin_;
  std::string hook_;
  std::string plugin_message_;
};

}  // namespace guildhall::plugin_host
