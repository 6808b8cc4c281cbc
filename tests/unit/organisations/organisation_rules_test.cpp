#include "modules/organisations/organisation_rules.hpp"

#include <gtest/gtest.h>

namespace guildhall::organisations {
namespace {

TEST(OrganisationNames, TidyTrimsAndCollapsesSpacesButKeepsFullWidthBrackets) {
  EXPECT_EQ(tidy_name("  北京协和医院（东院） "), "北京协和医院（东院）");
  EXPECT_EQ(tidy_name("Huaxia \t  Circuit\n Co."), "Huaxia Circuit Co.");
  // The ideographic space (U+3000) and the no-break space count as white space.
  EXPECT_EQ(tidy_name("\u3000华夏\u3000\u3000医院\u00A0"), "华夏 医院");
  EXPECT_EQ(tidy_name(" \t "), "");
}

TEST(OrganisationNames, NormaliseFoldsFullWidthAsciiSpacesAndCase) {
  EXPECT_EQ(normalise_name("ＡＢＣ　 Company "), "abc company");
  EXPECT_EQ(normalise_name("华夏医院（东院）"), "华夏医院(东院)");
  EXPECT_EQ(normalise_name("华夏医院(东院)"), normalise_name(" 华夏医院（东院） "));
  EXPECT_EQ(normalise_name("Ｈｕａｘｉａ１２３"), "huaxia123");
  EXPECT_NE(normalise_name("华夏医院"), normalise_name("华夏 医院"));
}

TEST(OrganisationNames, LengthIsCountedInCharactersNotBytes) {
  EXPECT_EQ(utf8_length("医院"), 2U);
  EXPECT_EQ(utf8_length("ab"), 2U);
  EXPECT_EQ(utf8_length("\xF0\x9F\x98\x80"), 1U);
  EXPECT_FALSE(utf8_length("\xE5\x8C"));      // cut short
  EXPECT_FALSE(utf8_length("\xC0\xAF"));      // overlong '/'
  EXPECT_FALSE(utf8_length("\xED\xA0\x80"));  // a surrogate
}

TEST(OrganisationNames, CheckName) {
  EXPECT_EQ(check_name("")->code, kRequired);
  EXPECT_EQ(check_name("医")->code, kNameLength);
  EXPECT_FALSE(check_name("医院"));
  std::string hundred;
  for (int i = 0; i < 100; ++i) {
    hundred += "院";
  }
  EXPECT_FALSE(check_name(hundred));
  EXPECT_EQ(check_name(hundred + "院")->code, kNameLength);
  EXPECT_EQ(check_name("华夏\x01医院")->code, kNameInvalid);
  EXPECT_EQ(check_name("华夏\xFF医院")->code, kNameInvalid);
  const auto issue = check_name("");
  EXPECT_EQ(issue->field, "name");
  EXPECT_FALSE(issue->message.zh_cn.empty());
  EXPECT_FALSE(issue->message.en.empty());
}

TEST(OrganisationRegion, AcceptsProvinceCityDistrictInOrder) {
  EXPECT_FALSE(check_region({}));
  EXPECT_FALSE(check_region({"120000"}));
  EXPECT_FALSE(check_region({"120000", "120100"}));
  EXPECT_FALSE(check_region({"120000", "120100", "120103"}));
  EXPECT_FALSE(check_region({"440000", "441900"}));
  // Province-administered counties: the "city" level does not end in 00.
  EXPECT_FALSE(check_region({"410000", "419001"}));
}

TEST(OrganisationRegion, RefusesWhatIsNotAChain) {
  for (const auto& codes :
       std::vector<std::vector<std::string>>{{"12000"},
                                             {"1200000"},
                                             {"12000A"},
                                             {"120100"},
                                             {"000000"},
                                             {"120000", "110100"},
                                             {"120000", "120000"},
                                             {"120000", "120100", "120201"},
                                             {"120000", "120100", "120100"},
                                             {"120000", "120100", "120103", "120103"}}) {
    const auto issue = check_region(codes);
    ASSERT_TRUE(issue) << join_region(codes);
    EXPECT_EQ(issue->code, kRegionFormat);
    EXPECT_EQ(issue->field, "region");
  }
}

TEST(OrganisationRegion, SplitsCellTextAndJoinsForStorage) {
  const std::vector<std::string> expected{"120000", "120100", "120103"};
  EXPECT_EQ(split_region_text("120000/120100/120103"), expected);
  EXPECT_EQ(split_region_text(" 120000, 120100 ,120103 "), expected);
  EXPECT_EQ(split_region_text("120000，120100、120103"), expected);
  EXPECT_EQ(split_region_text("120000-120100-120103"), expected);
  EXPECT_TRUE(split_region_text("").empty());
  EXPECT_EQ(join_region(expected), "120000/120100/120103");
  EXPECT_EQ(join_region({}), "");
}

}  // namespace
}  // namespace guildhall::organisations
