// An image's width and height read from its header alone, so that an image too large to decode
// safely is refused before any decoder allocates memory for it. A 30000 x 30000 one-bit PNG of a
// single colour is about 110 KB but decodes to 2.7 GB of RGB (a "decompression bomb").
//
//   const ImageSize size = probe_image_size(FileType::png, bytes);  // reads IHDR only
//   check_image_size(size, ImageLimits{});                          // throws when too large
//
// Failures throw core::AppError of kind validation (HTTP 422): kUploadImageCorrupt for a header
// that is truncated or malformed, kUploadImageTooLarge for a size over the limits. Every read is
// bounds-checked; no input makes the probe read past the span.
#pragma once

#include <cstdint>
#include <span>

#include "uploads/file_type.hpp"

namespace guildhall::uploads {

struct ImageSize {
  std::uint32_t width = 0;
  std::uint32_t height = 0;

  friend bool operator==(const ImageSize&, const ImageSize&) = default;
};

// Why these numbers: the decoder holds 3 to 4 bytes a pixel, so 40 megapixels is 120-160 MB
// while one image is re-encoded, which a 2-core server can afford for a few uploads at a time.
// Phone photos in their default modes (12-24 MP) and A4 scans at 600 dpi (4960 x 7016, 35 MP)
// fit; the 50 MP and larger full-resolution modes of some phones do not, and the message asks for
// a smaller picture. The side limit refuses extreme strips (4 x 10,000,000) that a pixel count
// alone would let through and that some encoders handle badly.
struct ImageLimits {
  static constexpr std::uint32_t kDefaultMaxSide = 10000;
  static constexpr std::uint64_t kDefaultMaxPixels = 40'000'000;

  std::uint32_t max_side = kDefaultMaxSide;
  std::uint64_t max_pixels = kDefaultMaxPixels;
};

// Reads the size from a PNG's IHDR chunk (which must be the first chunk) or from a JPEG's SOFn
// frame header, found by walking the marker segments from SOI; no pixel data is touched. Throws
// kUploadImageCorrupt for a truncated or malformed header, a zero width or height, a JPEG whose
// height is left to a DNL marker, and for types other than jpg and png.
ImageSize probe_image_size(FileType type, std::span<const unsigned char> bytes);

// Throws kUploadImageCorrupt unless the file's structure reaches its end: a PNG's chunks up to
// IEND, a JPEG's segments up to the first scan and then its EOI marker. The decoders accept a
// file cut short and fill the missing rows with grey, which would store half a photo without a
// word; this walks the bytes without decoding them.
void check_image_complete(FileType type, std::span<const unsigned char> bytes);

// True when neither side exceeds limits.max_side and the pixel count not limits.max_pixels.
bool fits(const ImageSize& size, const ImageLimits& limits);

// Throws kUploadImageTooLarge unless fits(size, limits).
void check_image_size(const ImageSize& size, const ImageLimits& limits);

}  // namespace guildhall::uploads
