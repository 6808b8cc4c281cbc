#include "privacy/normalise.hpp"

#include <gtest/gtest.h>

namespace guildhall::privacy {
namespace {

TEST(NormaliseTest, IdNumbers) {
  EXPECT_EQ(normalise_id_number(" 110105 19491231 002x\t"), "11010519491231002X");
  EXPECT_EQ(normalise_id_number("１１０１０５１９４９１２３１００２ｘ"), "11010519491231002X");
  EXPECT_EQ(normalise_id_number("110105\xE3\x80\x80"
                                "19491231002X"),
            "11010519491231002X");
  EXPECT_EQ(normalise_id_number("e1234567"), "E1234567");
  EXPECT_EQ(normalise_id_number("张"), "张");
  EXPECT_EQ(normalise_id_number(""), "");
}

TEST(NormaliseTest, Mobiles) {
  EXPECT_EQ(normalise_mobile("+86 138-0013-8000"), "13800138000");
  EXPECT_EQ(normalise_mobile("(+86) 138.0013.8000"), "13800138000");
  EXPECT_EQ(normalise_mobile("0086 13800138000"), "13800138000");
  EXPECT_EQ(normalise_mobile("8613800138000"), "13800138000");
  EXPECT_EQ(normalise_mobile("＋８６　１３８００１３８０００"), "13800138000");
  // Not a mainland number behind the 86: left alone.
  EXPECT_EQ(normalise_mobile("+86 10 1234 5678"), "+861012345678");
  EXPECT_EQ(normalise_mobile("86123"), "86123");
  EXPECT_EQ(normalise_mobile("+1 415 555 0100"), "+14155550100");
  EXPECT_EQ(normalise_mobile(""), "");
}

TEST(NormaliseTest, Emails) {
  EXPECT_EQ(normalise_email("  Zhang.San@Example.COM "), "zhang.san@example.com");
  EXPECT_EQ(normalise_email("张三@例子.中国"), "张三@例子.中国");
}

}  // namespace
}  // namespace guildhall::privacy
