// Images made for the upload tests with gdk-pixbuf, byte-level surgery on them (EXIF, XMP and
// comment segments spliced into a JPEG), headers crafted by hand, and a decoder to check results.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace guildhall::uploads::fixtures {

using Bytes = std::vector<unsigned char>;

struct Rgb {
  int r = 0;
  int g = 0;
  int b = 0;
};

inline constexpr Rgb kRed{255, 0, 0};
inline constexpr Rgb kBlue{0, 0, 255};

// A `width` x `height` image whose left half is red and right half blue, encoded as "jpeg" or
// "png"; `options` are gdk-pixbuf save options such as {"tEXt::Comment", "..."}.
Bytes make_split_image(const char* format, int width, int height,
                       const std::vector<std::pair<std::string, std::string>>& options = {});

// An APP1 Exif payload ("Exif\0\0" + big-endian TIFF) with an Orientation tag, an
// ImageDescription holding `marker`, and a GPS IFD (latitude 39°54'27.1" N, longitude
// 116°23'17.5" E).
Bytes make_exif(std::uint16_t orientation, std::string_view marker);

// A minimal ICC colour profile (the header of an RGB display profile, no tags) followed by
// `marker`, base64-encoded as gdk-pixbuf's "icc-profile" option takes it.
std::string make_icc_profile_base64(std::string_view marker);

// `jpeg` with a segment (marker 0xFFxx, payload) inserted right after SOI.
Bytes insert_segment(const Bytes& jpeg, unsigned char marker,
                     std::span<const unsigned char> payload);

Bytes bytes_of(std::string_view text);
bool contains(std::span<const unsigned char> haystack, std::string_view needle);

// PNG signature + IHDR declaring width x height (8-bit RGB) + the first bytes of an IDAT + IEND,
// the shape of a decompression bomb's header; the IHDR CRC is right only when `valid_crc`.
Bytes png_header(std::uint32_t width, std::uint32_t height, bool valid_crc);

// SOI, a JFIF APP0, a baseline SOF0 declaring width x height with 3 components, EOI.
Bytes jpeg_header(std::uint16_t width, std::uint16_t height);

struct Decoded {
  int width = 0;
  int height = 0;
  bool has_alpha = false;
  int channels = 0;
  int rowstride = 0;
  std::vector<unsigned char> pixels;

  Rgb at(int x, int y) const;
};

// Decodes with gdk-pixbuf's type detection; fails the current test when it does not decode.
Decoded decode(std::span<const unsigned char> bytes);

// True when each channel is within 40 of the expected colour (JPEG is lossy).
bool near(const Rgb& actual, const Rgb& expected);

}  // namespace guildhall::uploads::fixtures
