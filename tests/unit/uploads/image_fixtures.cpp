#include "image_fixtures.hpp"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace guildhall::uploads::fixtures {

namespace {

struct GObjectUnref {
  void operator()(gpointer object) const { g_object_unref(object); }
};

void put16(Bytes& out, std::uint32_t value) {
  out.push_back(static_cast<unsigned char>((value >> 8) & 0xFF));
  out.push_back(static_cast<unsigned char>(value & 0xFF));
}

void put32(Bytes& out, std::uint32_t value) {
  put16(out, value >> 16);
  put16(out, value & 0xFFFF);
}

// One 12-byte IFD entry; `value` is either the inline value (left-aligned) or an offset.
void entry(Bytes& out, std::uint16_t tag, std::uint16_t type, std::uint32_t count,
           std::uint32_t value) {
  put16(out, tag);
  put16(out, type);
  put32(out, count);
  put32(out, value);
}

std::uint32_t crc32(std::span<const unsigned char> bytes) {
  std::uint32_t crc = 0xFFFFFFFF;
  for (const unsigned char byte : bytes) {
    crc ^= byte;
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc >> 1) ^ (0xEDB88320U & (0U - (crc & 1U)));
    }
  }
  return ~crc;
}

void png_chunk(Bytes& out, std::string_view type, const Bytes& data, bool valid_crc) {
  put32(out, static_cast<std::uint32_t>(data.size()));
  Bytes typed(type.begin(), type.end());
  typed.insert(typed.end(), data.begin(), data.end());
  out.insert(out.end(), typed.begin(), typed.end());
  put32(out, crc32(typed) ^ (valid_crc ? 0U : 0xDEADBEEFU));
}

}  // namespace

Bytes make_split_image(const char* format, int width, int height,
                       const std::vector<std::pair<std::string, std::string>>& options) {
  std::unique_ptr<GdkPixbuf, GObjectUnref> pixbuf(
      gdk_pixbuf_new(GDK_COLORSPACE_RGB, FALSE, 8, width, height));
  const int stride = gdk_pixbuf_get_rowstride(pixbuf.get());
  guchar* pixels = gdk_pixbuf_get_pixels(pixbuf.get());
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const Rgb colour = x < width / 2 ? kRed : kBlue;
      guchar* p = pixels + y * stride + x * 3;
      p[0] = static_cast<guchar>(colour.r);
      p[1] = static_cast<guchar>(colour.g);
      p[2] = static_cast<guchar>(colour.b);
    }
  }
  std::vector<std::string> keys;
  std::vector<std::string> values;
  for (const auto& [key, value] : options) {
    keys.push_back(key);
    values.push_back(value);
  }
  std::vector<char*> key_pointers;
  std::vector<char*> value_pointers;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    key_pointers.push_back(keys[i].data());
    value_pointers.push_back(values[i].data());
  }
  key_pointers.push_back(nullptr);
  value_pointers.push_back(nullptr);
  gchar* buffer = nullptr;
  gsize size = 0;
  GError* error = nullptr;
  const bool saved =
      gdk_pixbuf_save_to_bufferv(pixbuf.get(), &buffer, &size, format, key_pointers.data(),
                                 value_pointers.data(), &error) != 0;
  if (!saved) {
    ADD_FAILURE() << "gdk-pixbuf could not save " << format << ": "
                  << (error ? error->message : "?");
    if (error != nullptr) {
      g_error_free(error);
    }
    return {};
  }
  Bytes out(reinterpret_cast<unsigned char*>(buffer),
            reinterpret_cast<unsigned char*>(buffer) + size);
  g_free(buffer);
  return out;
}

Bytes make_exif(std::uint16_t orientation, std::string_view marker) {
  constexpr std::uint16_t kAscii = 2;
  constexpr std::uint16_t kShort = 3;
  constexpr std::uint16_t kLong = 4;
  constexpr std::uint16_t kRational = 5;
  // Offsets count from the TIFF header: IFD0 at 8 (3 entries), the GPS IFD after it (4
  // entries), then the values that do not fit in an entry.
  constexpr std::uint32_t kIfd0 = 8;
  constexpr std::uint32_t kGpsIfd = kIfd0 + 2 + 3 * 12 + 4;
  constexpr std::uint32_t kData = kGpsIfd + 2 + 4 * 12 + 4;
  const auto description_size = static_cast<std::uint32_t>(marker.size() + 1);
  const std::uint32_t latitude_at = kData + description_size;
  const std::uint32_t longitude_at = latitude_at + 24;

  Bytes tiff = {'M', 'M', 0x00, 0x2A};
  put32(tiff, kIfd0);
  put16(tiff, 3);
  entry(tiff, 0x010E, kAscii, description_size, kData);
  entry(tiff, 0x0112, kShort, 1, std::uint32_t{orientation} << 16);
  entry(tiff, 0x8825, kLong, 1, kGpsIfd);
  put32(tiff, 0);
  put16(tiff, 4);
  entry(tiff, 0x0001, kAscii, 2, std::uint32_t{'N'} << 24);
  entry(tiff, 0x0002, kRational, 3, latitude_at);
  entry(tiff, 0x0003, kAscii, 2, std::uint32_t{'E'} << 24);
  entry(tiff, 0x0004, kRational, 3, longitude_at);
  put32(tiff, 0);
  tiff.insert(tiff.end(), marker.begin(), marker.end());
  tiff.push_back(0);
  for (const std::uint32_t part : {39U, 1U, 54U, 1U, 271U, 10U, 116U, 1U, 23U, 1U, 175U, 10U}) {
    put32(tiff, part);
  }
  EXPECT_EQ(tiff.size(), longitude_at + 24);

  Bytes out = {'E', 'x', 'i', 'f', 0, 0};
  out.insert(out.end(), tiff.begin(), tiff.end());
  return out;
}

