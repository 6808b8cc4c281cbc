// Finds, checks and instantiates tenant plugins; the only code that touches a plugin library.
//
// A plugin is `<name>.so` in one of the search folders. Before anything in it is called the
// host reads its plain-C manifest and refuses any difference in SDK ABI, compiler or standard
// library with a PluginLoadError that names the file and the difference; the other tenants are
// unaffected. Each tenant gets its own instance; libraries are shared between instances and stay
// loaded while any instance lives. Safe to use from several threads.
//
//   PluginHost host({data_dir / "plugins", build_dir / "plugins"});
//   std::shared_ptr<GuardedPlugin> plugin = host.instantiate("medical", "med-tj");
//
//   InspectResult result = PluginHost::inspect("build/plugins/medical.so");
//   std::cout << format_inspect_result(result);
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "plugin_host/guarded_plugin.hpp"
#include "plugin_host/inspect_result.hpp"
#include "plugin_host/plugin_error.hpp"

namespace guildhall::plugin_host {

class LoadedLibrary;

class PluginHost {
 public:
  explicit PluginHost(std::vector<std::filesystem::path> search_dirs);
  ~PluginHost();
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  const std::vector<std::filesystem::path>& search_dirs() const { return search_dirs_; }

  // Whether `<dir>/<name>.so` exists in a search folder; says nothing about loadability.
  bool exists(std::string_view name) const;

  // A new, not yet configured instance of the plugin for one tenant. Throws PluginLoadError
  // when the plugin is missing or refused, PluginFailure when its factory or describe() throws.
  std::shared_ptr<GuardedPlugin> instantiate(std::string_view plugin_name,
                                             std::string_view tenant_slug);

  // Reads any file the way instantiate() would, without needing a search folder, and reports
  // instead of throwing. Creates and destroys one instance to call describe().
  static InspectResult inspect(const std::filesystem::path& file);

 private:
  std::optional<std::filesystem::path> find(std::string_view name) const;
  std::shared_ptr<LoadedLibrary> load(const std::filesystem::path& file);
  static std::shared_ptr<GuardedPlugin> make_instance(std::shared_ptr<LoadedLibrary> library,
                                                      Attribution who);

  std::vector<std::filesystem::path> search_dirs_;
  std::mutex mutex_;
  // Weak, so that a library whose last instance is gone is unloaded and a rebuilt file is read
  // again by the next instantiate().
  std::map<std::filesystem::path, std::weak_ptr<LoadedLibrary>> libraries_;
};

}  // namespace guildhall::plugin_host
