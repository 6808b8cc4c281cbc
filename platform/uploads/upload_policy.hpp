// The checks an uploaded file goes through before it is stored, in the one order that is safe:
// cheapest and least trusting first, and nothing decodes a byte before the header said the image
// is small enough. The HTTP handler calls check_upload_size() with the Content-Length before it
// reads the body, then prepare_upload() with the body, then stores PreparedUpload::bytes.
//
//   check_upload_size(content_length, bytes_from_megabytes(rule.max_size_mb));        // 413
//   PreparedUpload file = prepare_upload(body, content_type, name, rule.types,
//                                        bytes_from_megabytes(rule.max_size_mb));
//   const std::string key = blobs.put(file.bytes, upload_id);
//
// Errors are core::AppError with the codes of upload_errors.hpp: payload_too_large (413),
// unsupported_media_type (415), validation (422).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "uploads/file_type.hpp"
#include "uploads/image_probe.hpp"

namespace guildhall::uploads {

// A form's `max_size_mb` in bytes. Binary megabytes, the unit Windows shows file sizes in, so a
// photo Explorer calls "20.0 MB" is not refused by a 20 MB limit.
constexpr std::uint64_t bytes_from_megabytes(std::int64_t megabytes) {
  return megabytes <= 0 ? 0 : static_cast<std::uint64_t>(megabytes) * 1024 * 1024;
}

struct PreparedUpload {
  FileType type = FileType::unknown;
  // What to store: the re-encoded image without metadata, or the PDF as it came.
  std::vector<unsigned char> bytes;
  // Images only, as displayed (after the EXIF orientation was applied).
  std::optional<ImageSize> size;
};

// Throws core::AppError (payload_too_large, kUploadTooLarge) when `size` exceeds `max_bytes`.
void check_upload_size(std::uint64_t size, std::uint64_t max_bytes);

// Runs every check on an upload's body, in order: size (413), not empty (422), type by magic
// bytes against the declared Content-Type, the file name's extension and the field's allowed
// types (415), image dimensions from the header (422), then the image is decoded and re-encoded
// without metadata (422 when it does not decode). PDFs are passed through unchanged after the
// type check. `allowed_types` are the field's upload.types ("jpg", "png", "pdf").
PreparedUpload prepare_upload(std::span<const unsigned char> bytes, std::string_view content_type,
                              std::string_view file_name,
                              std::span<const std::string> allowed_types, std::uint64_t max_bytes,
                              const ImageLimits& limits = {});

}  // namespace guildhall::uploads
