#include "uploads/image_probe.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>

#include "core/errors.hpp"
#include "uploads/upload_errors.hpp"

namespace guildhall::uploads {

namespace {

constexpr std::size_t kPngSignatureBytes = 8;
constexpr std::array<unsigned char, 4> kIhdr = {'I', 'H', 'D', 'R'};
constexpr std::uint32_t kIhdrLength = 13;
constexpr std::array<unsigned char, 4> kIend = {'I', 'E', 'N', 'D'};

constexpr unsigned char kJpegSoi = 0xD8;
constexpr unsigned char kJpegEoi = 0xD9;
constexpr unsigned char kJpegSos = 0xDA;
constexpr unsigned char kJpegTem = 0x01;

core::AppError corrupt(std::string_view what_en, std::string_view what_zh) {
  return core::AppError(
      core::ErrorKind::validation, std::string(kUploadImageCorrupt),
      core::Message{"图片文件已损坏或不完整（" + std::string(what_zh) + "）",
                    "the image file is damaged or incomplete (" + std::string(what_en) + ")"});
}

core::AppError truncated() {
  return corrupt("its header is cut short", "文件头不完整");
}

core::AppError truncated_data() {
  return corrupt("the file is cut short", "文件不完整");
}

std::uint32_t be16(std::span<const unsigned char> bytes, std::size_t at) {
  return (std::uint32_t{bytes[at]} << 8) | bytes[at + 1];
}

std::uint32_t be32(std::span<const unsigned char> bytes, std::size_t at) {
  return (be16(bytes, at) << 16) | be16(bytes, at + 2);
}

ImageSize probe_png(std::span<const unsigned char> bytes) {
  // Signature, then the IHDR chunk's length and type, then width and height.
  constexpr std::size_t kLengthAt = kPngSignatureBytes;
  constexpr std::size_t kTypeAt = kLengthAt + 4;
  constexpr std::size_t kWidthAt = kTypeAt + 4;
  constexpr std::size_t kHeightAt = kWidthAt + 4;
  if (bytes.size() < kHeightAt + 4) {
    throw truncated();
  }
  if (be32(bytes, kLengthAt) != kIhdrLength ||
      !std::equal(kIhdr.begin(), kIhdr.end(), bytes.begin() + kTypeAt)) {
    throw corrupt("the PNG does not start with its IHDR header", "PNG 缺少 IHDR 头");
  }
  const ImageSize size{be32(bytes, kWidthAt), be32(bytes, kHeightAt)};
  // PNG caps both at 2^31 - 1; larger values are not a size but damage.
  if (size.width == 0 || size.height == 0 || size.width > 0x7FFFFFFF || size.height > 0x7FFFFFFF) {
    throw corrupt("the PNG declares an impossible size", "PNG 声明的尺寸无效");
  }
  return size;
}

// SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
bool is_start_of_frame(unsigned char marker) {
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

bool is_standalone(unsigned char marker) {
  return marker == kJpegTem || (marker >= 0xD0 && marker <= 0xD7);
}

// One marker segment: the marker code and where its payload (after the length) starts and ends.
struct JpegSegment {
  unsigned char marker = 0;
  std::size_t payload = 0;
  std::size_t end = 0;
};

// Walks the marker segments from SOI, up to and including the first SOS (start of scan), after
// which entropy-coded data follows instead of segments. `visit` returns true to stop early.
template <typename Visit>
void walk_jpeg(std::span<const unsigned char> bytes, Visit visit) {
  if (bytes.size() < 2 || bytes[0] != 0xFF || bytes[1] != kJpegSoi) {
    throw corrupt("the JPEG does not start with SOI", "JPEG 缺少起始标记");
  }
  std::size_t at = 2;
  while (true) {
    if (at >= bytes.size()) {
      throw truncated();
    }
    if (bytes[at] != 0xFF) {
      throw corrupt("stray bytes between JPEG segments", "JPEG 段之间有多余数据");
    }
    // Any number of 0xFF fill bytes may precede a marker code.
    while (at < bytes.size() && bytes[at] == 0xFF) {
      ++at;
    }
    if (at >= bytes.size()) {
      throw truncated();
    }
    const unsigned char marker = bytes[at++];
    if (is_standalone(marker)) {
      continue;
    }
    if (marker == 0x00 || marker == kJpegSoi || marker == kJpegEoi) {
      throw corrupt("the JPEG ends or restarts before its image data", "JPEG 缺少图像数据");
    }
    if (at + 2 > bytes.size()) {
      throw truncated();
    }
    // The length counts its own two bytes but not the marker.
    const std::size_t length = be16(bytes, at);
    if (length < 2) {
      throw corrupt("a JPEG segment has an impossible length", "JPEG 段长度无效");
    }
    if (at + length > bytes.size()) {
      throw truncated();
    }
    const JpegSegment segment{marker, at + 2, at + length};
    if (visit(segment) || marker == kJpegSos) {
      return;
    }
    at = segment.end;
  }
}

ImageSize probe_jpeg(std::span<const unsigned char> bytes) {
  std::optional<ImageSize> size;
  walk_jpeg(bytes, [&](const JpegSegment& segment) {
    if (segment.marker == kJpegSos) {
      throw corrupt("the JPEG has no frame header before its image data", "JPEG 缺少帧头");
    }
    if (!is_start_of_frame(segment.marker)) {
      return false;
    }
    // Sample precision, height, width, component count.
    if (segment.end - segment.payload < 6) {
      throw corrupt("the JPEG frame header is too short", "JPEG 帧头过短");
    }
    size = ImageSize{be16(bytes, segment.payload + 3), be16(bytes, segment.payload + 1)};
    return true;
  });
  // A zero height defers it to a DNL marker after the first scan, which only the decoder would
  // find; such files are practically unheard of, so they are refused.
  if (!size || size->width == 0 || size->height == 0) {
    throw corrupt("the JPEG frame header declares no size", "JPEG 帧头未声明尺寸");
  }
  return *size;
}

void check_png_complete(std::span<const unsigned char> bytes) {
  // Length, type, data, CRC; the chain must reach IEND. Bytes after IEND are ignored, as libpng
  // does.
  std::size_t at = kPngSignatureBytes;
  while (true) {
    if (at + 12 > bytes.size()) {
      throw truncated_data();
    }
    const std::size_t length = be32(bytes, at);
    if (length > 0x7FFFFFFF) {
      throw corrupt("a PNG chunk has an impossible length", "PNG 数据块长度无效");
    }
    if (at + 12 + length > bytes.size()) {
      throw truncated_data();
    }
    if (std::equal(kIend.begin(), kIend.end(),
                   bytes.begin() + static_cast<std::ptrdiff_t>(at + 4))) {
      return;
    }
    at += 12 + length;
  }
}

void check_jpeg_complete(std::span<const unsigned char> bytes) {
  std::size_t scan = 0;
  walk_jpeg(bytes, [&](const JpegSegment& segment) {
    scan = segment.end;
    return segment.marker == kJpegSos;
  });
  // Entropy-coded data never holds FF D9 (an FF in it is followed by 00 or a restart marker), so
  // the first FF D9 after the first scan header is the end of the image.
  for (std::size_t at = scan; at + 1 < bytes.size(); ++at) {
    if (bytes[at] == 0xFF && bytes[at + 1] == kJpegEoi) {
      return;
    }
  }
  throw truncated_data();
}

std::string with_thousands(std::uint64_t value) {
  std::string digits = std::to_string(value);
  for (auto i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > 0; i -= 3) {
    digits.insert(static_cast<std::size_t>(i), ",");
  }
  return digits;
}

}  // namespace

ImageSize probe_image_size(FileType type, std::span<const unsigned char> bytes) {
  switch (type) {
    case FileType::png:
      return probe_png(bytes);
    case FileType::jpg:
      return probe_jpeg(bytes);
    case FileType::pdf:
    case FileType::unknown:
      break;
  }
  throw corrupt("not an image type", "不是图片格式");
}

bool fits(const ImageSize& size, const ImageLimits& limits) {
  return size.width <= limits.max_side && size.height <= limits.max_side &&
         std::uint64_t{size.width} * size.height <= limits.max_pixels;
}

void check_image_complete(FileType type, std::span<const unsigned char> bytes) {
  switch (type) {
    case FileType::png:
      probe_png(bytes);
      check_png_complete(bytes);
      return;
    case FileType::jpg:
      check_jpeg_complete(bytes);
      return;
    case FileType::pdf:
    case FileType::unknown:
      break;
  }
  throw corrupt("not an image type", "不是图片格式");
}

void check_image_size(const ImageSize& size, const ImageLimits& limits) {
  if (fits(size, limits)) {
    return;
  }
  const std::string dimensions = std::to_string(size.width) + " × " + std::to_string(size.height);
  const std::string side = std::to_string(limits.max_side);
  throw core::AppError(
      core::ErrorKind::validation, std::string(kUploadImageTooLarge),
      core::Message{"图片尺寸 " + dimensions + " 像素过大：每边最多 " + side + " 像素，总计最多 " +
                        with_thousands(limits.max_pixels) + " 像素；请缩小后再上传",
                    "the image is " + dimensions + " pixels, more than the " + side +
                        " pixels a side or " + with_thousands(limits.max_pixels) +
                        " pixels in all that are accepted; upload a smaller copy"});
}

}  // namespace guildhall::uploads
