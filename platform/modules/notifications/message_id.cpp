#include "modules/notifications/message_id.hpp"

#include <openssl/rand.h>

#include <array>
#include <stdexcept>

namespace guildhall::notifications {

namespace {

template <std::size_t N>
std::array<unsigned char, N> random_bytes() {
  std::array<unsigned char, N> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("the system's random number generator failed");
  }
  return bytes;
}

}  // namespace

std::string new_ulid(std::int64_t now_ms) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const auto random = random_bytes<10>();
  // 128 bits: the time in the top 48, randomness in the low 80; 26 digits of 5 bits = 130 bits,
  // the first digit carrying only the top 3.
  std::array<unsigned char, 16> bits{};
  auto time = static_cast<std::uint64_t>(now_ms);
  for (int i = 5; i >= 0; --i) {
    bits[static_cast<std::size_t>(i)] = static_cast<unsigned char>(time & 0xFF);
    time >>= 8;
  }
  for (std::size_t i = 0; i < random.size(); ++i) {
    bits[6 + i] = random[i];
  }
  std::string out(26, '0');
  for (int digit = 25, bit = 0; digit >= 0; --digit, bit += 5) {
    unsigned value = 0;
    for (int b = 0; b < 5; ++b) {
      const int position = bit + b;  // counted from the least significant bit
      if (position >= 128) {
        break;
      }
      const auto byte = bits[static_cast<std::size_t>(15 - position / 8)];
      value |= static_cast<unsigned>((byte >> (position % 8)) & 1U) << b;
    }
    out[static_cast<std::size_t>(digit)] = kAlphabet[value];
  }
  return out;
}

std::string random_hex128() {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto bytes = random_bytes<16>();
  std::string out;
  out.reserve(32);
  for (const unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0x0F];
  }
  return out;
}

}  // namespace guildhall::notifications
