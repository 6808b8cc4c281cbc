// SVG templates, QR codes and rendering (platform/documents): values cannot change a template's
// structure, malformed placeholders are refused with their line, and the renderer's output is a
// PDF or PNG of the page's size whose QR code decodes back to its text.
#include <gtest/gtest.h>

#include <stdexcept>

#include "documents/qr_code.hpp"
#include "documents/svg_renderer.hpp"
#include "documents/svg_template.hpp"
#include "support/command.hpp"
#include "support/temp_dir.hpp"

namespace guildhall::documents {
namespace {

constexpr const char* kPage =
    "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' "
    "width='100mm' height='50mm' viewBox='0 0 100 50'>"
    "<text x='5' y='20' font-size='8' font-family='WenQuanYi Micro Hei'>{{name}}</text>"
    "<image x='60' y='5' width='40' height='40' image-rendering='optimizeSpeed' "
    "xlink:href='{{qr}}'/></svg>";

TEST(SvgTemplate, ValuesAreEscapedSoTheyCannotChangeTheDocument) {
  const auto t = SvgTemplate::parse("<text a=\"{{v}}\">{{v}}</text>{{missing}}", "t.svg");
  EXPECT_EQ(t.placeholders(), (std::set<std::string>{"missing", "v"}));
  EXPECT_EQ(t.fill({{"v", "A&B <x> \"q\" 'a'"}}),
            "<text a=\"A&amp;B &lt;x&gt; &quot;q&quot; &apos;a&apos;\">"
            "A&amp;B &lt;x&gt; &quot;q&quot; &apos;a&apos;</text>");
}

TEST(SvgTemplate, AMalformedPlaceholderIsRefusedWithItsLine) {
  for (const char* text : {"<svg>\n{{Name}}</svg>", "<svg>\n{{name</svg>", "<svg>\n{{}}</svg>"}) {
    try {
      SvgTemplate::parse(text, "certificates/x.svg");
      ADD_FAILURE() << text;
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()).rfind("certificates/x.svg:2: ", 0), 0u) << e.what();
    }
  }
}

TEST(SvgRenderer, APdfOfThePagesSizeWithTheTextAndADecodableQrCode) {
  const std::string url = "https://members.example.org/v/med/MED2026000001?d=20261122&s=1.abc";
  const auto svg = SvgTemplate::parse(kPage, "page.svg")
                       .fill({{"name", "张三 & 李四"}, {"qr", data_uri("image/png", qr_png(url))}});
  const std::string pdf = pdf_from_svg(svg, "测试");
  ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
  testing::TempDir dir;
  const auto file = dir.write("page.pdf", pdf);
  const auto info = testing::run_command("/usr/bin/pdfinfo", {file.string()});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("283.465 x 141.732 pts"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("测试"), std::string::npos) << info.out;
  const auto text = testing::run_command("/usr/bin/pdftotext", {file.string(), "-"});
  EXPECT_NE(text.out.find("张三 & 李四"), std::string::npos) << text.out;
  const auto fonts = testing::run_command("/usr/bin/pdffonts", {file.string()});
  EXPECT_NE(fonts.out.find("WenQuanYi"), std::string::npos) << fonts.out;
  EXPECT_NE(fonts.out.find("yes yes"), std::string::npos) << "embedded as a subset: " << fonts.out;

  const auto png = dir.write("page.png", png_from_svg(svg, 800));
  const auto qr = testing::run_command("/usr/bin/zbarimg", {"-q", "--raw", png.string()});
  ASSERT_EQ(qr.exit_code, 0) << qr.err;
  EXPECT_EQ(qr.out, url + "\n");
}

TEST(SvgRenderer, WhatIsNotAnSvgWithASizeIsRefused) {
  EXPECT_THROW(pdf_from_svg("not svg"), std::runtime_error);
  EXPECT_THROW(pdf_from_svg("<svg xmlns='http://www.w3.org/2000/svg'/>"), std::runtime_error);
}

}  // namespace
}  // namespace guildhall::documents
