#include "modules/notifications/mime_message.hpp"

#include <gtest/gtest.h>

#include <string>

namespace guildhall::notifications {
namespace {

std::string base64_decode(const std::string& text) {
  static const std::string kTable =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const auto pos = kTable.find(c);
    if (pos == std::string::npos) {
      continue;
    }
    buffer = (buffer << 6) | static_cast<unsigned>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

// Decodes "=?UTF-8?B?...?=" words separated by folding whitespace.
std::string decode_words(const std::string& header) {
  std::string out;
  std::size_t pos = 0;
  while ((pos = header.find("=?UTF-8?B?", pos)) != std::string::npos) {
    const auto end = header.find("?=", pos + 10);
    out += base64_decode(header.substr(pos + 10, end - pos - 10));
    pos = end + 2;
  }
  return out;
}

TEST(MimeMessageTest, Base64MatchesRfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

TEST(MimeMessageTest, PlainAsciiSubjectsStayReadable) {
  EXPECT_EQ(encode_header_words("Reset your password"), "Reset your password");
}

TEST(MimeMessageTest, Utf8SubjectsBecomeEncodedWordsOfAtMost75Characters) {
  const std::string subject =
      "重置密码：中华医学会天津分会会员服务平台的账号安全通知（请在三十分钟内完成）";
  const std::string encoded = encode_header_words(subject);
  EXPECT_EQ(decode_words(encoded), subject);
  std::size_t start = 0;
  int words = 0;
  while (start < encoded.size()) {
    auto end = encoded.find("\r\n ", start);
    const std::string word = encoded.substr(start, end == std::string::npos ? end : end - start);
    EXPECT_LE(word.size(), 75u) << word;
    EXPECT_EQ(word.rfind("=?UTF-8?B?", 0), 0u);
    ++words;
    start = end == std::string::npos ? encoded.size() : end + 3;
  }
  EXPECT_GT(words, 1);
}

TEST(MimeMessageTest, DatesAreRfc5322InUtc) {
  EXPECT_EQ(rfc5322_date(1499827339000LL), "Wed, 12 Jul 2017 02:42:19 +0000");
}

TEST(MimeMessageTest, MessageIdIsTheOutboxIdAtTheSenderDomain) {
  EXPECT_EQ(message_id_header("01J0ABC", "noreply@med.example.org"), "<01J0ABC@med.example.org>");
  EXPECT_EQ(message_id_header("a b<c>", "x@d.org"), "<a-b-c-@d.org>");
}

TEST(MimeMessageTest, BuildsAUtf8PlainTextMessage) {
  const std::string text = build_mime_message(
      {.message_id = "01J0ABC",
       .to = "member@example.org",
       .subject = "重置密码",
       .body = "第一行\n第二行"},
      {.from_address = "noreply@example.org", .from_name = "学会平台", .date_ms = 1499827339000LL});
  EXPECT_NE(text.find("Date: Wed, 12 Jul 2017 02:42:19 +0000\r\n"), std::string::npos);
  EXPECT_NE(text.find("Message-ID: <01J0ABC@example.org>\r\n"), std::string::npos);
  EXPECT_NE(text.find("To: <member@example.org>\r\n"), std::string::npos);
  EXPECT_NE(text.find("Content-Type: text/plain; charset=UTF-8\r\n"), std::string::npos);
  EXPECT_NE(text.find("Content-Transfer-Encoding: base64\r\n"), std::string::npos);
  const auto subject = text.find("Subject: ");
  EXPECT_EQ(decode_words(text.substr(subject, text.find("\r\n", subject) - subject)), "重置密码");
  const auto body = text.find("\r\n\r\n");
  EXPECT_EQ(base64_decode(text.substr(body + 4)), "第一行\r\n第二行");
}

}  // namespace
}  // namespace guildhall::notifications
