#include "uploads/image_sanitizer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <random>

#include "caught_error.hpp"
#include "image_fixtures.hpp"
#include "uploads/upload_errors.hpp"

namespace guildhall::uploads {
namespace {

using fixtures::Bytes;
using fixtures::bytes_of;
using fixtures::caught;
using fixtures::contains;
using fixtures::kBlue;
using fixtures::kRed;

constexpr std::string_view kMarker = "GH-SECRET-7f3a9c";

// A 64 x 32 photo, left half red, carrying EXIF (orientation, GPS, a description with kMarker),
// XMP and a comment, each with the marker.
Bytes photo_with_metadata(std::uint16_t orientation) {
  auto jpeg = fixtures::make_split_image("jpeg", 64, 32);
  const auto xmp = bytes_of(std::string("http://ns.adobe.com/xap/1.0/") + '\0' +
                            "<x:xmpmeta><exif:GPSLatitude>39,54.45N</exif:GPSLatitude>" +
                            std::string(kMarker) + "</x:xmpmeta>");
  jpeg = fixtures::insert_segment(jpeg, 0xE1, xmp);
  jpeg = fixtures::insert_segment(jpeg, 0xFE, bytes_of("comment " + std::string(kMarker)));
  return fixtures::insert_segment(jpeg, 0xE1, fixtures::make_exif(orientation, kMarker));
}

TEST(ImageSanitizerTest, StripsExifGpsXmpAndCommentsFromAJpeg) {
  const auto input = photo_with_metadata(1);
  ASSERT_TRUE(contains(input, "Exif"));
  ASSERT_TRUE(contains(input, kMarker));

  const auto clean = sanitize_image(FileType::jpg, input, ImageLimits{});

  EXPECT_FALSE(contains(clean.bytes, "Exif"));
  EXPECT_FALSE(contains(clean.bytes, "http://ns.adobe.com/xap"));
  EXPECT_FALSE(contains(clean.bytes, kMarker));
  EXPECT_EQ(sniff_file_type(clean.bytes), FileType::jpg);
  EXPECT_EQ(clean.size, (ImageSize{64, 32}));
  const auto decoded = fixtures::decode(clean.bytes);
  ASSERT_EQ(decoded.width, 64);
  ASSERT_EQ(decoded.height, 32);
  EXPECT_TRUE(fixtures::near(decoded.at(8, 16), kRed));
  EXPECT_TRUE(fixtures::near(decoded.at(56, 16), kBlue));
}

TEST(ImageSanitizerTest, AppliesOrientationSixSoThePhotoStaysUpright) {
  // Orientation 6: the stored image must be turned 90 degrees clockwise to be seen upright, so
  // the stored left (red) column becomes the top row.
  const auto clean = sanitize_image(FileType::jpg, photo_with_metadata(6), ImageLimits{});
  EXPECT_EQ(clean.size, (ImageSize{32, 64}));
  EXPECT_FALSE(contains(clean.bytes, "Exif"));
  const auto decoded = fixtures::decode(clean.bytes);
  ASSERT_EQ(decoded.width, 32);
  ASSERT_EQ(decoded.height, 64);
  EXPECT_TRUE(fixtures::near(decoded.at(16, 8), kRed));
  EXPECT_TRUE(fixtures::near(decoded.at(16, 56), kBlue));
}

TEST(ImageSanitizerTest, AppliesOrientationThreeAndEight) {
  const auto upside_down = sanitize_image(FileType::jpg, photo_with_metadata(3), ImageLimits{});
  EXPECT_EQ(upside_down.size, (ImageSize{64, 32}));
  const auto turned = fixtures::decode(upside_down.bytes);
  EXPECT_TRUE(fixtures::near(turned.at(8, 16), kBlue));
  EXPECT_TRUE(fixtures::near(turned.at(56, 16), kRed));

  // Orientation 8: turned 90 degrees counter-clockwise; the left column becomes the bottom row.
  const auto left = sanitize_image(FileType::jpg, photo_with_metadata(8), ImageLimits{});
  EXPECT_EQ(left.size, (ImageSize{32, 64}));
  const auto decoded = fixtures::decode(left.bytes);
  EXPECT_TRUE(fixtures::near(decoded.at(16, 8), kBlue));
  EXPECT_TRUE(fixtures::near(decoded.at(16, 56), kRed));
}

TEST(ImageSanitizerTest, StripsTextChunksFromAPngAndKeepsItsPixelsExactly) {
  const auto input = fixtures::make_split_image(
      "png", 20, 10, {{"tEXt::Comment", std::string(kMarker)}, {"tEXt::Author", "王小明"}});
  ASSERT_TRUE(contains(input, kMarker));
  ASSERT_TRUE(contains(input, "tEXt"));

  const auto clean = sanitize_image(FileType::png, input, ImageLimits{});

  EXPECT_FALSE(contains(clean.bytes, kMarker));
  EXPECT_FALSE(contains(clean.bytes, "tEXt"));
  EXPECT_FALSE(contains(clean.bytes, "王小明"));
  EXPECT_EQ(sniff_file_type(clean.bytes), FileType::png);
  EXPECT_EQ(clean.size, (ImageSize{20, 10}));
  const auto decoded = fixtures::decode(clean.bytes);
  const auto original = fixtures::decode(input);
  EXPECT_EQ(decoded.pixels, original.pixels);
}

TEST(ImageSanitizerTest, KeepsAJpegsColourProfileWhileDroppingExif) {
  auto input = fixtures::make_split_image(
      "jpeg", 16, 8, {{"icc-profile", fixtures::make_icc_profile_base64("GH-ICC-PROFILE")}});
  ASSERT_TRUE(contains(input, "GH-ICC-PROFILE"));
  input = fixtures::insert_segment(input, 0xE1, fixtures::make_exif(1, kMarker));
  const auto clean = sanitize_image(FileType::jpg, input, ImageLimits{});
  EXPECT_TRUE(contains(clean.bytes, "ICC_PROFILE"));
  EXPECT_TRUE(contains(clean.bytes, "GH-ICC-PROFILE"));
  EXPECT_FALSE(contains(clean.bytes, kMarker));
}

TEST(ImageSanitizerTest, RefusesAnImageOverTheLimitsFromTheDecodersOwnHeaderCheck) {
  // The probe is not involved here: the decoder's size-prepared guard stops it.
  const auto jpeg = fixtures::make_split_image("jpeg", 64, 32);
  const auto png = fixtures::make_split_image("png", 64, 32);
  for (const ImageLimits limits : {ImageLimits{63, 1'000'000}, ImageLimits{1000, 2047}}) {
    for (const auto& [type, bytes] :
         {std::pair{FileType::jpg, jpeg}, std::pair{FileType::png, png}}) {
      const auto error = caught([&] { sanitize_image(type, bytes, limits); });
      ASSERT_TRUE(error) << to_string(type);
      EXPECT_EQ(error->code(), kUploadImageTooLarge) << to_string(type);
    }
  }
  EXPECT_NO_THROW(sanitize_image(FileType::png, png, ImageLimits{64, 2048}));
  // A decompression bomb's header reaches the guard too, with the default limits.
  EXPECT_EQ(fixtures::code_of([&] {
              sanitize_image(FileType::png, fixtures::png_header(30000, 30000, true),
                             ImageLimits{});
            }),
            kUploadImageTooLarge);
}

TEST(ImageSanitizerTest, RefusesTruncatedAndForeignBytesWithoutCrashing) {
  const auto jpeg = photo_with_metadata(1);
  const auto png = fixtures::make_split_image("png", 64, 32);
  const auto corrupt = [](FileType type, const Bytes& bytes) {
    const auto error = caught([&] { sanitize_image(type, bytes, ImageLimits{}); });
    return error ? error->code() : std::string("no error");
  };
  EXPECT_EQ(corrupt(FileType::jpg, Bytes(jpeg.begin(), jpeg.begin() + 400)), kUploadImageCorrupt);
  EXPECT_EQ(corrupt(FileType::png, Bytes(png.begin(), png.end() - 30)), kUploadImageCorrupt);
  EXPECT_EQ(corrupt(FileType::png, Bytes(png.begin(), png.begin() + 40)), kUploadImageCorrupt);
  // Complete in structure, damaged inside: the decoder's own checks refuse it.
  auto damaged = png;
  const auto idat =
      std::search(damaged.begin(), damaged.end(), std::begin("IDAT"), std::begin("IDAT") + 4);
  ASSERT_NE(idat, damaged.end());
  idat[8] = static_cast<unsigned char>(idat[8] ^ 0x55);
  EXPECT_EQ(corrupt(FileType::png, damaged), kUploadImageCorrupt);
  // The loader is chosen by the declared type, never by sniffing: PNG bytes are no JPEG.
  EXPECT_EQ(corrupt(FileType::jpg, png), kUploadImageCorrupt);
  EXPECT_EQ(corrupt(FileType::png, jpeg), kUploadImageCorrupt);
  EXPECT_EQ(corrupt(FileType::png, {}), kUploadImageCorrupt);
  // libpng checks the IHDR CRC before it reports a size: a damaged header is corrupt to the
  // decoder, which is why the size limit must come from the probe (upload_policy_test).
  EXPECT_EQ(corrupt(FileType::png, fixtures::png_header(30000, 30000, false)), kUploadImageCorrupt);
  EXPECT_THROW(sanitize_image(FileType::pdf, bytes_of("%PDF-1.7"), ImageLimits{}),
               std::invalid_argument);
}

TEST(ImageSanitizerTest, SurvivesRandomDamageWithAnImageOrAnError) {
  std::mt19937 random(7);
  const auto jpeg = photo_with_metadata(6);
  const auto png = fixtures::make_split_image("png", 24, 12);
  for (int round = 0; round < 300; ++round) {
    const bool is_png = round % 2 == 1;
    Bytes damaged = is_png ? png : jpeg;
    std::uniform_int_distribution<std::size_t> position(0, damaged.size() - 1);
    for (int flip = 0; flip < 3; ++flip) {
      damaged[position(random)] = static_cast<unsigned char>(random());
    }
    const auto error = caught(
        [&] { sanitize_image(is_png ? FileType::png : FileType::jpg, damaged, ImageLimits{}); });
    if (error) {
      EXPECT_TRUE(error->code() == kUploadImageCorrupt || error->code() == kUploadImageTooLarge)
          << error->code();
    }
  }
}

}  // namespace
}  // namespace guildhall::uploads
