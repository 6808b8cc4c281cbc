#include "plugin_host/guarded_plugin.hpp"

#include <mutex>
#include <stdexcept>

#include "plugin_host/loaded_library.hpp"

namespace guildhall::plugin_host {

void GuardedPlugin::LibraryBoundDeleter::operator()(sdk::Plugin* plugin) const noexcept {
  destroy(plugin);
}

GuardedPlugin::GuardedPlugin(Attribution who, PluginPtr plugin, sdk::PluginInfo info,
                             std::uint32_t abi_minor)
    : who_(std::move(who)),
      plugin_(std::move(plugin)),
      info_(std::move(info)),
      abi_minor_(abi_minor) {}

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

std::vector<sdk::FieldError> GuardedPlugin::check_member_type(
    const sdk::ApplicationContext& context, const sdk::Value& data) const {
  std::shared_lock lock(mutex_);
  require_configured("check_member_type");
  if (abi_minor_ < 1) {
    return {};
  }
  return call_guarded(who_, "check_member_type",
                      [&] { return plugin_->check_member_type(context, data); });
}

void GuardedPlugin::after_decision(const sdk::DecisionContext& context,
                                   const sdk::Value& data) const {
  std::shared_lock lock(mutex_);
  require_configured("after_decision");
  if (abi_minor_ < 1) {
    return;
  }
  call_guarded(who_, "after_decision", [&] { plugin_->after_decision(context, data); });
}

void GuardedPlugin::require_configured(const char* hook) const {
  if (!configured_) {
    throw std::logic_error("plugin '" + who_.plugin + "' of tenant '" + who_.tenant + "': " + hook +
                           " called before a successful configure()");
  }
}

}  // namespace guildhall::plugin_host
