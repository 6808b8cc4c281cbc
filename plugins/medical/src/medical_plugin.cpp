#include "medical_plugin.hpp"

#include <guildhall/sdk/export.hpp>

namespace guildhall::plugins::medical {

sdk::PluginInfo MedicalPlugin::describe() const {
  return {"medical",
          "1.0.0",
          "Membership rules of a national medical association: committee and provincial limits, "
          "the youth council's age limit, member numbers, professional members' titles",
          {"configure", "validate_application", "member_number", "check_member_type"}};
}

std::vector<sdk::ConfigIssue> MedicalPlugin::configure(const sdk::Value& section) {
  ConfigReading reading = read_config(section);
  if (reading.issues.empty()) {
    config_ = reading.config;
  }
  return reading.issues;
}

std::vector<sdk::FieldError> MedicalPlugin::validate_application(
    const sdk::ApplicationContext& /*context*/, const sdk::Value& data) const {
  return medical::validate_application(config_, data);
}

std::optional<std::string> MedicalPlugin::member_number(
    const sdk::MemberNumberRequest& request) const {
  return medical::member_number(request);
}

std::vector<sdk::FieldError> MedicalPlugin::check_member_type(
    const sdk::ApplicationContext& context, const sdk::Value& data) const {
  return medical::check_member_type(context.member_type, data);
}

}  // namespace guildhall::plugins::medical

GUILDHALL_PLUGIN(guildhall::plugins::medical::MedicalPlugin, "medical", "1.0.0");
