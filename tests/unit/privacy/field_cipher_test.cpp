#include "privacy/field_cipher.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "privacy/key_ring.hpp"
#include "privacy/privacy_errors.hpp"

namespace guildhall::privacy {
namespace {

const std::string kKeyA = std::string(42, 'A') + "A";
const std::string kKeyB = std::string(42, 'B') + "A";
const std::string kKeyC = std::string(42, 'C') + "A";
constexpr std::string_view kId = "11010519491231002X";

std::string code_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const core::AppError& e) {
    return e.code();
  }
  return "no error";
}

std::shared_ptr<const KeyRing> ring(const std::string& encryption) {
  return std::make_shared<const KeyRing>(KeyRing::from_base64(encryption, kKeyC));
}

class FieldCipherTest : public ::testing::Test {
 protected:
  FieldCipher cipher_{std::make_shared<const KeyRing>(KeyRing::generate())};
};

TEST_F(FieldCipherTest, RoundTripsTextInACompactStorableForm) {
  const auto stored = cipher_.encrypt(kId, "accounts.id_number", "01J0ROW");
  EXPECT_EQ(cipher_.decrypt(stored, "accounts.id_number", "01J0ROW"), kId);
  EXPECT_TRUE(stored.starts_with("v1.1.")) << stored;
  EXPECT_EQ(stored.find(kId), std::string::npos);
  EXPECT_EQ(stored.size(), 83U);
  EXPECT_EQ(
      stored.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."),
      std::string::npos);
  const auto unicode = cipher_.encrypt("欧阳娜娜", "accounts.name", "r");
  EXPECT_EQ(cipher_.decrypt(unicode, "accounts.name", "r"), "欧阳娜娜");
  EXPECT_EQ(cipher_.decrypt(cipher_.encrypt("", "f", "r"), "f", "r"), "");
}

TEST_F(FieldCipherTest, NoncesDifferBetweenEncryptionsOfOneValue) {
  const auto a = cipher_.encrypt(kId, "accounts.id_number", "r1");
  const auto b = cipher_.encrypt(kId, "accounts.id_number", "r1");
  EXPECT_NE(a, b);
  // The nonce is the first 24 bytes: 32 base64url characters after the "v1.1." prefix.
  EXPECT_NE(a.substr(5, 32), b.substr(5, 32));
}

TEST_F(FieldCipherTest, RefusesWrongContext) {
  const auto stored = cipher_.encrypt(kId, "accounts.id_number", "row-1");
  EXPECT_EQ(code_of([&] { cipher_.decrypt(stored, "accounts.id_number", "row-2"); }),
            kDecryptFailed);
  EXPECT_EQ(code_of([&] { cipher_.decrypt(stored, "accounts.mobile", "row-1"); }), kDecryptFailed);
  // Length prefixes keep ("a.b", "c") and ("a", "b.c")-style splits apart.
  const auto split = cipher_.encrypt(kId, "ab", "c");
  EXPECT_EQ(code_of([&] { cipher_.decrypt(split, "a", "bc"); }), kDecryptFailed);
}

TEST_F(FieldCipherTest, RefusesTampering) {
  const auto stored = cipher_.encrypt(kId, "f", "r");
  for (std::size_t i = 5; i < stored.size(); ++i) {
    auto tampered = stored;
    tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
    const auto code = code_of([&] { cipher_.decrypt(tampered, "f", "r"); });
    // Only the last character carries padding bits a strict decoder may refuse as malformed.
    if (i + 1 < stored.size()) {
      EXPECT_EQ(code, kDecryptFailed) << i;
    } else {
      EXPECT_TRUE(code == kDecryptFailed || code == kCiphertextMalformed) << code;
    }
  }
  // Two characters are one whole byte: still valid base64, but the tag is cut short.
  EXPECT_EQ(code_of([&] { cipher_.decrypt(stored.substr(0, stored.size() - 2), "f", "r"); }),
            kDecryptFailed);
  for (const std::string& bad :
       std::vector<std::string>{"", "v1", "v1.1", "v2.1.AAAA", "v1.x.AAAA", "v1.0.AAAA", "v1.1.A",
                                "v1.1.!!!!", "v1.1." + std::string(10, 'A')}) {
    EXPECT_EQ(code_of([&] { cipher_.decrypt(bad, "f", "r"); }), kCiphertextMalformed) << bad;
  }
}

