#include "modules/notifications/aliyun_signature.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "modules/notifications/mime_message.hpp"

namespace guildhall::notifications::aliyun {

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0x0F];
    }
  }
  return out;
}

std::string canonical_query(const Params& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (name == "Signature") {
      continue;
    }
    if (!out.empty()) {
      out += '&';
    }
    out += percent_encode(name) + "=" + percent_encode(value);
  }
  return out;
}

std::string string_to_sign(std::string_view http_method, const Params& params) {
  return std::string(http_method) + "&" + percent_encode("/") + "&" +
         percent_encode(canonical_query(params));
}

std::string sign(std::string_view http_method, const Params& params,
                 std::string_view access_key_secret) {
  const std::string key = std::string(access_key_secret) + "&";
  const std::string data = string_to_sign(http_method, params);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest,
           &length) == nullptr) {
    throw std::runtime_error("HMAC-SHA1 failed");
  }
  return base64_encode(std::string_view(reinterpret_cast<const char*>(digest), length));
}

std::string iso8601_utc(long long epoch_ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> t{milliseconds(epoch_ms)};
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{floor<seconds>(t - day)};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return buffer;
}

}  // namespace guildhall::notifications::aliyun
