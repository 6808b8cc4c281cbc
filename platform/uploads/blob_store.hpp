// Where the bytes of uploaded files live, behind one interface so that the filesystem store of a
// single server can be swapped for an object store without touching the upload service. The
// database row of an upload keeps the opaque key that put() returns; keys are made by the store
// (never derived from user input), so nothing a user sends can name a place in storage.
//
//   auto blobs = std::make_shared<FilesystemBlobStore>("/var/lib/guildhall/uploads");
//   const std::string key = blobs->put(bytes, upload_id);
//   std::vector<unsigned char> again = blobs->get(key, upload_id);
//   blobs->remove(key);
//
// `upload_id` is the id of the upload row the blob belongs to. Stores that keep bytes as they are
// ignore it; EncryptedBlobStore binds the ciphertext to it, so a blob moved under another row
// fails to decrypt.
//
// Implementations must be safe to call from several threads at once, and from several processes
// sharing one storage: put() makes a blob visible whole or not at all, and a key once returned
// stays valid until remove().
//
// An S3-compatible store (AWS S3, MinIO, Aliyun OSS, Tencent COS) fits the same contract: put()
// generates the same kind of random key and sends one PutObject (a single PUT is atomic: readers
// see the old state or the whole object, never part of it), with the key as the object name under
// a per-installation prefix, in a private bucket with no public policy and server-side encryption
// on; get() is GetObject and maps NoSuchKey to kUploadBlobNotFound; remove() is DeleteObject,
// which succeeds for absent objects as well. The upload_id may go into object metadata for
// audits. Browsers still never fetch from the bucket: the access-checked endpoint streams the
// bytes, so no pre-signed URL can outlive a permission.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace guildhall::uploads {

class BlobStore {
 public:
  virtual ~BlobStore() = default;

  // Stores `bytes` and returns the new blob's key. Throws core::AppError (internal,
  // kUploadStorageFailed) when storage fails; nothing is left behind under the key then.
  virtual std::string put(std::span<const unsigned char> bytes, std::string_view upload_id) = 0;

  // The bytes stored under `key`. Throws core::AppError: not_found (kUploadBlobNotFound) when
  // there are none, internal (kUploadStorageKeyInvalid) for a key this store cannot have made.
  virtual std::vector<unsigned char> get(std::string_view key,
                                         std::string_view upload_id) const = 0;

  // Deletes the blob; removing one that is already gone is not an error, so that retries and
  // clean-ups running on several instances agree. Throws kUploadStorageKeyInvalid like get().
  virtual void remove(std::string_view key) = 0;
};

}  // namespace guildhall::uploads
