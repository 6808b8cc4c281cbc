// One tenant's instance of a plugin, as the rest of the platform sees it.
//
// Every method crosses the plugin boundary through a guard: what the plugin throws arrives as
// PluginFailure naming the tenant, the plugin and the hook. The object keeps its library loaded
// for as long as it lives, even after the PluginHost that made it is gone. The const hooks may
// be called from many threads at once; configure() excludes them while it runs.
//
//   std::shared_ptr<GuardedPlugin> plugin = host.instantiate("medical", "med-tj");
//   if (auto issues = plugin->configure(section); !issues.empty()) { ...refuse the tenant... }
//   std::vector<sdk::FieldError> errors = plugin->validate_application(context, data);
#pragma once

#include <cstdint>
#include <filesystem>
#include <guildhall/sdk/plugin.hpp>
#include <guildhall/sdk/value.hpp>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "plugin_host/guarded_call.hpp"

namespace guildhall::plugin_host {

class LoadedLibrary;

class GuardedPlugin {
 public:
  ~GuardedPlugin();
  GuardedPlugin(const GuardedPlugin&) = delete;
  GuardedPlugin& operator=(const GuardedPlugin&) = delete;

  const std::string& tenant_slug() const { return who_.tenant; }
  const std::string& plugin_name() const { return who_.plugin; }
  const std::filesystem::path& file() const;
  // What describe() returned when the instance was created.
  const sdk::PluginInfo& info() const { return info_; }

  // Hands the plugin its section of the tenant's configuration; the tenant may use the plugin
  // only when the result is empty. Throws PluginFailure.
  std::vector<sdk::ConfigIssue> configure(const sdk::Value& section);

  // Both throw PluginFailure when the plugin throws, and std::logic_error when called before a
  // configure() that succeeded (a bug in the caller, not in the plugin).
  std::vector<sdk::FieldError> validate_application(const sdk::ApplicationContext& context,
                                                    const sdk::Value& data) const;
  std::optional<std::string> member_number(const sdk::MemberNumberRequest& request) const;
  // Hooks of ABI 1.1: a plugin built against 1.0 has no such entry in its vtable, so for it the
  // default behaviour (no errors, nothing to do) applies without a call.
  std::vector<sdk::FieldError> check_member_type(const sdk::ApplicationContext& context,
                                                 const sdk::Value& data) const;
  void after_decision(const sdk::DecisionContext& context, const sdk::Value& data) const;

 private:
  friend class PluginHost;

  // Destroys the object through the library's own destroy function, then lets go of the
  // library: the order Boost.DLL's documentation insists on.
  struct LibraryBoundDeleter {
    std::shared_ptr<LoadedLibrary> library;
    void (*destroy)(sdk::Plugin*) noexcept = nullptr;
    void operator()(sdk::Plugin* plugin) const noexcept;
  };
  using PluginPtr = std::unique_ptr<sdk::Plugin, LibraryBoundDeleter>;

  GuardedPlugin(Attribution who, PluginPtr plugin, sdk::PluginInfo info, std::uint32_t abi_minor);

  void require_configured(const char* hook) const;

  Attribution who_;
  PluginPtr plugin_;
  sdk::PluginInfo info_;
  std::uint32_t abi_minor_;  // the SDK ABI minor the plugin was built against
  mutable std::shared_mutex mutex_;
  bool configured_ = false;
};

}  // namespace guildhall::plugin_host
