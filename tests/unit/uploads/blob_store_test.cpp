#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <thread>

#include "caught_error.hpp"
#include "image_fixtures.hpp"
#include "privacy/field_cipher.hpp"
#include "privacy/key_ring.hpp"
#include "privacy/privacy_errors.hpp"
#include "support/temp_dir.hpp"
#include "uploads/encrypted_blob_store.hpp"
#include "uploads/filesystem_blob_store.hpp"
#include "uploads/upload_errors.hpp"

namespace guildhall::uploads {
namespace {

using fixtures::Bytes;
using fixtures::bytes_of;
using fixtures::caught;
using fixtures::code_of;
using fixtures::contains;

constexpr std::string_view kUploadId = "01J9ZQ3V5X7Y8Z0A1B2C3D4E5F";

std::vector<std::filesystem::path> files_under(const std::filesystem::path& root) {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) {
      out.push_back(entry.path());
    }
  }
  return out;
}

Bytes read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class FilesystemBlobStoreTest : public ::testing::Test {
 protected:
  testing::TempDir dir_{"gh-uploads"};
  std::filesystem::path root_ = dir_.path() / "blobs";
};

TEST_F(FilesystemBlobStoreTest, RoundTripsBytesUnderRandomShardedNames) {
  FilesystemBlobStore store(root_);
  const auto photo = fixtures::make_split_image("png", 8, 8);
  const auto key = store.put(photo, kUploadId);

  EXPECT_EQ(key.size(), 32U);
  EXPECT_EQ(key.find_first_not_of("0123456789abcdef"), std::string::npos) << key;
  EXPECT_EQ(store.get(key, kUploadId), photo);
  const auto path = root_ / key.substr(0, 2) / key.substr(2, 2) / key;
  EXPECT_EQ(store.path_of(key), path);
  EXPECT_EQ(read_file(path), photo);
  // Only the blob: the temporary file was renamed, not copied.
  EXPECT_EQ(files_under(root_), std::vector<std::filesystem::path>{path});

  struct stat status {};
  ASSERT_EQ(::stat(root_.c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 0777, 0700U);
  ASSERT_EQ(::stat(path.c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 0777, 0600U);

  EXPECT_NE(store.put(photo, kUploadId), key);
  const auto empty = store.put({}, kUploadId);
  EXPECT_TRUE(store.get(empty, kUploadId).empty());
}

TEST_F(FilesystemBlobStoreTest, NamesAreUniqueAndRevealNothing) {
  FilesystemBlobStore store(root_);
  std::set<std::string> keys;
  std::set<std::string> first_folders;
  for (int i = 0; i < 200; ++i) {
    const auto key = store.put(bytes_of("same bytes"), "same-upload");
    keys.insert(key);
    first_folders.insert(key.substr(0, 2));
  }
  EXPECT_EQ(keys.size(), 200U);
  // 200 random names over 256 first-level folders land in well over 100 of them.
  EXPECT_GT(first_folders.size(), 100U);
}

TEST_F(FilesystemBlobStoreTest, RefusesKeysThatCouldLeaveTheRoot) {
  FilesystemBlobStore store(root_);
  const auto valid = store.put(bytes_of("x"), kUploadId);
  std::string upper = valid;
  upper[0] = 'A';
  for (const std::string& key :
       {std::string("../../../../etc/passwd"), std::string("../") + valid.substr(3),
        std::string("/etc/passwd"), valid.substr(1), valid + "0", upper, std::string(""),
        valid.substr(0, 31) + "/", valid.substr(0, 16) + std::string(1, '\0') + valid.substr(17),
        std::string("..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd"), std::string(32, '.')}) {
    for (const auto& action : std::vector<std::function<void()>>{[&] { store.get(key, kUploadId); },
                                                                 [&] { store.remove(key); },
                                                                 [&] { store.path_of(key); }}) {
      const auto error = caught(action);
      ASSERT_TRUE(error) << key;
      EXPECT_EQ(error->code(), kUploadStorageKeyInvalid) << key;
    }
  }
  EXPECT_EQ(store.get(valid, kUploadId), bytes_of("x"));
}

TEST_F(FilesystemBlobStoreTest, MissingBlobsAreNotFoundAndRemovalIsIdempotent) {
  FilesystemBlobStore store(root_);
  const auto key = store.put(bytes_of("scan"), kUploadId);
  store.remove(key);
  const auto error = caught([&] { store.get(key, kUploadId); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), kUploadBlobNotFound);
  EXPECT_EQ(error->kind(), core::ErrorKind::not_found);
  EXPECT_NO_THROW(store.remove(key));
  EXPECT_EQ(code_of([&] { store.get(std::string(32, '0'), kUploadId); }), kUploadBlobNotFound);
}

TEST_F(FilesystemBlobStoreTest, StoresSharingOneFolderSeeEachOthersBlobs) {
  FilesystemBlobStore first(root_);
  FilesystemBlobStore second(root_);
  const auto from_first = first.put(bytes_of("written by instance one"), kUploadId);
  const auto from_second = second.put(bytes_of("written by instance two"), kUploadId);
  EXPECT_EQ(second.get(from_first, kUploadId), bytes_of("written by instance one"));
  EXPECT_EQ(first.get(from_second, kUploadId), bytes_of("written by instance two"));
  second.remove(from_first);
  EXPECT_EQ(code_of([&] { first.get(from_first, kUploadId); }), kUploadBlobNotFound);
}

TEST_F(FilesystemBlobStoreTest, ConcurrentWritersOnOneFolderNeverSeePartialBlobs) {
  FilesystemBlobStore first(root_);
  FilesystemBlobStore second(root_);
  constexpr int kThreads = 4;
  constexpr int kBlobsEach = 25;
  std::vector<std::vector<std::pair<std::string, Bytes>>> written(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      FilesystemBlobStore& store = t % 2 == 0 ? first : second;
      for (int i = 0; i < kBlobsEach; ++i) {
        Bytes bytes(static_cast<std::size_t>(1000 + 997 * i),
                    static_cast<unsigned char>(t * 31 + i));
        written[static_cast<std::size_t>(t)].emplace_back(store.put(bytes, kUploadId), bytes);
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  std::set<std::string> keys;
  for (const auto& blobs : written) {
    for (const auto& [key, bytes] : blobs) {
      keys.insert(key);
      EXPECT_EQ(first.get(key, kUploadId), bytes);
    }
  }
  EXPECT_EQ(keys.size(), static_cast<std::size_t>(kThreads * kBlobsEach));
  EXPECT_EQ(files_under(root_).size(), keys.size());
}

TEST_F(FilesystemBlobStoreTest, IgnoresLeftoverTemporaryFiles) {
  FilesystemBlobStore store(root_);
  const auto key = store.put(bytes_of("whole"), kUploadId);
  const auto leftover = store.path_of(key).parent_path() / ("." + key + ".tmp");
  std::ofstream(leftover) << "part";
  EXPECT_EQ(code_of([&] { store.get("." + key + ".tmp", kUploadId); }), kUploadStorageKeyInvalid);
  EXPECT_EQ(store.get(key, kUploadId), bytes_of("whole"));
}

class EncryptedBlobStoreTest : public ::testing::Test {
 protected:
  testing::TempDir dir_{"gh-uploads-enc"};
  std::shared_ptr<FilesystemBlobStore> files_ =
      std::make_shared<FilesystemBlobStore>(dir_.path() / "blobs");
  std::shared_ptr<const privacy::FieldCipher> cipher_ =
      std::make_shared<const privacy::FieldCipher>(
          std::make_shared<const privacy::KeyRing>(privacy::KeyRing::generate()));
  EncryptedBlobStore store_{files_, cipher_};
};

TEST_F(EncryptedBlobStoreTest, FilesOnDiskHoldNoPlaintext) {
  constexpr std::string_view kIdNumber = "11010519491231002X";
  const std::string scan = "%PDF-1.7\nID card of 王小明, " + std::string(kIdNumber) + "\n";
  const auto key = store_.put(bytes_of(scan), kUploadId);

  const auto on_disk = read_file(files_->path_of(key));
  EXPECT_FALSE(contains(on_disk, kIdNumber));
  EXPECT_FALSE(contains(on_disk, "王小明"));
  EXPECT_FALSE(contains(on_disk, "%PDF"));
  EXPECT_TRUE(contains(on_disk, "GHP\x01"));
  EXPECT_EQ(on_disk.size(), scan.size() + 48);
  for (const auto& path : files_under(dir_.path())) {
    EXPECT_FALSE(contains(read_file(path), kIdNumber)) << path;
  }

  EXPECT_EQ(store_.get(key, kUploadId), bytes_of(scan));
}

TEST_F(EncryptedBlobStoreTest, ABlobReadForAnotherUploadFailsToDecrypt) {
  const auto key = store_.put(bytes_of("member A's diploma"), kUploadId);
  const auto error = caught([&] { store_.get(key, "01J9ZQ3V5X7Y8Z0A1B2C3D4E5G"); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), privacy::kDecryptFailed);

  // A blob written without encryption is refused too, never returned as it is.
  const auto plain = files_->put(bytes_of("not encrypted"), kUploadId);
  EXPECT_EQ(code_of([&] { store_.get(plain, kUploadId); }), privacy::kCiphertextMalformed);
}

TEST_F(EncryptedBlobStoreTest, RemovesThroughTheInnerStore) {
  const auto key = store_.put(bytes_of("x"), kUploadId);
  store_.remove(key);
  EXPECT_EQ(code_of([&] { files_->get(key, kUploadId); }), kUploadBlobNotFound);
  EXPECT_EQ(code_of([&] { store_.get(key, kUploadId); }), kUploadBlobNotFound);
}

}  // namespace
}  // namespace guildhall::uploads
