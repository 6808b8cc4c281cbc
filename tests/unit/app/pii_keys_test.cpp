// Where the data-protection keys come from: the key file (created once, 0600, under data_dir by
// default or where privacy.key_file says), or both environment variables; never half of each.
#include "app/pii_keys.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <stdexcept>

#include "app/server_config.hpp"
#include "privacy/field_cipher.hpp"
#include "privacy/key_ring.hpp"
#include "support/temp_dir.hpp"

namespace guildhall::app {
namespace {

using guildhall::testing::TempDir;

constexpr const char* kEncryptionKeys = "1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
constexpr const char* kIndexKeys = "ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoM";

std::string message_of(const ServerConfig& config, const char* encryption, const char* index) {
  try {
    load_pii_keys(config, encryption, index);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return {};
}

TEST(PiiKeys, TheDefaultKeyFileIsCreatedUnderTheDataFolderOnceWithMode0600) {
  TempDir dir;
  ServerConfig config;
  config.data_dir = dir.path() / "data";
  const auto first = load_pii_keys(config, nullptr, "");
  const auto file = dir.path() / "data" / "keys" / "pii.keys";
  ASSERT_TRUE(std::filesystem::exists(file));
  EXPECT_EQ(first.source, "key file " + file.string());
  struct stat info {};
  ASSERT_EQ(::stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600U);
  // The second start reads the same keys: what the first encrypted, the second decrypts.
  const auto stored = privacy::FieldCipher(first.ring).encrypt("13800138000", "t.c", "r1");
  const auto second = load_pii_keys(config, nullptr, nullptr);
  EXPECT_EQ(privacy::FieldCipher(second.ring).decrypt(stored, "t.c", "r1"), "13800138000");
}

TEST(PiiKeys, AConfiguredKeyFileIsUsedInstead) {
  TempDir dir;
  ServerConfig config;
  config.data_dir = dir.path() / "data";
  config.pii_key_file = dir.path() / "secrets" / "guildhall.keys";
  load_pii_keys(config, nullptr, nullptr);
  EXPECT_TRUE(std::filesystem::exists(config.pii_key_file));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "data"));
}

TEST(PiiKeys, BothEnvironmentVariablesReplaceTheKeyFile) {
  TempDir dir;
  ServerConfig config;
  config.data_dir = dir.path() / "data";
  const auto keys = load_pii_keys(config, kEncryptionKeys, kIndexKeys);
  EXPECT_EQ(keys.source, "the environment");
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "data"));
  EXPECT_EQ(keys.ring->active(privacy::KeyPurpose::encryption).id, 1U);
  EXPECT_EQ(keys.ring->active(privacy::KeyPurpose::encryption).bytes[31], 31);
  EXPECT_EQ(keys.ring->active(privacy::KeyPurpose::blind_index).bytes[0], 100);
}

TEST(PiiKeys, HalfAnEnvironmentOrTwoSourcesAreRefusedWithTheNames) {
  TempDir dir;
  ServerConfig config;
  config.data_dir = dir.path() / "data";
  const auto one = message_of(config, kEncryptionKeys, nullptr);
  EXPECT_NE(one.find("GUILDHALL_PII_ENCRYPTION_KEYS"), std::string::npos) << one;
  EXPECT_NE(one.find("GUILDHALL_PII_INDEX_KEYS"), std::string::npos) << one;
  EXPECT_NE(message_of(config, "", kIndexKeys), "");
  config.pii_key_file = dir.path() / "k.keys";
  const auto both = message_of(config, kEncryptionKeys, kIndexKeys);
  EXPECT_NE(both.find("privacy.key_file"), std::string::npos) << both;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "data"));
  EXPECT_FALSE(std::filesystem::exists(config.pii_key_file));
}

TEST(PiiKeys, ThePrivacySectionOfTheServerConfiguration) {
  TempDir dir;
  const auto file =
      dir.write("conf/guildhall.yaml", "data_dir: data\nprivacy:\n  key_file: k/pii.keys\n");
  const auto loaded = load_server_config(file);
  ASSERT_TRUE(loaded.errors.empty()) << loaded.errors[0].to_string();
  EXPECT_EQ(loaded.config.effective_pii_key_file(), dir.path() / "conf" / "k" / "pii.keys");
  const auto defaulted = load_server_config(dir.write("d.yaml", "data_dir: data\n"));
  EXPECT_EQ(defaulted.config.effective_pii_key_file(), dir.path() / "data" / "keys" / "pii.keys");

  const auto wrong = load_server_config(dir.write("w.yaml", "privacy:\n  keyfile: x\n"));
  ASSERT_EQ(wrong.errors.size(), 1U);
  EXPECT_NE(wrong.errors[0].to_string().find("w.yaml:2:3"), std::string::npos)
      << wrong.errors[0].to_string();
  EXPECT_NE(wrong.errors[0].to_string().find("key_file"), std::string::npos)
      << wrong.errors[0].to_string();
}

}  // namespace
}  // namespace guildhall::app
