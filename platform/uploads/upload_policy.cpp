#include "uploads/upload_policy.hpp"

#include <string>

#include "core/errors.hpp"
#include "uploads/image_sanitizer.hpp"
#include "uploads/upload_errors.hpp"

namespace guildhall::uploads {

namespace {

// "20 MB", or "512 KB" for limits under a megabyte.
std::string readable(std::uint64_t bytes) {
  constexpr std::uint64_t kMegabyte = 1024 * 1024;
  if (bytes >= kMegabyte && bytes % kMegabyte == 0) {
    return std::to_string(bytes / kMegabyte) + " MB";
  }
  if (bytes >= kMegabyte) {
    return std::to_string(bytes / kMegabyte) + "." +
           std::to_string(bytes % kMegabyte * 10 / kMegabyte) + " MB";
  }
  return std::to_string((bytes + 1023) / 1024) + " KB";
}

}  // namespace

void check_upload_size(std::uint64_t size, std::uint64_t max_bytes) {
  if (size <= max_bytes) {
    return;
  }
  const std::string limit = readable(max_bytes);
  throw core::AppError(
      core::ErrorKind::payload_too_large, std::string(kUploadTooLarge),
      core::Message{"文件过大，最大允许 " + limit, "the file is too large; the limit is " + limit});
}

PreparedUpload prepare_upload(std::span<const unsigned char> bytes, std::string_view content_type,
                              std::string_view file_name,
                              std::span<const std::string> allowed_types, std::uint64_t max_bytes,
                              const ImageLimits& limits) {
  check_upload_size(bytes.size(), max_bytes);
  if (bytes.empty()) {
    throw core::AppError(core::ErrorKind::validation, std::string(kUploadEmpty),
                         core::Message{"文件是空的", "the file is empty"});
  }
  PreparedUpload out;
  out.type = check_file_type(bytes, content_type, file_name, allowed_types);
  if (out.type == FileType::pdf) {
    out.bytes.assign(bytes.begin(), bytes.end());
    return out;
  }
  check_image_size(probe_image_size(out.type, bytes), limits);
  SanitizedImage clean = sanitize_image(out.type, bytes, limits);
  out.bytes = std::move(clean.bytes);
  out.size = clean.size;
  return out;
}

}  // namespace guildhall::uploads
