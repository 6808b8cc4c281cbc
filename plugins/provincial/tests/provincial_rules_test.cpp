#include "provincial_rules.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace guildhall::plugins::provincial {
namespace {

using sdk::Value;

TEST(ProvincialConfig, AbsentSectionMeansDefaults) {
  const ConfigReading reading = read_config(Value());
  EXPECT_TRUE(reading.issues.empty());
  EXPECT_FALSE(reading.config.native_place_required);
  EXPECT_EQ(reading.config.member_number_prefix, "TJ");
}

TEST(ProvincialConfig, ReportsWrongTypesBadPrefixesAndUnknownKeys) {
  const ConfigReading reading = read_config(Value::Object{
      {"native_place_required", "yes"}, {"member_number_prefix", "tj-1"}, {"colour", "red"}});
  ASSERT_EQ(reading.issues.size(), 3u);
  EXPECT_EQ(reading.issues[0].path, "native_place_required");
  EXPECT_EQ(reading.issues[0].message, "must be true or false");
  EXPECT_EQ(reading.issues[1].path, "member_number_prefix");
  EXPECT_EQ(reading.issues[2].path, "colour");
}

TEST(ProvincialValidation, NativePlaceDownToTheDistrictOnApplicationsWhenRequired) {
  const Value tianjin_heping = Value::Array{"120000", "120100", "120101"};
  EXPECT_TRUE(validate_application(ProvincialConfig{}, "join", Value::Object{}).empty());

  const ProvincialConfig required{true, "TJ"};
  auto errors = validate_application(required, "join", Value::Object{});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "native_place");
  EXPECT_EQ(errors[0].code, "required");
  EXPECT_EQ(errors[0].message, "请选择籍贯（省份/地级市/县区）");
  errors = validate_application(required, "join",
                                Value::Object{{"native_place", Value::Array{"120000", "120100"}}});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "native_place_incomplete");
  EXPECT_TRUE(
      validate_application(required, "join", Value::Object{{"native_place", tianjin_heping}})
          .empty());
  // The shared profile does not ask for it.
  EXPECT_TRUE(validate_application(required, "profile", Value::Object{}).empty());
}

TEST(ProvincialMemberNumber, PrefixYearAndFiveDigits) {
  EXPECT_EQ(member_number(ProvincialConfig{}, {"med-tj", "MEDTJ", 2025, 42, "individual"}),
            "TJ-2025-00042");
  EXPECT_EQ(member_number(ProvincialConfig{false, "HB"}, {"x", "", 2024, 123456, "individual"}),
            "HB-2024-123456");
  EXPECT_THROW(member_number(ProvincialConfig{}, {"x", "", 2024, -1, "individual"}),
               std::invalid_argument);
}

}  // namespace
}  // namespace guildhall::plugins::provincial
