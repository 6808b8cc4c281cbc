#include "uploads/upload_policy.hpp"

#include <gtest/gtest.h>

#include "caught_error.hpp"
#include "image_fixtures.hpp"
#include "uploads/upload_errors.hpp"

namespace guildhall::uploads {
namespace {

using fixtures::Bytes;
using fixtures::bytes_of;
using fixtures::caught;
using fixtures::code_of;
using fixtures::contains;

const std::vector<std::string> kAllowed{"jpg", "png", "pdf"};
constexpr std::uint64_t kTwentyMb = bytes_from_megabytes(20);

TEST(UploadPolicyTest, RefusesA21MbBodyByItsSizeBeforeLookingAtIt) {
  // A JPEG start followed by junk: any later check would call it corrupt, not too large.
  Bytes body(21 * 1000 * 1000, 0);
  body[0] = 0xFF;
  body[1] = 0xD8;
  body[2] = 0xFF;
  const auto error =
      caught([&] { prepare_upload(body, "image/jpeg", "photo.jpg", kAllowed, kTwentyMb); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), kUploadTooLarge);
  EXPECT_EQ(error->kind(), core::ErrorKind::payload_too_large);
  EXPECT_EQ(error->message().zh_cn, "文件过大，最大允许 20 MB");

  // The same answer from the Content-Length alone, before the body is read.
  EXPECT_EQ(code_of([&] { check_upload_size(21 * 1000 * 1000, kTwentyMb); }), kUploadTooLarge);
  EXPECT_FALSE(caught([&] { check_upload_size(kTwentyMb, kTwentyMb); }));
  EXPECT_TRUE(caught([&] { check_upload_size(kTwentyMb + 1, kTwentyMb); }));
  EXPECT_EQ(bytes_from_megabytes(5), 5U * 1024 * 1024);
  EXPECT_EQ(bytes_from_megabytes(-1), 0U);
}

TEST(UploadPolicyTest, RefusesAnHtmlFileNamedJpgWith415) {
  const auto html = bytes_of("<html><body onload=\"fetch('/api/v1/me')\">hi</body></html>");
  const auto error =
      caught([&] { prepare_upload(html, "image/jpeg", "avatar.jpg", kAllowed, kTwentyMb); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), kUploadTypeMismatch);
  EXPECT_EQ(error->kind(), core::ErrorKind::unsupported_media_type);
}

TEST(UploadPolicyTest, RefusesAPngDeclaring30000By30000BeforeAnyDecoderRuns) {
  for (const bool valid_crc : {true, false}) {
    const auto png = fixtures::png_header(30000, 30000, valid_crc);
    const auto error =
        caught([&] { prepare_upload(png, "image/png", "bomb.png", kAllowed, kTwentyMb); });
    ASSERT_TRUE(error) << valid_crc;
    // With a bad CRC the decoder would only have said "corrupt" (image_sanitizer_test): the
    // size verdict comes from the header probe, which runs first.
    EXPECT_EQ(error->code(), kUploadImageTooLarge) << valid_crc;
    EXPECT_EQ(error->kind(), core::ErrorKind::validation);
  }
  const auto jpeg = fixtures::jpeg_header(30000, 30000);
  EXPECT_EQ(code_of([&] { prepare_upload(jpeg, "image/jpeg", "bomb.jpg", kAllowed, kTwentyMb); }),
            kUploadImageTooLarge);
}

TEST(UploadPolicyTest, ReturnsAJpegCarryingGpsExifWithoutAnyMetadata) {
  constexpr std::string_view kMarker = "GPS-MARKER-Beijing-Dongcheng";
  const auto photo = fixtures::insert_segment(fixtures::make_split_image("jpeg", 48, 36), 0xE1,
                                              fixtures::make_exif(1, kMarker));
  ASSERT_TRUE(contains(photo, "Exif"));
  ASSERT_TRUE(contains(photo, kMarker));

  const auto prepared = prepare_upload(photo, "image/jpeg", "IMG_0001.JPG", kAllowed, kTwentyMb);

  EXPECT_EQ(prepared.type, FileType::jpg);
  EXPECT_FALSE(contains(prepared.bytes, "Exif"));
  EXPECT_FALSE(contains(prepared.bytes, kMarker));
  ASSERT_TRUE(prepared.size);
  EXPECT_EQ(*prepared.size, (ImageSize{48, 36}));
  const auto decoded = fixtures::decode(prepared.bytes);
  EXPECT_EQ(decoded.width, 48);
  EXPECT_EQ(decoded.height, 36);
}

TEST(UploadPolicyTest, TurnsAPortraitPhotoUprightAndReportsTheDisplayedSize) {
  const auto photo = fixtures::insert_segment(fixtures::make_split_image("jpeg", 48, 36), 0xE1,
                                              fixtures::make_exif(6, "x"));
  const auto prepared = prepare_upload(photo, "image/jpeg", "p.jpg", kAllowed, kTwentyMb);
  EXPECT_EQ(*prepared.size, (ImageSize{36, 48}));
}

TEST(UploadPolicyTest, PassesAPdfThroughUnchanged) {
  const auto pdf = bytes_of("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
  const auto prepared = prepare_upload(pdf, "application/pdf", "scan.pdf", kAllowed, kTwentyMb);
  EXPECT_EQ(prepared.type, FileType::pdf);
  EXPECT_EQ(prepared.bytes, pdf);
  EXPECT_FALSE(prepared.size);
}

TEST(UploadPolicyTest, ChecksInTheSafeOrder) {
  const std::vector<std::string> images{"jpg", "png"};
  // Empty before type.
  EXPECT_EQ(code_of([&] { prepare_upload({}, "image/png", "a.png", kAllowed, kTwentyMb); }),
            kUploadEmpty);
  // Type before dimensions: an oversized PNG in a field that takes PDFs only.
  const std::vector<std::string> pdf_only{"pdf"};
  EXPECT_EQ(code_of([&] {
              prepare_upload(fixtures::png_header(30000, 30000, true), "image/png", "a.png",
                             pdf_only, kTwentyMb);
            }),
            kUploadTypeNotAllowed);
  // Dimensions before decoding, with limits given by the caller.
  const auto png = fixtures::make_split_image("png", 40, 20);
  EXPECT_EQ(code_of([&] {
              prepare_upload(png, "image/png", "a.png", images, kTwentyMb, ImageLimits{39, 10000});
            }),
            kUploadImageTooLarge);
  // A valid header over damaged image data: undecodable.
  auto damaged = png;
  damaged.resize(png.size() - 40);
  EXPECT_EQ(code_of([&] { prepare_upload(damaged, "image/png", "a.png", images, kTwentyMb); }),
            kUploadImageCorrupt);
}

}  // namespace
}  // namespace guildhall::uploads
