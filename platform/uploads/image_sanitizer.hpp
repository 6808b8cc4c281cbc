// Re-encodes an uploaded photo or scan so that nothing but its pixels survives: EXIF (camera,
// date, GPS position), XMP, JPEG comments and PNG text chunks are all dropped, because the
// decoder keeps none of them and the encoder is given none. The EXIF orientation is applied to
// the pixels first, so a portrait photo stays upright once the tag that turned it is gone. A
// JPEG's ICC colour profile is kept: it holds no personal data, and without it wide-gamut phone
// photos would show dull colours (PNG profiles are dropped, see image_sanitizer.cpp).
//
//   const SanitizedImage clean = sanitize_image(FileType::jpg, bytes, ImageLimits{});
//   store(clean.bytes);  // a JPEG of quality kJpegQuality, clean.size after rotation
//
// The decoder is gdk-pixbuf with its loader chosen by `type` (never guessed from the bytes), and
// it refuses an image over `limits` as soon as the header is parsed, before it allocates pixels:
// a second guard behind probe_image_size(), which callers should still run first because it
// needs no decoder at all. A file cut short is refused before decoding (check_image_complete),
// since the decoders would fill its missing rows with grey. Failures throw core::AppError of kind
// validation: kUploadImageTooLarge, or kUploadImageCorrupt for anything incomplete or
// undecodable.
#pragma once

#include <span>
#include <vector>

#include "uploads/file_type.hpp"
#include "uploads/image_probe.hpp"

namespace guildhall::uploads {

// High enough that re-encoding a camera JPEG shows no visible loss, low enough to keep the
// file close to the original's size.
inline constexpr int kJpegQuality = 90;

struct SanitizedImage {
  std::vector<unsigned char> bytes;
  ImageSize size;  // as displayed, after the EXIF orientation was applied
};

// `type` must be FileType::jpg or FileType::png; the result has the same type.
SanitizedImage sanitize_image(FileType type, std::span<const unsigned char> bytes,
                              const ImageLimits& limits);

}  // namespace guildhall::uploads