std::string make_icc_profile_base64(std::string_view marker) {
  Bytes profile(128, 0);
  const auto put_at = [&](std::size_t at, std::string_view text) {
    std::copy(text.begin(), text.end(), profile.begin() + static_cast<std::ptrdiff_t>(at));
  };
  put_at(8, std::string_view("\x02\x10\x00\x00", 4));
  put_at(12, "mntr");
  put_at(16, "RGB ");
  put_at(20, "XYZ ");
  put_at(36, "acsp");
  // The D50 illuminant as s15Fixed16 numbers.
  put_at(68, std::string_view("\x00\x00\xF6\xD6\x00\x01\x00\x00\x00\x00\xD3\x2D", 12));
  put32(profile, 0);  // no tags
  profile.insert(profile.end(), marker.begin(), marker.end());
  profile.resize((profile.size() + 3) / 4 * 4, 0);
  const auto size = static_cast<std::uint32_t>(profile.size());
  for (int i = 0; i < 4; ++i) {
    profile[static_cast<std::size_t>(i)] = static_cast<unsigned char>(size >> (24 - 8 * i));
  }
  gchar* encoded = g_base64_encode(profile.data(), profile.size());
  std::string out(encoded);
  g_free(encoded);
  return out;
}

Bytes insert_segment(const Bytes& jpeg, unsigned char marker,
                     std::span<const unsigned char> payload) {
  Bytes segment = {0xFF, marker};
  put16(segment, static_cast<std::uint32_t>(payload.size() + 2));
  segment.insert(segment.end(), payload.begin(), payload.end());
  Bytes out(jpeg.begin(), jpeg.begin() + 2);
  out.insert(out.end(), segment.begin(), segment.end());
  out.insert(out.end(), jpeg.begin() + 2, jpeg.end());
  return out;
}

Bytes bytes_of(std::string_view text) {
  return Bytes(text.begin(), text.end());
}

bool contains(std::span<const unsigned char> haystack, std::string_view needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) !=
         haystack.end();
}

Bytes png_header(std::uint32_t width, std::uint32_t height, bool valid_crc) {
  Bytes out = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  Bytes ihdr;
  put32(ihdr, width);
  put32(ihdr, height);
  ihdr.insert(ihdr.end(), {8, 2, 0, 0, 0});
  png_chunk(out, "IHDR", ihdr, valid_crc);
  // The start of a zlib stream: libpng reports the header to its caller on reaching IDAT.
  png_chunk(out, "IDAT", {0x78, 0x9C, 0x63, 0x60}, true);
  png_chunk(out, "IEND", {}, true);
  return out;
}

Bytes jpeg_header(std::uint16_t width, std::uint16_t height) {
  Bytes out = {0xFF, 0xD8};
  const Bytes jfif = {'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0};
  out.insert(out.end(), {0xFF, 0xE0});
  put16(out, static_cast<std::uint32_t>(jfif.size() + 2));
  out.insert(out.end(), jfif.begin(), jfif.end());
  out.insert(out.end(), {0xFF, 0xC0});
  put16(out, 8 + 3 * 3);
  out.push_back(8);
  put16(out, height);
  put16(out, width);
  out.push_back(3);
  for (unsigned char component = 1; component <= 3; ++component) {
    out.insert(out.end(), {component, 0x11, 0});
  }
  out.insert(out.end(), {0xFF, 0xD9});
  return out;
}

Rgb Decoded::at(int x, int y) const {
  const auto offset = static_cast<std::size_t>(y * rowstride + x * channels);
  return Rgb{pixels[offset], pixels[offset + 1], pixels[offset + 2]};
}

Decoded decode(std::span<const unsigned char> bytes) {
  std::unique_ptr<GdkPixbufLoader, GObjectUnref> loader(gdk_pixbuf_loader_new());
  GError* error = nullptr;
  const bool written = gdk_pixbuf_loader_write(loader.get(), bytes.data(), bytes.size(), &error);
  const bool closed = gdk_pixbuf_loader_close(loader.get(), written ? &error : nullptr);
  GdkPixbuf* pixbuf = gdk_pixbuf_loader_get_pixbuf(loader.get());
  if (!written || !closed || pixbuf == nullptr) {
    ADD_FAILURE() << "the image does not decode: " << (error ? error->message : "?");
    if (error != nullptr) {
      g_error_free(error);
    }
    return {};
  }
  Decoded out;
  out.width = gdk_pixbuf_get_width(pixbuf);
  out.height = gdk_pixbuf_get_height(pixbuf);
  out.has_alpha = gdk_pixbuf_get_has_alpha(pixbuf) != 0;
  out.channels = gdk_pixbuf_get_n_channels(pixbuf);
  out.rowstride = gdk_pixbuf_get_rowstride(pixbuf);
  const guchar* pixels = gdk_pixbuf_read_pixels(pixbuf);
  out.pixels.assign(pixels, pixels + gdk_pixbuf_get_byte_length(pixbuf));
  return out;
}

bool near(const Rgb& actual, const Rgb& expected) {
  return std::abs(actual.r - expected.r) <= 40 && std::abs(actual.g - expected.g) <= 40 &&
         std::abs(actual.b - expected.b) <= 40;
}

}  // namespace guildhall::uploads::fixtures
