#include "medical_rules.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace guildhall::plugins::medical {
namespace {

using sdk::Value;

Value institution(const std::string& slug, const std::string& kind) {
  return Value::Object{{"slug", slug}, {"kind", kind}};
}

Value application(Value::Array institutions, std::string birth_date = "1990-06-15",
                  std::string applied_on = "2025-03-01") {
  return Value::Object{{"institutions", std::move(institutions)},
                       {"birth_date", std::move(birth_date)},
                       {"applied_on", std::move(applied_on)}};
}

Value::Array committees(int count) {
  Value::Array items;
  for (int i = 0; i < count; ++i) {
    items.push_back(institution("med-c" + std::to_string(i), "committee"));
  }
  return items;
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
  EXPECT_TRUE(validate_application(MedicalConfig{}, application(committees(5))).empty());
}

TEST(MedicalValidation, RejectsOneCommitteeTooMany) {
  const auto errors = validate_application(MedicalConfig{}, application(committees(6)));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "institutions");
  EXPECT_EQ(errors[0].code, "too_many_committees");
  EXPECT_EQ(errors[0].message, "专委会（含海外分会）至多选择 5 个");
}

TEST(MedicalValidation, TheLimitComesFromTheConfiguration) {
  MedicalConfig config;
  config.max_specialty_committees = 2;
  const auto errors = validate_application(config, application(committees(3)));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message, "专委会（含海外分会）至多选择 2 个");
}

TEST(MedicalValidation, RejectsTooManyProvincialAssociations) {
  const auto errors = validate_application(
      MedicalConfig{},
      application({institution("med-tj", "provincial"), institution("med-bj", "provincial")}));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "too_many_provincial_associations");
  EXPECT_EQ(errors[0].message, "省级学会至多选择 1 个");
}

TEST(MedicalValidation, YouthCouncilAcceptsTheDayBeforeTheLimitBirthday) {
  const auto errors = validate_application(
      MedicalConfig{},
      application({institution("med-youth", "youth_council")}, "1980-03-02", "2025-03-01"));
  EXPECT_TRUE(errors.empty());
}

TEST(MedicalValidation, YouthCouncilRejectsFromTheLimitBirthdayOn) {
  const auto errors = validate_application(
      MedicalConfig{},
      application({institution("med-youth", "youth_council")}, "1980-03-01", "2025-03-01"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "institutions");
  EXPECT_EQ(errors[0].code, "youth_council_age");
  EXPECT_EQ(errors[0].message, "青年理事会会员年龄需低于 45 周岁");
}

TEST(MedicalValidation, YouthCouncilNeedsValidDates) {
  const auto errors = validate_application(
      MedicalConfig{},
      application({institution("med-youth", "youth_council")}, "1990-02-30", "yesterday"));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "birth_date");
  EXPECT_EQ(errors[0].code, "invalid_date");
  EXPECT_EQ(errors[1].field, "applied_on");
}

TEST(MedicalValidation, DatesMatterOnlyForTheYouthCouncil) {
  EXPECT_TRUE(
      validate_application(MedicalConfig{}, application(committees(1), "not a date", "")).empty());
}

TEST(MedicalValidation, PointsAtTheBrokenItem) {
  const auto errors = validate_application(
      MedicalConfig{},
      application({institution("med-lung", "committee"), institution("med-x", "club"),
                   Value::Object{{"kind", "committee"}}}));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "institutions[1].kind");
  EXPECT_EQ(errors[0].code, "unknown_kind");
  EXPECT_EQ(errors[1].field, "institutions[2].slug");
  EXPECT_EQ(errors[1].code, "required");
}

TEST(MedicalValidation, RejectsDataOfTheWrongShape) {
  EXPECT_EQ(validate_application(MedicalConfig{}, Value("x"))[0].code, "invalid_data");
  EXPECT_EQ(
      validate_application(MedicalConfig{}, Value::Object{{"institutions", "med-lung"}})[0].code,
      "invalid_type");
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

}  // namespace
}  // namespace guildhall::plugins::medical
