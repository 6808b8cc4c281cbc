#include "uploads/image_probe.hpp"

#include <gtest/gtest.h>

#include <random>

#include "caught_error.hpp"
#include "image_fixtures.hpp"
#include "uploads/upload_errors.hpp"

namespace guildhall::uploads {
namespace {

using fixtures::Bytes;
using fixtures::caught;

// Each prefix in a buffer of its own exact size, so a read past the end is a read past the heap
// block (reported by AddressSanitizer builds).
std::string code_for_prefix(FileType type, const Bytes& whole, std::size_t length) {
  const Bytes prefix(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(length));
  const auto error = caught([&] { probe_image_size(type, prefix); });
  return error ? error->code() : "no error";
}

TEST(ImageProbeTest, ReadsTheSizeOfRealImagesWithoutDecodingThem) {
  EXPECT_EQ(probe_image_size(FileType::png, fixtures::make_split_image("png", 37, 21)),
            (ImageSize{37, 21}));
  EXPECT_EQ(probe_image_size(FileType::jpg, fixtures::make_split_image("jpeg", 37, 21)),
            (ImageSize{37, 21}));
  // A frame header found behind other segments (EXIF, comments) by walking them.
  const auto exif = fixtures::make_exif(1, "marker");
  const auto jpeg = fixtures::insert_segment(
      fixtures::insert_segment(fixtures::make_split_image("jpeg", 64, 48), 0xE1, exif), 0xFE,
      fixtures::bytes_of("a comment with \xFF\xC0 inside"));
  EXPECT_EQ(probe_image_size(FileType::jpg, jpeg), (ImageSize{64, 48}));
}

TEST(ImageProbeTest, ReadsDeclaredSizesFromHeadersAlone) {
  EXPECT_EQ(probe_image_size(FileType::png, fixtures::png_header(30000, 30000, true)),
            (ImageSize{30000, 30000}));
  EXPECT_EQ(probe_image_size(FileType::png, fixtures::png_header(30000, 30000, false)),
            (ImageSize{30000, 30000}));
  EXPECT_EQ(probe_image_size(FileType::jpg, fixtures::jpeg_header(65000, 3)),
            (ImageSize{65000, 3}));
}

TEST(ImageProbeTest, RefusesSizesOverTheLimits) {
  const ImageLimits limits;
  EXPECT_NO_THROW(check_image_size({10000, 4000}, limits));
  EXPECT_NO_THROW(check_image_size({4960, 7016}, limits));  // A4 at 600 dpi

  for (const ImageSize size : {ImageSize{30000, 30000}, ImageSize{10001, 10}, ImageSize{10, 10001},
                               ImageSize{8000, 5001}, ImageSize{0xFFFFFFFF, 0xFFFFFFFF}}) {
    const auto error = caught([&] { check_image_size(size, limits); });
    ASSERT_TRUE(error) << size.width << "x" << size.height;
    EXPECT_EQ(error->code(), kUploadImageTooLarge);
    EXPECT_EQ(error->kind(), core::ErrorKind::validation);
    EXPECT_FALSE(fits(size, limits));
  }
  const auto error = caught([&] { check_image_size({30000, 30000}, limits); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->message().zh_cn,
            "图片尺寸 30000 × 30000 像素过大：每边最多 10000 像素，总计最多 40,000,000 "
            "像素；请缩小后再上传");
}

TEST(ImageProbeTest, RefusesEveryTruncationOfAHeader) {
  const auto png = fixtures::png_header(640, 480, true);
  for (std::size_t length = 0; length < 24; ++length) {
    EXPECT_EQ(code_for_prefix(FileType::png, png, length), kUploadImageCorrupt) << length;
  }
  EXPECT_EQ(code_for_prefix(FileType::png, png, 24), "no error");

  const auto jpeg = fixtures::insert_segment(fixtures::make_split_image("jpeg", 32, 16), 0xE1,
                                             fixtures::make_exif(6, "marker"));
  std::size_t complete = 0;
  for (std::size_t length = 0; length <= jpeg.size(); ++length) {
    const auto code = code_for_prefix(FileType::jpg, jpeg, length);
    if (code == "no error") {
      complete = length;
      break;
    }
    EXPECT_EQ(code, kUploadImageCorrupt) << length;
  }
  // The size is known exactly once the whole frame header has arrived, past the EXIF segment.
  ASSERT_GT(complete, 2 + 4 + fixtures::make_exif(6, "marker").size());
  EXPECT_EQ(
      probe_image_size(FileType::jpg,
                       Bytes(jpeg.begin(), jpeg.begin() + static_cast<std::ptrdiff_t>(complete))),
      (ImageSize{32, 16}));
}

TEST(ImageProbeTest, RefusesMalformedHeaders) {
  const auto refused = [](FileType type, Bytes bytes) {
    const auto error = caught([&] { probe_image_size(type, bytes); });
    return error && error->code() == kUploadImageCorrupt;
  };
  auto png = fixtures::png_header(640, 480, true);
  EXPECT_TRUE(refused(FileType::png, fixtures::png_header(0, 480, true)));
  EXPECT_TRUE(refused(FileType::png, fixtures::png_header(0x80000000, 1, true)));
  auto not_ihdr = png;
  not_ihdr[12] = 'X';
  EXPECT_TRUE(refused(FileType::png, not_ihdr));
  auto wrong_length = png;
  wrong_length[11] = 14;
  EXPECT_TRUE(refused(FileType::png, wrong_length));

  const auto jpeg = fixtures::jpeg_header(640, 480);
  EXPECT_TRUE(refused(FileType::jpg, fixtures::jpeg_header(0, 480)));
  EXPECT_TRUE(refused(FileType::jpg, Bytes{0xFF, 0xD8, 0xFF, 0xD9}));
  EXPECT_TRUE(refused(FileType::jpg, Bytes{0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08}));
  EXPECT_TRUE(refused(FileType::jpg, Bytes{0xFF, 0xD8, 0x00, 0xFF, 0xC0}));
  EXPECT_TRUE(refused(FileType::jpg, Bytes{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01}));
  EXPECT_TRUE(refused(FileType::jpg, Bytes{0xFF, 0xD8, 0xFF, 0xFF, 0xFF}));
  EXPECT_TRUE(refused(FileType::jpg, Bytes{0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x05, 8, 0, 1}));
  // A segment length pointing far past the end.
  EXPECT_TRUE(refused(FileType::jpg, Bytes{0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 'E'}));
  EXPECT_TRUE(refused(FileType::pdf, fixtures::bytes_of("%PDF-1.7")));
  EXPECT_TRUE(refused(FileType::png, jpeg));
}

TEST(ImageProbeTest, TellsCompleteFilesFromFilesCutShort) {
  const auto complete = [](FileType type, const Bytes& bytes) {
    return fixtures::code_of([&] { check_image_complete(type, bytes); });
  };
  const auto png = fixtures::make_split_image("png", 16, 8);
  EXPECT_EQ(complete(FileType::png, png), "no error");
  auto trailing = png;
  trailing.insert(trailing.end(), {'j', 'u', 'n', 'k'});
  EXPECT_EQ(complete(FileType::png, trailing), "no error");
  for (std::size_t cut = 1; cut < png.size(); ++cut) {
    EXPECT_EQ(
        complete(FileType::png, Bytes(png.begin(), png.end() - static_cast<std::ptrdiff_t>(cut))),
        kUploadImageCorrupt)
        << cut;
  }

  const auto jpeg = fixtures::insert_segment(fixtures::make_split_image("jpeg", 16, 8), 0xE1,
                                             fixtures::make_exif(1, "m"));
  EXPECT_EQ(complete(FileType::jpg, jpeg), "no error");
  trailing = jpeg;
  trailing.insert(trailing.end(), {0xFF, 0xD8, 0x00});
  EXPECT_EQ(complete(FileType::jpg, trailing), "no error");
  for (std::size_t cut = 1; cut < jpeg.size(); ++cut) {
    EXPECT_EQ(
        complete(FileType::jpg, Bytes(jpeg.begin(), jpeg.end() - static_cast<std::ptrdiff_t>(cut))),
        kUploadImageCorrupt)
        << cut;
  }
  // Headers alone: no scan at all.
  EXPECT_EQ(complete(FileType::jpg, fixtures::jpeg_header(16, 8)), kUploadImageCorrupt);
  EXPECT_EQ(complete(FileType::pdf, fixtures::bytes_of("%PDF-1.7")), kUploadImageCorrupt);
}

TEST(ImageProbeTest, SurvivesRandomDamageWithASizeOrAnError) {
  std::mt19937 random(20261122);
  const auto png = fixtures::make_split_image("png", 16, 8);
  const auto jpeg = fixtures::insert_segment(fixtures::make_split_image("jpeg", 16, 8), 0xE1,
                                             fixtures::make_exif(3, "m"));
  for (int round = 0; round < 2000; ++round) {
    const bool is_png = round % 2 == 0;
    Bytes damaged = is_png ? png : jpeg;
    std::uniform_int_distribution<std::size_t> position(0, 200);
    for (int flip = 0; flip < 4; ++flip) {
      damaged[position(random) % damaged.size()] = static_cast<unsigned char>(random());
    }
    damaged.resize(position(random) % damaged.size());
    const auto error =
        caught([&] { probe_image_size(is_png ? FileType::png : FileType::jpg, damaged); });
    if (error) {
      EXPECT_EQ(error->code(), kUploadImageCorrupt);
    }
  }
}

}  // namespace
}  // namespace guildhall::uploads
