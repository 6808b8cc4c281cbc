#include "modules/identity/password_policy.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace guildhall::identity {

namespace {

// The most frequent passwords of at least 8 characters in published Chinese and international
// leak lists; anything here falls to the first guesses of any attacker.
constexpr std::array<std::string_view, 40> kCommon = {
    "12345678",   "123456789",  "1234567890", "11111111",   "88888888",    "00000000",
    "66666666",   "87654321",   "12341234",   "11223344",   "123123123",   "147258369",
    "5201314520", "1314520520", "password",   "password1",  "password123", "passw0rd",
    "iloveyou",   "qwertyui",   "qwerty123",  "qwertyuiop", "1qaz2wsx",    "1q2w3e4r",
    "1q2w3e4r5t", "abc12345",   "abcd1234",   "a1234567",   "aa123456",    "a123456789",
    "woaini1314", "admin123",   "admin888",   "asdfghjk",   "zxcvbnm1",    "qwe12345",
    "abc123456",  "111111111",  "123456abc",  "12qwaszx"};

std::optional<std::size_t> code_points(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = c < 0x80           ? 1
                      : (c >> 5) == 0x6  ? 2
                      : (c >> 4) == 0xE  ? 3
                      : (c >> 3) == 0x1E ? 4
                                         : 0;
    if (len == 0 || i + len > text.size()) {
      return std::nullopt;
    }
    for (std::size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) {
        return std::nullopt;
      }
    }
    i += len;
    ++count;
  }
  return count;
}

}  // namespace

std::optional<std::string> password_problem(std::string_view password, std::string_view mobile) {
  const auto length = code_points(password);
  if (!length) {
    return "invalid_utf8";
  }
  if (*length < kMinPasswordLength) {
    return "too_short";
  }
  if (*length > kMaxPasswordLength) {
    return "too_long";
  }
  std::string lower(password);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (std::find(kCommon.begin(), kCommon.end(), lower) != kCommon.end()) {
    return "too_common";
  }
  if (!mobile.empty() && password.find(mobile) != std::string_view::npos) {
    return "contains_mobile";
  }
  return std::nullopt;
}

}  // namespace guildhall::identity
