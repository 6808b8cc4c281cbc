#include "medical_rules.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace guildhall::plugins::medical {
namespace {

using sdk::Value;

Value::Array slugs(const std::string& prefix, int count) {
  Value::Array items;
  for (int i = 0; i < count; ++i) {
    items.push_back(Value(prefix + std::to_string(i)));
  }
  return items;
}

// The join form's values as the host hands them over, `applied_on` added by the host.
Value application(int committees, int provincial = 0, bool youth_council = false,
                  std::string birth_date = "1990-06-15", std::string applied_on = "2025-03-01") {
  return Value::Object{{"committees", slugs("med-c", committees)},
                       {"provincial_associations", slugs("med-p", provincial)},
                       {"youth_council", youth_council},
                       {"birth_date", std::move(birth_date)},
                       {"applied_on", std::move(applied_on)}};
}

TEST(MedicalConfig, AbsentSectionMeansDefaults) {
  const ConfigReading reading = read_config(Value());
  EXPECT_TRUE(reading.issues.empty());
  EXPECT_EQ(reading.config.max_specialty_committees, 5);
  EXPECT_EQ(reading.config.max_provincial_associations, 1);
  EXPECT_EQ(reading.config.youth_council_age_limit, 45);
}

TEST(MedicalConfig, ReadsEveryKey) {
  const ConfigReading reading = read_config(Value::Object{{"max_specialty_committees", 3},
                                                          {"max_provincial_associations", 2},
                                                          {"youth_council_age_limit", 40}});
  ASSERT_TRUE(reading.issues.empty());
  EXPECT_EQ(reading.config.max_specialty_committees, 3);
  EXPECT_EQ(reading.config.max_provincial_associations, 2);
  EXPECT_EQ(reading.config.youth_council_age_limit, 40);
}

TEST(MedicalConfig, ReportsEachProblemWithItsPath) {
  const ConfigReading reading = read_config(Value::Object{{"max_specialty_committees", "five"},
                                                          {"youth_council_age_limit", 200},
                                                          {"max_comittees", 3}});
  ASSERT_EQ(reading.issues.size(), 3u);
  EXPECT_EQ(reading.issues[0].path, "max_specialty_committees");
  EXPECT_EQ(reading.issues[0].message, "must be an integer");
  EXPECT_EQ(reading.issues[1].path, "youth_council_age_limit");
  EXPECT_EQ(reading.issues[1].message, "must be between 18 and 100, got 200");
  EXPECT_EQ(reading.issues[2].path, "max_comittees");
  EXPECT_NE(reading.issues[2].message.find("unknown key"), std::string::npos);
  EXPECT_NE(reading.issues[2].message.find("max_specialty_committees"), std::string::npos);
}

TEST(MedicalConfig, RejectsASectionThatIsNoMapping) {
  const ConfigReading reading = read_config(Value(Value::Array{1, 2}));
  ASSERT_EQ(reading.issues.size(), 1u);
  EXPECT_EQ(reading.issues[0].path, "");
}

TEST(MedicalValidation, AcceptsUpToTheCommitteeLimit) {
  EXPECT_TRUE(validate_application(MedicalConfig{}, application(5, 1)).empty());
}

TEST(MedicalValidation, RejectsOneCommitteeTooMany) {
  const auto errors = validate_application(MedicalConfig{}, application(6));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "committees");
  EXPECT_EQ(errors[0].code, "too_many_committees");
  EXPECT_EQ(errors[0].message, "专委会（含海外分会）至多选择 5 个");
}

TEST(MedicalValidation, TheLimitComesFromTheConfiguration) {
  MedicalConfig config;
  config.max_specialty_committees = 2;
  const auto errors = validate_application(config, application(3));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message, "专委会（含海外分会）至多选择 2 个");
}

TEST(MedicalValidation, RejectsTooManyProvincialAssociations) {
  const auto errors = validate_application(MedicalConfig{}, application(1, 2));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "provincial_associations");
  EXPECT_EQ(errors[0].code, "too_many_provincial_associations");
  EXPECT_EQ(errors[0].message, "省级学会至多选择 1 个");
}

TEST(MedicalValidation, YouthCouncilAcceptsTheDayBeforeTheLimitBirthday) {
  EXPECT_TRUE(
      validate_application(MedicalConfig{}, application(1, 0, true, "1980-03-02", "2025-03-01"))
          .empty());
}

TEST(MedicalValidation, YouthCouncilRejectsFromTheLimitBirthdayOn) {
  const auto errors =
      validate_application(MedicalConfig{}, application(1, 0, true, "1980-03-01", "2025-03-01"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "youth_council");
  EXPECT_EQ(errors[0].code, "youth_council_age");
  EXPECT_EQ(errors[0].message, "青年理事会会员年龄需低于 45 周岁");
}

TEST(MedicalValidation, YouthCouncilNeedsValidDates) {
  const auto errors =
      validate_application(MedicalConfig{}, application(1, 0, true, "1990-02-30", "yesterday"));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "birth_date");
  EXPECT_EQ(errors[0].code, "invalid_date");
  EXPECT_EQ(errors[1].field, "applied_on");
}

TEST(MedicalValidation, DatesMatterOnlyForTheYouthCouncil) {
  EXPECT_TRUE(
      validate_application(MedicalConfig{}, application(1, 0, false, "not a date", "")).empty());
}

TEST(MedicalValidation, RejectsDataOfTheWrongShape) {
  EXPECT_EQ(validate_application(MedicalConfig{}, Value("x"))[0].code, "invalid_data");
  const auto errors =
      validate_application(MedicalConfig{}, Value::Object{{"committees", "med-lung"}});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "committees");
  EXPECT_EQ(errors[0].code, "invalid_type");
  EXPECT_TRUE(validate_application(MedicalConfig{}, Value::Object{}).empty());
}

TEST(MedicalMemberNumber, CodeYearAndSixDigits) {
  EXPECT_EQ(member_number({"med", "MED", 2025, 42, "individual"}), "MED2025000042");
  EXPECT_EQ(member_number({"med", "MED", 2025, 1234567, "individual"}), "MED20251234567");
}

TEST(MedicalMemberNumber, LeavesTenantsWithoutACodeToTheHost) {
  EXPECT_EQ(member_number({"med", "", 2025, 42, "individual"}), std::nullopt);
}

TEST(MedicalMemberNumber, RefusesANonPositiveSequence) {
  EXPECT_THROW(member_number({"med", "MED", 2025, 0, "individual"}), std::invalid_argument);
}

TEST(MedicalMemberType, AProfessionalMemberNeedsATitle) {
  const auto none = check_member_type("professional", Value::Object{{"title", Value("none")}});
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0].field, "member_type");
  EXPECT_EQ(none[0].code, "professional_needs_title");
  EXPECT_TRUE(
      check_member_type("professional", Value::Object{{"title", Value("junior_medical")}}).empty());
  EXPECT_TRUE(check_member_type("general", Value::Object{{"title", Value("none")}}).empty());
}

}  // namespace
}  // namespace guildhall::plugins::medical
