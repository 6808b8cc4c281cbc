#include "forms/region_catalog.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "forms/form_reader.hpp"
#include "forms/form_validator.hpp"

namespace guildhall::forms {
namespace {

TEST(RegionCatalog, TheEmbeddedDatasetCoversTheMainland) {
  const RegionCatalog& regions = RegionCatalog::mainland();
  EXPECT_GT(regions.size(), 3000U);
  EXPECT_TRUE(regions.contains("110000"));
  EXPECT_TRUE(regions.contains("650000"));
  EXPECT_EQ(regions.json().front(), '[');
}

TEST(RegionCatalog, APathMustDescendLevelByLevel) {
  const RegionCatalog& regions = RegionCatalog::mainland();
  using Path = std::vector<std::string>;
  EXPECT_TRUE(regions.valid_path(Path{"120000", "120100", "120101"}));
  EXPECT_TRUE(regions.valid_path(Path{"120000"}));
  EXPECT_TRUE(regions.valid_path(Path{}));
  EXPECT_FALSE(regions.valid_path(Path{"120000", "110100"}));
  EXPECT_FALSE(regions.valid_path(Path{"120100"}));
  EXPECT_FALSE(regions.valid_path(Path{"990000"}));
  EXPECT_EQ(regions.describe(Path{"120000", "120100", "120101"}), "天津市 / 市辖区 / 和平区");
}

TEST(RegionCatalog, TheValidatorRefusesARegionThatDoesNotExist) {
  const auto parsed = parse_form(R"({key: f, title: {zh-CN: 表}, sections: [{key: s,
      title: {zh-CN: 节}, fields: [{key: native_place, type: region, label: {zh-CN: 籍贯}}]}]})",
                                 "test.yaml");
  ASSERT_TRUE(parsed.form) << parsed.errors.size();
  sdk::Value::Object good{
      {"native_place", sdk::Value::Array{sdk::Value("120000"), sdk::Value("120100")}}};
  sdk::Value::Object bad{
      {"native_place", sdk::Value::Array{sdk::Value("120000"), sdk::Value("110100")}}};
  const CivilDate today{2026, 11, 22};
  const RegionCatalog& regions = RegionCatalog::mainland();
  EXPECT_TRUE(validate_form(*parsed.form, sdk::Value(good), today, nullptr, &regions).ok());
  const auto result = validate_form(*parsed.form, sdk::Value(bad), today, nullptr, &regions);
  ASSERT_EQ(result.errors.size(), 1U);
  EXPECT_EQ(result.errors[0].field, "native_place");
  EXPECT_EQ(result.errors[0].code, "invalid_region");
}

}  // namespace
}  // namespace guildhall::forms
