#include "provincial_rules.hpp"

#include <algorithm>
#include <guildhall/sdk/section_reader.hpp>
#include <stdexcept>

namespace guildhall::plugins::provincial {

ConfigReading read_config(const sdk::Value& section) {
  sdk::SectionReader reader(section);
  ConfigReading reading;
  const ProvincialConfig defaults;
  reading.config.native_place_required =
      reader.boolean("native_place_required", defaults.native_place_required);
  reading.config.member_number_prefix =
      reader.string("member_number_prefix", defaults.member_number_prefix);
  const std::string& prefix = reading.config.member_number_prefix;
  const bool prefix_ok =
      !prefix.empty() && prefix.size() <= 8 &&
      std::all_of(prefix.begin(), prefix.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!prefix_ok) {
    reader.add_issue("member_number_prefix",
                     "must be 1 to 8 upper-case letters A-Z, got '" + prefix + "'");
    reading.config.member_number_prefix = defaults.member_number_prefix;
  }
  reading.issues = reader.finish();
  return reading;
}

std::vector<sdk::FieldError> validate_application(const ProvincialConfig& config,
                                                  const std::string& form, const sdk::Value& data) {
  if (!config.native_place_required || form == "profile") {
    return {};
  }
  const sdk::Value* native_place = data.find("native_place");
  if (native_place == nullptr || !native_place->is_array() || native_place->as_array().empty()) {
    return {{"native_place", "required", "请选择籍贯（省份/地级市/县区）"}};
  }
  // Province, city, county or district: the branch files members by their home county.
  if (native_place->as_array().size() < 3) {
    return {{"native_place", "native_place_incomplete", "籍贯请选择到县/区"}};
  }
  return {};
}

std::string member_number(const ProvincialConfig& config, const sdk::MemberNumberRequest& request) {
  if (request.sequence < 1) {
    throw std::invalid_argument("member number sequence must be at least 1, got " +
                                std::to_string(request.sequence));
  }
  std::string sequence = std::to_string(request.sequence);
  if (sequence.size() < 5) {
    sequence.insert(0, 5 - sequence.size(), '0');
  }
  return config.member_number_prefix + "-" + std::to_string(request.year) + "-" + sequence;
}

}  // namespace guildhall::plugins::provincial
