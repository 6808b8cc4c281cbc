#include "plugin_host/guarded_plugin.hpp"

#include <mutex>
#include <stdexcept>

#include "plugin_host/loaded_library.hpp"

namespace guildhall::plugin_host {

void GuardedPlugin::LibraryBoundDeleter::operator()(sdk::Plugin* plugin) const noexcept {
  destroy(plugin);
}

GuardedPlugin::GuardedPlugin(Attribution who, PluginPtr plugin, sdk::PluginInfo info)
    : who_(std::move(who)), plugin_(std::move(plugin)), info_(std::move(info)) {}

GuardedPlugin::~GuardedPlugin() = default;

const std::filesystem::path& GuardedPlugin::file() const {
  return plugin_.get_deleter().library->file();
}

std::vector<sdk::ConfigIssue> GuardedPlugin::configure(const sdk::Value& section) {
  std::unique_lock lock(mutex_);
  configured_ = false;
  std::vector<sdk::ConfigIssue> issues =
      call_guarded(who_, "configure", [&] { return plugin_->configure(section); });
  configured_ = issues.empty();
  return issues;
}

std::vector<sdk::FieldError> GuardedPlugin::validate_application(
    const sdk::ApplicationContext& context, const sdk::Value& data) const {
  std::shared_lock lock(mutex_);
  require_configured("validate_application");
  return call_guarded(who_, "validate_application",
                      [&] { return plugin_->validate_application(context, data); });
}

std::optional<std::string> GuardedPlugin::member_number(
    const sdk::MemberNumberRequest& request) const {
  std::shared_lock lock(mutex_);
  require_configured("member_number");
  return call_guarded(who_, "member_number", [&] { return plugin_->member_number(request); });
}

void GuardedPlugin::require_configured(const char* hook) const {
  if (!configured_) {
    throw std::logic_error("plugin '" + who_.plugin + "' of tenant '" + who_.tenant + "': " + hook +
                           " called before a successful configure()");
  }
}

}  // namespace guildhall::plugin_host
