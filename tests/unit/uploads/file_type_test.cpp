#include "uploads/file_type.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "caught_error.hpp"
#include "image_fixtures.hpp"
#include "uploads/upload_errors.hpp"

namespace guildhall::uploads {
namespace {

using fixtures::bytes_of;
using fixtures::caught;

const std::vector<std::string> kImagesAndPdf{"jpg", "png", "pdf"};

TEST(FileTypeTest, SniffsTheThreeTypesFromTheirMagicBytesOnly) {
  EXPECT_EQ(sniff_file_type(fixtures::jpeg_header(4, 4)), FileType::jpg);
  EXPECT_EQ(sniff_file_type(fixtures::png_header(4, 4, true)), FileType::png);
  EXPECT_EQ(sniff_file_type(bytes_of("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n")), FileType::pdf);

  EXPECT_EQ(sniff_file_type(bytes_of("<!DOCTYPE html><html></html>")), FileType::unknown);
  EXPECT_EQ(sniff_file_type(bytes_of("PK\x03\x04zip")), FileType::unknown);
  EXPECT_EQ(sniff_file_type(bytes_of("GIF89a")), FileType::unknown);
  EXPECT_EQ(sniff_file_type(bytes_of("%PDF")), FileType::unknown);
  EXPECT_EQ(sniff_file_type(bytes_of("\xFF\xD8")), FileType::unknown);
  EXPECT_EQ(sniff_file_type(bytes_of("\x89PNG\r\n\x1A")), FileType::unknown);
  EXPECT_EQ(sniff_file_type({}), FileType::unknown);
  // A PDF signature after leading text is not a PDF upload.
  EXPECT_EQ(sniff_file_type(bytes_of(" %PDF-1.4")), FileType::unknown);
}

TEST(FileTypeTest, ReadsDeclaredTypesFromMimeAndFileName) {
  EXPECT_EQ(type_from_mime("image/jpeg"), FileType::jpg);
  EXPECT_EQ(type_from_mime("IMAGE/JPG"), FileType::jpg);
  EXPECT_EQ(type_from_mime(" image/png ; charset=binary"), FileType::png);
  EXPECT_EQ(type_from_mime("application/pdf"), FileType::pdf);
  EXPECT_EQ(type_from_mime("text/html"), FileType::unknown);
  EXPECT_EQ(type_from_mime(""), std::nullopt);
  EXPECT_EQ(type_from_mime("application/octet-stream"), std::nullopt);

  EXPECT_EQ(type_from_file_name("photo.JPEG"), FileType::jpg);
  EXPECT_EQ(type_from_file_name("证件照.jpg"), FileType::jpg);
  EXPECT_EQ(type_from_file_name("C:\\fakepath\\scan.Pdf"), FileType::pdf);
  EXPECT_EQ(type_from_file_name("archive.png.zip"), FileType::unknown);
  EXPECT_EQ(type_from_file_name("page.html"), FileType::unknown);
  EXPECT_EQ(type_from_file_name("README"), std::nullopt);
  EXPECT_EQ(type_from_file_name(".jpg"), std::nullopt);
  EXPECT_EQ(type_from_file_name("photo."), std::nullopt);
  EXPECT_EQ(type_from_file_name("folder.jpg/photo"), std::nullopt);

  EXPECT_EQ(parse_file_type("JPEG"), FileType::jpg);
  EXPECT_EQ(parse_file_type("gif"), std::nullopt);
  EXPECT_EQ(to_string(FileType::jpg), "jpg");
  EXPECT_EQ(mime_type_of(FileType::png), "image/png");
  EXPECT_EQ(mime_type_of(FileType::unknown), "application/octet-stream");
}

TEST(FileTypeTest, AcceptsAFileWhoseBytesMatchEveryDeclaration) {
  const auto png = fixtures::png_header(4, 4, true);
  EXPECT_EQ(check_file_type(png, "image/png", "scan.PNG", kImagesAndPdf), FileType::png);
  EXPECT_EQ(check_file_type(png, "", "", kImagesAndPdf), FileType::png);
  EXPECT_EQ(check_file_type(png, "application/octet-stream", "scan", kImagesAndPdf), FileType::png);
  const auto jpeg = fixtures::jpeg_header(4, 4);
  const std::vector<std::string> jpeg_only{"JPEG"};
  EXPECT_EQ(check_file_type(jpeg, "image/jpeg", "photo.jpeg", jpeg_only), FileType::jpg);
}

TEST(FileTypeTest, RefusesAnHtmlPageRenamedToJpgAsATypeMismatch) {
  const auto html = bytes_of("<!DOCTYPE html><html><script>alert(document.cookie)</script>");
  for (const std::string_view declared : {"image/jpeg", "text/html", "application/octet-stream"}) {
    const auto error = caught([&] { check_file_type(html, declared, "photo.jpg", kImagesAndPdf); });
    ASSERT_TRUE(error) << declared;
    EXPECT_EQ(error->code(), kUploadTypeMismatch) << declared;
    EXPECT_EQ(error->kind(), core::ErrorKind::unsupported_media_type);
    EXPECT_NE(error->message().zh_cn.find("JPG"), std::string::npos) << error->message().zh_cn;
  }
}

TEST(FileTypeTest, RefusesBytesThatContradictTheMimeTypeOrTheExtension) {
  const auto png = fixtures::png_header(4, 4, true);
  for (const auto& [mime, name] :
       std::vector<std::pair<std::string, std::string>>{{"image/jpeg", "scan.png"},
                                                        {"image/png", "scan.jpg"},
                                                        {"", "scan.html"},
                                                        {"text/html", "scan.png"},
                                                        {"application/pdf", ""}}) {
    const auto error = caught([&] { check_file_type(png, mime, name, kImagesAndPdf); });
    ASSERT_TRUE(error) << mime << " " << name;
    EXPECT_EQ(error->code(), kUploadTypeMismatch) << mime << " " << name;
    EXPECT_EQ(error->kind(), core::ErrorKind::unsupported_media_type);
  }
}

TEST(FileTypeTest, RefusesTypesTheFieldDoesNotAllowAndUnknownContent) {
  const std::vector<std::string> images{"jpg", "JPEG", "png"};
  const auto pdf = bytes_of("%PDF-1.7\n");
  const auto error = caught([&] { check_file_type(pdf, "application/pdf", "a.pdf", images); });
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code(), kUploadTypeNotAllowed);
  EXPECT_EQ(error->kind(), core::ErrorKind::unsupported_media_type);
  EXPECT_EQ(error->message().zh_cn, "不支持此文件类型，只能上传 JPG、PNG");
  EXPECT_EQ(error->message().en, "this type of file is not accepted here; upload JPG, PNG");

  const auto zip = bytes_of("PK\x03\x04....");
  for (const auto& [mime, name] : std::vector<std::pair<std::string, std::string>>{
           {"application/zip", "a.zip"}, {"", ""}, {"application/octet-stream", "a"}}) {
    const auto unknown = caught([&] { check_file_type(zip, mime, name, kImagesAndPdf); });
    ASSERT_TRUE(unknown) << mime;
    EXPECT_EQ(unknown->code(), kUploadTypeNotAllowed) << mime;
  }
  // "unknown" in a field's list is not a way to let anything through.
  const std::vector<std::string> odd{"unknown"};
  EXPECT_TRUE(caught([&] { check_file_type(zip, "", "", odd); }));
}

}  // namespace
}  // namespace guildhall::uploads
