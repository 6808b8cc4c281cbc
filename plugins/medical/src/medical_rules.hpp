// The medical association's membership rules as plain functions, so that they are tested
// without loading the plugin.
#pragma once

#include <cstdint>
#include <guildhall/sdk/plugin.hpp>
#include <guildhall/sdk/value.hpp>
#include <optional>
#include <string>
#include <vector>

namespace guildhall::plugins::medical {

struct MedicalConfig {
  // Specialty committees, overseas chapters included.
  std::int64_t max_specialty_committees = 5;
  std::int64_t max_provincial_associations = 1;
  // Applicants must be younger than this, in full years on the day they apply.
  std::int64_t youth_council_age_limit = 45;
};

struct ConfigReading {
  MedicalConfig config;
  std::vector<sdk::ConfigIssue> issues;
};

ConfigReading read_config(const sdk::Value& section);

// `data` is the application: {institutions: [{slug, kind}], birth_date: "YYYY-MM-DD",
// applied_on: "YYYY-MM-DD"}, where kind is committee, provincial or youth_council.
std::vector<sdk::FieldError> validate_application(const MedicalConfig& config,
                                                  const sdk::Value& data);

// "<tenant code><year><sequence, at least 6 digits>", e.g. "MED2025000042"; nullopt (the host's
// own format) for a tenant without a code. Throws std::invalid_argument on a sequence below 1.
std::optional<std::string> member_number(const sdk::MemberNumberRequest& request);

// Professional members (专业会员) hold a professional title: "none" (无职称) is refused, on the
// member type, pointing the applicant to the general membership.
std::vector<sdk::FieldError> check_member_type(const std::string& member_type,
                                               const sdk::Value& data);

}  // namespace guildhall::plugins::medical
