#include "modules/notifications/mime_message.hpp"

#include <array>
#include <chrono>
#include <cstdio>

namespace guildhall::notifications {

namespace {

bool needs_encoding(std::string_view text) {
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || u < 0x20 || c == '"' || c == '=' || c == '?' || c == '<' || c == '>' ||
        c == '@' || c == ',' || c == ';' || c == ':' || c == '\\' || c == '(' || c == ')') {
      return true;
    }
  }
  return false;
}

std::size_t utf8_length(unsigned char lead) {
  if (lead < 0x80)
    return 1;
  if ((lead >> 5) == 0x6)
    return 2;
  if ((lead >> 4) == 0xE)
    return 3;
  if ((lead >> 3) == 0x1E)
    return 4;
  return 1;
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  static constexpr char kTable[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const auto n = (static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16) |
                   (static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                   static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 2]));
    out += kTable[(n >> 18) & 63];
    out += kTable[(n >> 12) & 63];
    out += kTable[(n >> 6) & 63];
    out += kTable[n & 63];
  }
  if (i < bytes.size()) {
    unsigned n = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16;
    const bool two = i + 1 < bytes.size();
    if (two) {
      n |= static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    }
    out += kTable[(n >> 18) & 63];
    out += kTable[(n >> 12) & 63];
    out += two ? kTable[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string encode_header_words(std::string_view text) {
  if (!needs_encoding(text)) {
    return std::string(text);
  }
  // 75 characters per word: "=?UTF-8?B?" + "?=" leave 63, i.e. 45 bytes of base64 input
  // (a multiple of 3, so no padding inside a word).
  static constexpr std::size_t kMaxBytes = 45;
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = pos;
    while (end < text.size()) {
      const std::size_t n = utf8_length(static_cast<unsigned char>(text[end]));
      if (end + n - pos > kMaxBytes) {
        break;
      }
      end += n;
    }
    if (end == pos) {
      end = std::min(text.size(), pos + kMaxBytes);
    }
    if (!out.empty()) {
      out += "\r\n ";
    }
    out += "=?UTF-8?B?" + base64_encode(text.substr(pos, end - pos)) + "?=";
    pos = end;
  }
  return out;
}

std::string rfc5322_date(std::int64_t epoch_ms) {
  static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed",
                                                    "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  using namespace std::chrono;
  const sys_time<milliseconds> t{milliseconds(epoch_ms)};
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const weekday wd{day};
  const hh_mm_ss hms{floor<seconds>(t - day)};
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02u %s %04d %02d:%02d:%02d +0000",
                kDays[wd.c_encoding()], static_cast<unsigned>(ymd.day()),
                kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buffer;
}

std::string message_id_header(std::string_view id, std::string_view from_address) {
  const auto at = from_address.rfind('@');
  std::string domain =
      at == std::string_view::npos ? "guildhall.invalid" : std::string(from_address.substr(at + 1));
  std::string left;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '_' || c == '+' || c == '=';
    left += ok ? c : '-';
  }
  return "<" + left + "@" + domain + ">";
}

std::string build_mime_message(const MailMessage& message, const MimeHeaderInfo& info) {
  std::string from = "<" + info.from_address + ">";
  if (!info.from_name.empty()) {
    from = encode_header_words(info.from_name) + " " + from;
  }
  std::string body;
  for (const char c : message.body) {
    if (c == '\n') {
      body += "\r\n";
    } else if (c != '\r') {
      body += c;
    }
  }
  const std::string encoded = base64_encode(body);
  std::string out;
  out += "Date: " + rfc5322_date(info.date_ms) + "\r\n";
  out += "From: " + from + "\r\n";
  out += "To: <" + message.to + ">\r\n";
  out += "Subject: " + encode_header_words(message.subject) + "\r\n";
  out += "Message-ID: " + message_id_header(message.message_id, info.from_address) + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n";
  out += "\r\n";
  for (std::size_t i = 0; i < encoded.size(); i += 76) {
    out += encoded.substr(i, 76) + "\r\n";
  }
  return out;
}

}  // namespace guildhall::notifications