TEST(FieldCipherKeysTest, RefusesUnknownAndWrongKeys) {
  const FieldCipher with_a(ring(kKeyA));
  const FieldCipher with_b(ring(kKeyB));
  const auto stored = with_a.encrypt(kId, "f", "r");
  EXPECT_EQ(code_of([&] { with_b.decrypt(stored, "f", "r"); }), kDecryptFailed);

  auto renamed = stored;
  renamed[3] = '9';
  EXPECT_EQ(code_of([&] { with_a.decrypt(renamed, "f", "r"); }), kUnknownKey);
}

TEST(FieldCipherKeysTest, OldKeysStillDecryptAfterRotation) {
  const FieldCipher before(ring("1:" + kKeyA));
  const FieldCipher after(ring("1:" + kKeyA + ",2:" + kKeyB));
  const auto old_value = before.encrypt(kId, "f", "r");
  EXPECT_EQ(FieldCipher::key_id_of(old_value), 1U);
  EXPECT_EQ(after.decrypt(old_value, "f", "r"), kId);
  EXPECT_TRUE(after.needs_reencryption(old_value));
  const auto new_value = after.encrypt(kId, "f", "r");
  EXPECT_EQ(FieldCipher::key_id_of(new_value), 2U);
  EXPECT_FALSE(after.needs_reencryption(new_value));
  EXPECT_EQ(code_of([&] { before.decrypt(new_value, "f", "r"); }), kUnknownKey);
}

TEST_F(FieldCipherTest, RoundTripsBlobsAndRefusesTamperedOrMovedBlobs) {
  std::vector<unsigned char> scan(100'000);
  for (std::size_t i = 0; i < scan.size(); ++i) {
    scan[i] = static_cast<unsigned char>(i * 31);
  }
  const auto stored = cipher_.encrypt_bytes(scan, "files.scan", "file-1");
  EXPECT_EQ(stored.size(), scan.size() + 4 + 4 + 24 + 16);
  EXPECT_EQ(cipher_.decrypt_bytes(stored, "files.scan", "file-1"), scan);
  EXPECT_NE(cipher_.encrypt_bytes(scan, "files.scan", "file-1"), stored);

  EXPECT_EQ(code_of([&] { cipher_.decrypt_bytes(stored, "files.scan", "file-2"); }),
            kDecryptFailed);
  auto tampered = stored;
  tampered[tampered.size() / 2] ^= 0x01;
  EXPECT_EQ(code_of([&] { cipher_.decrypt_bytes(tampered, "files.scan", "file-1"); }),
            kDecryptFailed);
  auto unknown = stored;
  unknown[7] = 9;
  EXPECT_EQ(code_of([&] { cipher_.decrypt_bytes(unknown, "files.scan", "file-1"); }), kUnknownKey);
  const std::vector<unsigned char> truncated(stored.begin(), stored.begin() + 20);
  EXPECT_EQ(code_of([&] { cipher_.decrypt_bytes(truncated, "files.scan", "file-1"); }),
            kCiphertextMalformed);
  const std::vector<unsigned char> plain_png = {0x89, 'P', 'N', 'G', 0, 0, 0, 1, 2, 3};
  EXPECT_EQ(code_of([&] { cipher_.decrypt_bytes(plain_png, "files.scan", "file-1"); }),
            kCiphertextMalformed);
  const auto empty = cipher_.encrypt_bytes({}, "f", "r");
  EXPECT_TRUE(cipher_.decrypt_bytes(empty, "f", "r").empty());
}

}  // namespace
}  // namespace guildhall::privacy
