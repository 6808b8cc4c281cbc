#include "uploads/encrypted_blob_store.hpp"

#include <stdexcept>

#include "privacy/field_cipher.hpp"

namespace guildhall::uploads {

EncryptedBlobStore::EncryptedBlobStore(std::shared_ptr<BlobStore> inner,
                                       std::shared_ptr<const privacy::FieldCipher> cipher)
    : inner_(std::move(inner)), cipher_(std::move(cipher)) {
  if (!inner_ || !cipher_) {
    throw std::invalid_argument("EncryptedBlobStore needs a store and a cipher");
  }
}

std::string EncryptedBlobStore::put(std::span<const unsigned char> bytes,
                                    std::string_view upload_id) {
  return inner_->put(cipher_->encrypt_bytes(bytes, kBlobField, upload_id), upload_id);
}

std::vector<unsigned char> EncryptedBlobStore::get(std::string_view key,
                                                   std::string_view upload_id) const {
  return cipher_->decrypt_bytes(inner_->get(key, upload_id), kBlobField, upload_id);
}

void EncryptedBlobStore::remove(std::string_view key) {
  inner_->remove(key);
}

}  // namespace guildhall::uploads
