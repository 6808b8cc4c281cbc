#include "privacy/key_ring.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "core/errors.hpp"
#include "privacy/privacy_errors.hpp"

namespace guildhall::privacy {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "guildhall-privacy-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("mkdtemp failed");
    }
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write(const fs::path& path, const std::string& text, fs::perms perms) {
  std::ofstream(path) << text;
  fs::permissions(path, perms);
}

std::string code_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const core::AppError& e) {
    return e.code();
  }
  return "no error";
}

// 32 bytes as base64url: 43 characters.
const std::string kKeyA = std::string(42, 'A') + "A";
const std::string kKeyB = std::string(42, 'B') + "A";

TEST(KeyRingTest, CreatesFileOnceWithOwnerOnlyModeAndReusesIt) {
  TempDir dir;
  const auto path = dir.path() / "keys" / "pii.keys";
  const auto first = KeyRing::load_or_create(path);
  ASSERT_TRUE(fs::exists(path));
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600U);
  const auto text = read(path);
  EXPECT_NE(text.find("encryption 1 "), std::string::npos);
  EXPECT_NE(text.find("blind-index 1 "), std::string::npos);

  const auto second = KeyRing::load_or_create(path);
  EXPECT_EQ(read(path), text);
  EXPECT_EQ(first.active(KeyPurpose::encryption).bytes,
            second.active(KeyPurpose::encryption).bytes);
  EXPECT_EQ(first.active(KeyPurpose::blind_index).bytes,
            second.active(KeyPurpose::blind_index).bytes);
  EXPECT_NE(first.active(KeyPurpose::encryption).bytes,
            first.active(KeyPurpose::blind_index).bytes);
  EXPECT_EQ(std::distance(fs::directory_iterator(path.parent_path()), fs::directory_iterator()), 1)
      << "no temporary file is left behind";
}

TEST(KeyRingTest, DifferentFilesGetDifferentKeys) {
  TempDir dir;
  const auto a = KeyRing::load_or_create(dir.path() / "a.keys");
  const auto b = KeyRing::load_or_create(dir.path() / "b.keys");
  EXPECT_NE(a.active(KeyPurpose::encryption).bytes, b.active(KeyPurpose::encryption).bytes);
}

TEST(KeyRingTest, RefusesFileOpenToGroupOrOthers) {
  TempDir dir;
  const auto path = dir.path() / "pii.keys";
  KeyRing::load_or_create(path);
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  try {
    KeyRing::load_or_create(path);
    FAIL() << "a group-readable key file was accepted";
  } catch (const core::AppError& e) {
    EXPECT_EQ(e.code(), kKeyFilePermissions);
    EXPECT_NE(std::string(e.what()).find("chmod 600"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("0640"), std::string::npos) << e.what();
  }
  fs::permissions(path, fs::perms::owner_read | fs::perms::others_read);
  EXPECT_EQ(code_of([&] { KeyRing::load(path); }), kKeyFilePermissions);
}

TEST(KeyRingTest, RefusesWrongSizes) {
  TempDir dir;
  const auto owner_only = fs::perms::owner_read | fs::perms::owner_write;
  const auto short_key = dir.path() / "short.keys";
  write(short_key, "encryption 1 " + std::string(20, 'A') + "\nblind-index 1 " + kKeyB + "\n",
        owner_only);
  EXPECT_EQ(code_of([&] { KeyRing::load(short_key); }), kKeyFileSize);

  const auto empty = dir.path() / "empty.keys";
  write(empty, "", owner_only);
  EXPECT_EQ(code_of([&] { KeyRing::load_or_create(empty); }), kKeyFileSize);

  const auto huge = dir.path() / "huge.keys";
  write(huge, std::string(KeyRing::kMaxFileBytes + 1, '#'), owner_only);
  EXPECT_EQ(code_of([&] { KeyRing::load(huge); }), kKeyFileSize);
}

TEST(KeyRingTest, RefusesMalformedFiles) {
  TempDir dir;
  const auto owner_only = fs::perms::owner_read | fs::perms::owner_write;
  const auto cases = {
      "encryption 1 " + kKeyA + "\n",                               // no blind-index key
      "encryption 0 " + kKeyA + "\nblind-index 1 " + kKeyB + "\n",  // id 0
      "encryptn 1 " + kKeyA + "\nblind-index 1 " + kKeyB + "\n",    // unknown family
      "encryption 1 " + kKeyA + "\nencryption 1 " + kKeyB + "\nblind-index 1 " + kKeyB,  // dup
      "encryption 1 " + kKeyA + "!\nblind-index 1 " + kKeyB + "\n",  // not base64url
  };
  int n = 0;
  for (const auto& text : cases) {
    const auto path = dir.path() / ("bad" + std::to_string(n++) + ".keys");
    write(path, text, owner_only);
    EXPECT_EQ(code_of([&] { KeyRing::load(path); }), kKeyFormat) << text;
  }
  EXPECT_EQ(code_of([&] { KeyRing::load(dir.path() / "missing.keys"); }), kKeyFileUnreadable);
}

TEST(KeyRingTest, HighestIdIsActiveAndOlderKeysRemain) {
  TempDir dir;
  const auto path = dir.path() / "rotated.keys";
  write(path,
        "# comment\n\nencryption 1 " + kKeyA + "\nencryption 2 " + kKeyB + "\nblind-index 1 " +
            kKeyA + "\n",
        fs::perms::owner_read | fs::perms::owner_write);
  const auto ring = KeyRing::load(path);
  EXPECT_EQ(ring.active(KeyPurpose::encryption).id, 2U);
  ASSERT_NE(ring.find(KeyPurpose::encryption, 1), nullptr);
  EXPECT_EQ(ring.find(KeyPurpose::encryption, 3), nullptr);
  EXPECT_EQ(ring.keys(KeyPurpose::encryption).size(), 2U);
  EXPECT_EQ(ring.active(KeyPurpose::blind_index).id, 1U);
}

TEST(KeyRingTest, FromBase64AcceptsSingleKeysAndRotationLists) {
  const std::string standard = std::string(42, 'A') + "A=";
  const auto single = KeyRing::from_base64(standard, kKeyB);
  EXPECT_EQ(single.active(KeyPurpose::encryption).id, 1U);
  EXPECT_EQ(single.active(KeyPurpose::encryption).bytes, (std::array<unsigned char, 32>{}));

  const auto listed = KeyRing::from_base64("1:" + kKeyA + ", 7:" + kKeyB, "3:" + kKeyA);
  EXPECT_EQ(listed.active(KeyPurpose::encryption).id, 7U);
  EXPECT_EQ(listed.active(KeyPurpose::blind_index).id, 3U);
  EXPECT_NE(listed.find(KeyPurpose::encryption, 1), nullptr);

  EXPECT_EQ(code_of([] { KeyRing::from_base64("", kKeyB); }), kKeyFormat);
  EXPECT_EQ(code_of([] { KeyRing::from_base64("AAAA", kKeyB); }), kKeyFileSize);
  EXPECT_EQ(code_of([] { KeyRing::from_base64("x:" + kKeyA, kKeyB); }), kKeyFormat);
  EXPECT_EQ(code_of([] { KeyRing::from_base64("1:" + kKeyA + ",1:" + kKeyB, kKeyB); }), kKeyFormat);
}

}  // namespace
}  // namespace guildhall::privacy
