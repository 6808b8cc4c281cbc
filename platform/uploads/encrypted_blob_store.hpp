// A BlobStore that encrypts every blob before handing it to another store, so that document
// scans are unreadable on the volume, in backups and in an object-store bucket. Uses the
// FieldCipher blob form (XChaCha20-Poly1305, 48 bytes of overhead) with the key ring's active
// encryption key; older keys still decrypt after a rotation.
//
//   auto keys = std::make_shared<const privacy::KeyRing>(privacy::KeyRing::load_or_create(path));
//   auto cipher = std::make_shared<const privacy::FieldCipher>(keys);
//   EncryptedBlobStore blobs(std::make_shared<FilesystemBlobStore>(root), cipher);
//   const std::string key = blobs.put(bytes, upload_id);
//   auto plain = blobs.get(key, upload_id);  // the same upload id, or decryption fails
//
// The ciphertext's associated data is the field kBlobField and the upload's id, so a blob swapped
// under another upload row (by someone with write access to the database or the volume) fails
// authentication instead of showing another member's document. get() throws the privacy module's
// core::AppError (privacy.decrypt_failed, privacy.unknown_key, privacy.ciphertext_malformed) for
// such blobs, which callers log and answer as an internal error.
#pragma once

#include <memory>
#include <string_view>

#include "uploads/blob_store.hpp"

namespace guildhall::privacy {
class FieldCipher;
}

namespace guildhall::uploads {

// The "column" the ciphertexts of uploaded files are bound to.
inline constexpr std::string_view kBlobField = "uploads.content";

class EncryptedBlobStore : public BlobStore {
 public:
  EncryptedBlobStore(std::shared_ptr<BlobStore> inner,
                     std::shared_ptr<const privacy::FieldCipher> cipher);

  std::string put(std::span<const unsigned char> bytes, std::string_view upload_id) override;
  std::vector<unsigned char> get(std::string_view key, std::string_view upload_id) const override;
  void remove(std::string_view key) override;

 private:
  std::shared_ptr<BlobStore> inner_;
  std::shared_ptr<const privacy::FieldCipher> cipher_;
};

}  // namespace guildhall::uploads
