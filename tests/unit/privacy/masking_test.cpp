#include "privacy/masking.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace guildhall::privacy {
namespace {

std::size_t stars(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '*'));
}

TEST(MaskingTest, MobileShowsThreeAndFour) {
  EXPECT_EQ(mask_mobile("13800138000"), "138****8000");
  EXPECT_EQ(mask_mobile("+86 138-0013-8000"), "138****8000");
}

TEST(MaskingTest, OddMobilesShowAtMostAQuarterEachEnd) {
  EXPECT_EQ(mask_mobile(""), "");
  EXPECT_EQ(mask_mobile("1"), "*");
  EXPECT_EQ(mask_mobile("138"), "***");
  EXPECT_EQ(mask_mobile("1380013"), "1*****3");
  EXPECT_EQ(mask_mobile("010-12345678"), "01*******78");
  EXPECT_EQ(mask_mobile("+1 415 555 0100"), "+14******100");
}

TEST(MaskingTest, IdNumberForReviewersAndLists) {
  EXPECT_EQ(mask_id_number("11010519491231002X", IdNumberView::reviewer), "110105********002X");
  EXPECT_EQ(mask_id_number("110105 19491231 002x", IdNumberView::reviewer), "110105********002X");
  EXPECT_EQ(mask_id_number("11010519491231002X", IdNumberView::list), "11**************2X");
  EXPECT_EQ(mask_id_number("110105491231002", IdNumberView::reviewer), "110105*****1002");
  EXPECT_EQ(mask_id_number("110105491231002", IdNumberView::list), "11***********02");
}

TEST(MaskingTest, OddIdNumbersRevealLittle) {
  EXPECT_EQ(mask_id_number("", IdNumberView::reviewer), "");
  EXPECT_EQ(mask_id_number("123", IdNumberView::reviewer), "***");
  EXPECT_EQ(mask_id_number("E12345678", IdNumberView::reviewer), "E1*****78");
  EXPECT_EQ(mask_id_number("E12345678", IdNumberView::list), "E1*****78");
  EXPECT_EQ(mask_id_number("1101051949123100", IdNumberView::reviewer), "1101********3100");
  // 18 characters but not a resident ID shape: the quarter rule, not 6+4.
  EXPECT_EQ(mask_id_number("ABCDEFGHIJKLMNOPQR", IdNumberView::reviewer), "ABCD**********OPQR");
}

TEST(MaskingTest, Email) {
  EXPECT_EQ(mask_email("zhang@example.com"), "z***@example.com");
  EXPECT_EQ(mask_email("  z@example.com "), "***@example.com");
  EXPECT_EQ(mask_email("张三@例子.中国"), "张***@例子.中国");
  EXPECT_EQ(mask_email("a@b@example.com"), "a***@example.com");
  for (const auto* bad : {"", "@", "zhang", "zhang@", "@example.com"}) {
    EXPECT_EQ(mask_email(bad), "***") << bad;
  }
}

TEST(MaskingTest, Names) {
  EXPECT_EQ(mask_name("张三"), "张*");
  EXPECT_EQ(mask_name("张三丰"), "张**");
  EXPECT_EQ(mask_name("欧阳娜娜"), "欧阳**");
  EXPECT_EQ(mask_name("欧阳修"), "欧阳*");
  EXPECT_EQ(mask_name("司马"), "司*");
  EXPECT_EQ(mask_name("张"), "*");
  EXPECT_EQ(mask_name("  李四 "), "李*");
  EXPECT_EQ(mask_name(""), "");
  EXPECT_EQ(mask_name("John Smith"), "J*********");
  EXPECT_EQ(mask_name("阿依古丽·买买提"), "阿*******");
}

TEST(MaskingTest, MalformedUtf8NeverCrashesAndStaysValid) {
  const std::string broken = "\xE5\xBC";
  EXPECT_EQ(mask_name(broken), "\xEF\xBF\xBD*");
  EXPECT_EQ(mask_name("\xFF\xFE\xFD"), "\xEF\xBF\xBD**");
  EXPECT_EQ(stars(mask_id_number("\xFF\xFF\xFF\xFF", IdNumberView::reviewer)), 2U);
  EXPECT_EQ(mask_email("\xFF@x"), "***@x");
}

TEST(MaskingTest, NeverRevealsMoreThanTheRuleForAnyLength) {
  for (std::size_t n = 0; n <= 40; ++n) {
    const std::string digits(n, '7');
    const auto id = mask_id_number(digits, IdNumberView::reviewer);
    const auto listed = mask_id_number(digits, IdNumberView::list);
    const auto mobile = mask_mobile(digits);
    EXPECT_EQ(id.size(), n);
    EXPECT_LE(n - stars(id), 10U) << n;
    EXPECT_LE(n - stars(listed), 4U) << n;
    EXPECT_LE(n - stars(mobile), 7U) << n;
    EXPECT_LE(n - stars(mobile), n / 2) << n;
    if (n != 15 && n != 18) {
      EXPECT_LE(n - stars(id), n / 2) << n;
    }
  }
}

}  // namespace
}  // namespace guildhall::privacy
