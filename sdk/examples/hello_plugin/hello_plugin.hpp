// The smallest useful Guildhall plugin: it numbers new members and insists on a name.
#pragma once

#include <cstdint>
#include <guildhall/sdk/plugin.hpp>
#include <optional>
#include <string>
#include <vector>

namespace hello {

class HelloPlugin final : public guildhall::sdk::Plugin {
 public:
  guildhall::sdk::PluginInfo describe() const override {
    return {"hello", "1.0.0", "Greets new members", {"validate_application", "member_number"}};
  }
  std::vector<guildhall::sdk::ConfigIssue> configure(const guildhall::sdk::Value& section) override;
  std::vector<guildhall::sdk::FieldError> validate_application(
      const guildhall::sdk::ApplicationContext& context,
      const guildhall::sdk::Value& data) const override;
  std::optional<std::string> member_number(
      const guildhall::sdk::MemberNumberRequest& request) const override;

  const std::string& greeting() const { return greeting_; }

 private:
  std::string greeting_;
  std::int64_t digits_ = 6;
};

}  // namespace hello
