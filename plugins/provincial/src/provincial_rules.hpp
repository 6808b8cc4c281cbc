// A provincial branch's membership rules as plain functions, so that they are tested without
// loading the plugin.
#pragma once

#include <guildhall/sdk/plugin.hpp>
#include <guildhall/sdk/value.hpp>
#include <string>
#include <vector>

namespace guildhall::plugins::provincial {

struct ProvincialConfig {
  bool native_place_required = false;
  // Upper-case letters; the province's short code.
  std::string member_number_prefix = "TJ";
};

struct ConfigReading {
  ProvincialConfig config;
  std::vector<sdk::ConfigIssue> issues;
};

ConfigReading read_config(const sdk::Value& section);

// `data` is an application filled in with form `form` (the profile too is checked through
// here). The branch's rule (seed manual 002): its applications give the native place (籍贯,
// field `native_place`, a region) down to the county or district; the profile need not.
std::vector<sdk::FieldError> validate_application(const ProvincialConfig& config,
                                                  const std::string& form, const sdk::Value& data);

// "<prefix>-<year>-<sequence, at least 5 digits>", e.g. "TJ-2025-00042". Throws
// std::invalid_argument on a sequence below 1.
std::string member_number(const ProvincialConfig& config, const sdk::MemberNumberRequest& request);

}  // namespace guildhall::plugins::provincial
