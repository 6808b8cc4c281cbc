// The stable codes of the core::AppError values this module throws, and the HTTP status each
// one's ErrorKind maps to. Services and the HTTP layer match on these codes; the browser shows the
// localized message.
#pragma once

#include <string_view>

namespace guildhall::uploads {

// 413 (payload_too_large): the body, or its announced Content-Length, exceeds the field's limit.
inline constexpr std::string_view kUploadTooLarge = "upload_too_large";
// 415 (unsupported_media_type): the bytes are not what the Content-Type or the file name says.
inline constexpr std::string_view kUploadTypeMismatch = "upload_type_mismatch";
// 415 (unsupported_media_type): the type is not one the form field accepts, or no known type.
inline constexpr std::string_view kUploadTypeNotAllowed = "upload_type_not_allowed";
// 422 (validation): an empty body.
inline constexpr std::string_view kUploadEmpty = "upload_empty";
// 422 (validation): an image wider, taller or larger in pixels than ImageLimits allows.
inline constexpr std::string_view kUploadImageTooLarge = "upload_image_too_large";
// 422 (validation): an image whose header is truncated or corrupt, or that does not decode.
inline constexpr std::string_view kUploadImageCorrupt = "upload_image_corrupt";
// 500 (internal): the image decoder or encoder is missing or failed on an image it had accepted.
inline constexpr std::string_view kUploadImageProcessingFailed = "upload_image_processing_failed";
// 404 (not_found): the blob store holds nothing under the key.
inline constexpr std::string_view kUploadBlobNotFound = "upload_blob_not_found";
// 500 (internal): a storage key that this module cannot have made (corrupt row or tampering).
inline constexpr std::string_view kUploadStorageKeyInvalid = "upload_storage_key_invalid";
// 500 (internal): the storage folder cannot be written or read.
inline constexpr std::string_view kUploadStorageFailed = "upload_storage_failed";

}  // namespace guildhall::uploads
