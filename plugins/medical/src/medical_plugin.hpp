// The medical association's plugin: its membership rules behind the SDK's Plugin interface.
#pragma once

#include <guildhall/sdk/plugin.hpp>

#include "medical_rules.hpp"

namespace guildhall::plugins::medical {

class MedicalPlugin final : public sdk::Plugin {
 public:
  sdk::PluginInfo describe() const override;
  std::vector<sdk::ConfigIssue> configure(const sdk::Value& section) override;
  std::vector<sdk::FieldError> validate_application(const sdk::ApplicationContext& context,
                                                    const sdk::Value& data) const override;
  std::optional<std::string> member_number(const sdk::MemberNumberRequest& request) const override;
  std::vector<sdk::FieldError> check_member_type(const sdk::ApplicationContext& context,
                                                 const sdk::Value& data) const override;

 private:
  // Written only by configure(), which the host never runs alongside the const hooks.
  MedicalConfig config_;
};

}  // namespace guildhall::plugins::medical
