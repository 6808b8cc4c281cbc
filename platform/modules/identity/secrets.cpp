#include "modules/identity/secrets.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace guildhall::identity {

namespace {

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) {
    throw std::runtime_error("libsodium could not be initialised");
  }
}

std::string to_hex(const unsigned char* data, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, size);
  out.pop_back();
  return out;
}

}  // namespace

std::string random_token(std::size_t bytes) {
  ensure_sodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return to_hex(reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
}

std::string random_sms_code() {
  ensure_sodium();
  const auto n = randombytes_uniform(1'000'000);
  std::string out = std::to_string(n);
  return std::string(6 - out.size(), '0') + out;
}

std::string random_password(std::size_t length) {
  ensure_sodium();
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";
  std::string out;
  for (std::size_t i = 0; i < length; ++i) {
    out.push_back(kAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kAlphabet.size()))]);
  }
  return out;
}

std::string new_id(std::int64_t now_ms) {
  ensure_sodium();
  static constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::array<unsigned char, 16> bytes{};
  auto time = static_cast<std::uint64_t>(now_ms);
  for (int i = 5; i >= 0; --i) {
    bytes[static_cast<std::size_t>(i)] = static_cast<unsigned char>(time & 0xFF);
    time >>= 8;
  }
  randombytes_buf(bytes.data() + 6, 10);
  std::string out(26, '0');
  // 128 bits as 26 base-32 digits, most significant first (the top digit holds 3 bits).
  for (std::size_t digit = 0; digit < 26; ++digit) {
    unsigned value = 0;
    for (std::size_t bit = 0; bit < 5; ++bit) {
      const std::size_t from_lsb = (25 - digit) * 5 + (4 - bit);
      const unsigned set = from_lsb < 128 ? (bytes[15 - from_lsb / 8] >> (from_lsb % 8)) & 1U : 0U;
      value = (value << 1) | set;
    }
    out[digit] = kCrockford[value];
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  ensure_sodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(data.data()),
                     data.size());
  return to_hex(digest.data(), digest.size());
}

bool equal_secrets(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace guildhall::identity
