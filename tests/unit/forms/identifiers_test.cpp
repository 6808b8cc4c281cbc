#include "forms/identifiers.hpp"

#include <gtest/gtest.h>

namespace guildhall::forms {
namespace {

constexpr CivilDate kToday{2026, 11, 22};

std::string code_of(const Checked& checked) {
  return checked.issue ? checked.issue->code : std::string("ok");
}

TEST(ResidentIdTest, AcceptsTheBaselineSampleAndReadsBirthDateAndGender) {
  auto id = check_resident_id("11010519491231002X", kToday);
  ASSERT_FALSE(id.issue) << id.issue->message.en;
  EXPECT_EQ(id.value, "11010519491231002X");
  ASSERT_TRUE(id.info);
  EXPECT_EQ(id.info->birth_date, (CivilDate{1949, 12, 31}));
  // 17th digit 2: even, a woman.
  EXPECT_EQ(id.info->gender, Gender::female);
}

TEST(ResidentIdTest, ReadsALowerCaseXAsUpperCase) {
  auto id = check_resident_id("11010519491231002x", kToday);
  EXPECT_EQ(id.value, "11010519491231002X");
}

TEST(ResidentIdTest, RefusesAWrongCheckDigitAndSaysSo) {
  auto id = check_resident_id("110105194912310021", kToday);
  EXPECT_EQ(code_of(id), kIdNumberCheckDigit);
  EXPECT_NE(id.issue->message.zh_cn.find("身份证号码校验位不正确"), std::string::npos);
  EXPECT_NE(id.issue->message.en.find("check digit"), std::string::npos);
  EXPECT_FALSE(id.info);
}

TEST(ResidentIdTest, RefusesTheSeedManualsSamplesForTheirCheckDigit) {
  for (const char* sample : {"120101200801014522", "120101198410011234"}) {
    auto id = check_resident_id(sample, kToday);
    EXPECT_EQ(code_of(id), kIdNumberCheckDigit) << sample;
    ASSERT_TRUE(id.issue);
    EXPECT_NE(id.issue->message.zh_cn.find("校验位"), std::string::npos);
  }
}

TEST(ResidentIdTest, RefusesADayThatDoesNotExist) {
  EXPECT_EQ(code_of(check_resident_id("110105194902310026", kToday)), kIdNumberBirthDate);
}

TEST(ResidentIdTest, RefusesABirthDateAfterToday) {
  // 2026-12-01 with a correct check digit: only the date is wrong.
  EXPECT_EQ(code_of(check_resident_id("110105202612010014", kToday)), kIdNumberBirthDate);
  EXPECT_EQ(code_of(check_resident_id("110105202612010014", CivilDate{2026, 12, 1})), "ok");
}

TEST(ResidentIdTest, RefusesAnUnknownProvince) {
  // 19 is no province; the rest, check digit included, is right for that prefix.
  EXPECT_EQ(code_of(check_resident_id("190105194912310024", kToday)), kIdNumberProvince);
  for (const char* prefix :
       {"10", "16", "20", "24", "30", "38", "47", "55", "66", "70", "72", "80", "83", "99"}) {
    EXPECT_EQ(code_of(check_resident_id(std::string(prefix) + "0105194912310021", kToday)),
              kIdNumberProvince)
        << prefix;
  }
}

TEST(ResidentIdTest, RefusesWrongLengthAndCharacters) {
  for (const char* bad : {"", "11010519491231002", "11010519491231002X1", "1101051949123100XX",
                          "11010519491231002Y", "A1010519491231002X"}) {
    EXPECT_EQ(code_of(check_resident_id(bad, kToday)), kIdNumberFormat) << bad;
  }
}

TEST(ResidentIdTest, ReadsAMaleFromAnOddSequenceDigit) {
  auto id = check_resident_id("110105202612010014", CivilDate{2027, 1, 1});
  ASSERT_TRUE(id.info);
  EXPECT_EQ(id.info->gender, Gender::male);
}

TEST(CreditCodeTest, AcceptsTheBaselineSamples) {
  EXPECT_EQ(check_credit_code("91350100M000100Y43").value, "91350100M000100Y43");
  EXPECT_EQ(check_credit_code("91110000802100433B").value, "91110000802100433B");
  EXPECT_EQ(check_credit_code("91110000802100433b").value, "91110000802100433B");
}

TEST(CreditCodeTest, RefusesAWrongCheckCharacter) {
  auto checked = check_credit_code("91350100M000100Y44");
  EXPECT_EQ(code_of(checked), kCreditCodeCheck);
  EXPECT_NE(checked.issue->message.zh_cn.find("校验位"), std::string::npos);
  EXPECT_EQ(code_of(check_credit_code("91110000802100433A")), kCreditCodeCheck);
}

TEST(CreditCodeTest, RefusesLettersOutsideTheCharsetAndWrongLength) {
  // I, O, S, V and Z are never used.
  for (const char* bad :
       {"91350100M000100I43", "91350100O000100Y43", "91350100S000100Y43", "91350100V000100Y43",
        "91350100Z000100Y43", "91350100M000100Y4", "91350100M000100Y433", ""}) {
    EXPECT_EQ(code_of(check_credit_code(bad)), kCreditCodeFormat) << bad;
  }
}

TEST(MobileTest, StripsSpacesDashesAndCountryCode) {
  EXPECT_EQ(check_mobile("13800138000").value, "13800138000");
  EXPECT_EQ(check_mobile("138-0013-8000").value, "13800138000");
  EXPECT_EQ(check_mobile("+86 138 0013 8000").value, "13800138000");
  EXPECT_EQ(check_mobile("+86-19912345678").value, "19912345678");
}

TEST(MobileTest, RefusesWhatIsNoMainlandMobile) {
  for (const char* bad : {"12800138000", "1380013800", "138001380001", "010-65000001",
                          "+85213800138000", "1380013800a", ""}) {
    EXPECT_EQ(code_of(check_mobile(bad)), kMobileFormat) << bad;
  }
}

TEST(EmailTest, AcceptsCommonAddressesAndRefusesTypos) {
  EXPECT_EQ(check_email("li.ming@example.org").value, "li.ming@example.org");
  EXPECT_EQ(check_email(" wang+news@mail.example.com.cn ").value, "wang+news@mail.example.com.cn");
  for (const char* bad : {"li.ming", "li@", "@example.org", "li ming@example.org", "li@example",
                          "li@@example.org", "li@-example.org"}) {
    EXPECT_EQ(code_of(check_email(bad)), kEmailFormat) << bad;
  }
}

TEST(PostalCodeTest, AcceptsSixDigitsOnly) {
  EXPECT_EQ(check_postal_code("100005").value, "100005");
  for (const char* bad : {"10000", "1000050", "10000a", ""}) {
    EXPECT_EQ(code_of(check_postal_code(bad)), kPostalCodeFormat) << bad;
  }
}

TEST(CivilDateTest, ParsesRealDaysOnlyAndComputesAges) {
  EXPECT_TRUE(CivilDate::parse("2024-02-29"));
  EXPECT_FALSE(CivilDate::parse("2023-02-29"));
  EXPECT_FALSE(CivilDate::parse("1900-02-29"));
  EXPECT_TRUE(CivilDate::parse("2000-02-29"));
  EXPECT_FALSE(CivilDate::parse("2024-13-01"));
  EXPECT_FALSE(CivilDate::parse("2024-1-01"));
  EXPECT_EQ(CivilDate::parse("1981-11-22")->age_on(kToday), 45);
  EXPECT_EQ(CivilDate::parse("1981-11-23")->age_on(kToday), 44);
  EXPECT_EQ(CivilDate::parse("2000-02-29")->age_on(CivilDate{2001, 2, 28}), 0);
  EXPECT_EQ(CivilDate::parse("2000-02-29")->age_on(CivilDate{2001, 3, 1}), 1);
  EXPECT_EQ((CivilDate{2026, 1, 5}).to_string(), "2026-01-05");
}

}  // namespace
}  // namespace guildhall::forms
