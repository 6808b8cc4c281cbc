#include "privacy/blind_index.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "privacy/key_ring.hpp"

namespace guildhall::privacy {
namespace {

const std::string kKeyA = std::string(42, 'A') + "A";
const std::string kKeyB = std::string(42, 'B') + "A";

BlindIndex index_with(const std::string& blind_keys) {
  return BlindIndex(std::make_shared<const KeyRing>(KeyRing::from_base64(kKeyA, blind_keys)));
}

TEST(BlindIndexTest, EqualForDifferentlyFormattedEqualValues) {
  const auto index = index_with(kKeyB);
  const auto id = index.of("accounts.id_number", ValueKind::id_number, "11010519491231002X");
  EXPECT_EQ(index.of("accounts.id_number", ValueKind::id_number, "110105 19491231 002x"), id);
  EXPECT_EQ(
      index.of("accounts.id_number", ValueKind::id_number, "１１０１０５１９４９１２３１００２ｘ"),
      id);
  EXPECT_NE(index.of("accounts.id_number", ValueKind::id_number, "110105194912310021"), id);

  const auto mobile = index.of("accounts.mobile", ValueKind::mobile, "13800138000");
  for (const auto* variant : {"+86 138 0013 8000", "138-0013-8000", "0086 13800138000",
                              "8613800138000", " 138 0013 8000 "}) {
    EXPECT_EQ(index.of("accounts.mobile", ValueKind::mobile, variant), mobile) << variant;
  }
  EXPECT_EQ(index.of("accounts.email", ValueKind::email, " Zhang@Example.COM"),
            index.of("accounts.email", ValueKind::email, "zhang@example.com"));
  EXPECT_NE(index.of("x", ValueKind::exact, "Abc"), index.of("x", ValueKind::exact, "abc"));
}

TEST(BlindIndexTest, DiffersAcrossPurposesAndKeys) {
  const auto a = index_with(kKeyA);
  const auto b = index_with(kKeyB);
  const auto value = "11010519491231002X";
  EXPECT_NE(a.of("accounts.id_number", ValueKind::id_number, value),
            a.of("profiles.id_number", ValueKind::id_number, value));
  EXPECT_NE(a.of("accounts.id_number", ValueKind::id_number, value),
            b.of("accounts.id_number", ValueKind::id_number, value));
  // Purpose and value are length-prefixed: moving a character across the boundary changes it.
  EXPECT_NE(a.of("ab", ValueKind::exact, "c"), a.of("a", ValueKind::exact, "bc"));
}

TEST(BlindIndexTest, OutputIsKeyIdAndBase64UrlWithoutPlaintext) {
  const auto index = index_with("5:" + kKeyB);
  const auto out = index.of("accounts.mobile", ValueKind::mobile, "13800138000");
  EXPECT_TRUE(out.starts_with("5.")) << out;
  EXPECT_EQ(out.size(), 2U + 43U);
  EXPECT_EQ(out.find("138"), std::string::npos);
  EXPECT_EQ(out.substr(2).find_first_not_of(
                "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"),
            std::string::npos);
}

TEST(BlindIndexTest, CandidatesCoverEveryKeyActiveFirst) {
  const auto old_only = index_with("1:" + kKeyA);
  const auto rotated = index_with("1:" + kKeyA + ",2:" + kKeyB);
  const auto stored_before = old_only.of("p", ValueKind::mobile, "13800138000");
  const auto candidates = rotated.candidates("p", ValueKind::mobile, "+86 13800138000");
  ASSERT_EQ(candidates.size(), 2U);
  EXPECT_EQ(candidates[0], rotated.of("p", ValueKind::mobile, "13800138000"));
  EXPECT_TRUE(candidates[0].starts_with("2."));
  EXPECT_EQ(candidates[1], stored_before);
}

}  // namespace
}  // namespace guildhall::privacy
