// A BlobStore in a local or shared folder (for example an NFS or CephFS volume mounted by every
// app instance). The folder must be outside anything a web server serves: files come back only
// through the access-checked upload endpoint.
//
//   FilesystemBlobStore store("/var/lib/guildhall/uploads");
//   const std::string key = store.put(bytes, upload_id);  // "3f9c0a…" (32 hex digits)
//   // -> /var/lib/guildhall/uploads/3f/9c/3f9c0a…
//
// Names are 128 random bits from libsodium as 32 lower-case hex digits, so they reveal nothing
// (no user, no date, no order) and cannot be guessed. Two levels of sub-folders from the first
// four digits keep each folder small (256 x 256 folders; a million files is about 15 a folder).
// A blob is written to a temporary file in its final folder, flushed with fsync, and renamed into
// place, then the folder is flushed: rename within a folder is atomic, so readers on any instance
// see a whole file or none, and instances need no locks because every blob has a fresh name.
// Temporary files start with '.' and are never valid keys; a crash can leave one behind, which
// is harmless and may be deleted when older than a day.
#pragma once

#include <filesystem>

#include "uploads/blob_store.hpp"

namespace guildhall::uploads {

class FilesystemBlobStore : public BlobStore {
 public:
  // Creates `root` (mode 0700) when it does not exist. Throws kUploadStorageFailed when it
  // cannot.
  explicit FilesystemBlobStore(std::filesystem::path root);

  std::string put(std::span<const unsigned char> bytes, std::string_view upload_id) override;
  std::vector<unsigned char> get(std::string_view key, std::string_view upload_id) const override;
  void remove(std::string_view key) override;

  const std::filesystem::path& root() const { return root_; }
  // Where the blob named `key` lives; throws kUploadStorageKeyInvalid unless `key` is exactly 32
  // lower-case hex digits, so no key can climb out of the root.
  std::filesystem::path path_of(std::string_view key) const;

 private:
  std::filesystem::path root_;
};

}  // namespace guildhall::uploads
