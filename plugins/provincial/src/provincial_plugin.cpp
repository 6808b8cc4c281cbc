#include "provincial_plugin.hpp"

#include <guildhall/sdk/export.hpp>

namespace guildhall::plugins::provincial {

sdk::PluginInfo ProvincialPlugin::describe() const {
  return {"provincial",
          "1.0.0",
          "Membership rules of a provincial branch: native place, member numbers",
          {"configure", "validate_application", "member_number"}};
}

std::vector<sdk::ConfigIssue> ProvincialPlugin::configure(const sdk::Value& section) {
  ConfigReading reading = read_config(section);
  if (reading.issues.empty()) {
    config_ = reading.config;
  }
  return reading.issues;
}

std::vector<sdk::FieldError> ProvincialPlugin::validate_application(
    const sdk::ApplicationContext& context, const sdk::Value& data) const {
  return provincial::validate_application(config_, context.application_kind, data);
}

std::optional<std::string> ProvincialPlugin::member_number(
    const sdk::MemberNumberRequest& request) const {
  return provincial::member_number(config_, request);
}

}  // namespace guildhall::plugins::provincial

GUILDHALL_PLUGIN(guildhall::plugins::provincial::ProvincialPlugin, "provincial", "1.0.0");
