#include "medical_rules.hpp"

#include <chrono>
#include <guildhall/sdk/section_reader.hpp>
#include <stdexcept>
#include <string_view>

namespace guildhall::plugins::medical {
namespace {

// The fields of the tenant's "join" form that the limits apply to (tenants/med/tenant.yaml).
constexpr std::string_view kCommittees = "committees";
constexpr std::string_view kProvincial = "provincial_associations";
constexpr std::string_view kYouthCouncil = "youth_council";

// Strictly "YYYY-MM-DD" naming a real day; anything else is nullopt.
std::optional<std::chrono::year_month_day> parse_date(const sdk::Value* value) {
  if (value == nullptr || !value->is_string()) {
    return std::nullopt;
  }
  const std::string& text = value->as_string();
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  auto number = [&](std::size_t from, std::size_t length) -> std::optional<int> {
    int result = 0;
    for (std::size_t i = from; i < from + length; ++i) {
      if (text[i] < '0' || text[i] > '9') {
        return std::nullopt;
      }
      result = result * 10 + (text[i] - '0');
    }
    return result;
  };
  const auto year = number(0, 4);
  const auto month = number(5, 2);
  const auto day = number(8, 2);
  if (!year || !month || !day) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year{*year},
                                         std::chrono::month{static_cast<unsigned>(*month)},
                                         std::chrono::day{static_cast<unsigned>(*day)}};
  return date.ok() ? std::optional(date) : std::nullopt;
}

// Full years lived on `on`: the birthday itself counts.
int age_on(const std::chrono::year_month_day& birth, const std::chrono::year_month_day& on) {
  int years = static_cast<int>(on.year()) - static_cast<int>(birth.year());
  if (std::chrono::month_day{on.month(), on.day()} <
      std::chrono::month_day{birth.month(), birth.day()}) {
    --years;
  }
  return years;
}

}  // namespace

ConfigReading read_config(const sdk::Value& section) {
  sdk::SectionReader reader(section);
  ConfigReading reading;
  const MedicalConfig defaults;
  reading.config.max_specialty_committees =
      reader.integer("max_specialty_committees", defaults.max_specialty_committees, 1, 50);
  reading.config.max_provincial_associations =
      reader.integer("max_provincial_associations", defaults.max_provincial_associations, 0, 10);
  reading.config.youth_council_age_limit =
      reader.integer("youth_council_age_limit", defaults.youth_council_age_limit, 18, 100);
  reading.issues = reader.finish();
  return reading;
}

std::vector<sdk::FieldError> validate_application(const MedicalConfig& config,
                                                  const sdk::Value& data) {
  if (!data.is_object()) {
    return {{"", "invalid_data", "申请数据格式不正确"}};
  }
  std::vector<sdk::FieldError> errors;
  const auto count = [&](std::string_view field) -> std::optional<std::int64_t> {
    const sdk::Value* value = data.find(field);
    if (value == nullptr || value->is_null()) {
      return 0;
    }
    if (!value->is_array()) {
      errors.push_back({std::string(field), "invalid_type", "所选机构格式不正确"});
      return std::nullopt;
    }
    return static_cast<std::int64_t>(value->as_array().size());
  };
  if (auto committees = count(kCommittees);
      committees && *committees > config.max_specialty_committees) {
    errors.push_back({std::string(kCommittees), "too_many_committees",
                      "专委会（含海外分会）至多选择 " +
                          std::to_string(config.max_specialty_committees) + " 个"});
  }
  if (auto provincial = count(kProvincial);
      provincial && *provincial > config.max_provincial_associations) {
    errors.push_back(
        {std::string(kProvincial), "too_many_provincial_associations",
         "省级学会至多选择 " + std::to_string(config.max_provincial_associations) + " 个"});
  }
  const sdk::Value* youth = data.find(kYouthCouncil);
  if (youth != nullptr && youth->is_bool() && youth->as_bool()) {
    const auto birth = parse_date(data.find("birth_date"));
    const auto applied = parse_date(data.find("applied_on"));
    if (!birth) {
      errors.push_back({"birth_date", "invalid_date", "请按 YYYY-MM-DD 填写出生日期"});
    }
    if (!applied) {
      errors.push_back({"applied_on", "invalid_date", "申请日期格式不正确"});
    }
    if (birth && applied && age_on(*birth, *applied) >= config.youth_council_age_limit) {
      errors.push_back(
          {std::string(kYouthCouncil), "youth_council_age",
           "青年理事会会员年龄需低于 " + std::to_string(config.youth_council_age_limit) + " 周岁"});
    }
  }
  return errors;
}

std::optional<std::string> member_number(const sdk::MemberNumberRequest& request) {
  if (request.sequence < 1) {
    throw std::invalid_argument("member number sequence must be at least 1, got " +
                                std::to_string(request.sequence));
  }
  if (request.tenant_code.empty()) {
    return std::nullopt;
  }
  std::string sequence = std::to_string(request.sequence);
  if (sequence.size() < 6) {
    sequence.insert(0, 6 - sequence.size(), '0');
  }
  return request.tenant_code + std::to_string(request.year) + sequence;
}

std::vector<sdk::FieldError> check_member_type(const std::string& member_type,
                                               const sdk::Value& data) {
  const sdk::Value* title = data.is_object() ? data.find("title") : nullptr;
  if (member_type == "professional" && title != nullptr && title->is_string() &&
      title->as_string() == "none") {
    return {{"member_type", "professional_needs_title",
             "专业会员须具有专业技术职称；暂无职称的，请申请普通会员"}};
  }
  return {};
}

}  // namespace guildhall::plugins::medical
