#include "privacy/blind_index.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

#include "privacy/key_ring.hpp"
#include "privacy/normalise.hpp"
#include "privacy/sodium_codec.hpp"

namespace guildhall::privacy {

namespace {

void update_u32(crypto_auth_hmacsha256_state& state, std::uint32_t value) {
  const std::array<unsigned char, 4> bytes = {
      static_cast<unsigned char>(value >> 24), static_cast<unsigned char>(value >> 16),
      static_cast<unsigned char>(value >> 8), static_cast<unsigned char>(value)};
  crypto_auth_hmacsha256_update(&state, bytes.data(), bytes.size());
}

void update_text(crypto_auth_hmacsha256_state& state, std::string_view text) {
  update_u32(state, static_cast<std::uint32_t>(text.size()));
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(text.data()),
                                text.size());
}

// Length-prefixed fields: ("ab", "c") and ("a", "bc") must not collide.
std::string digest(const KeyRing::Key& key, std::string_view purpose, std::string_view value) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key.bytes.data(), key.bytes.size());
  update_text(state, "guildhall.privacy.blind-index.v1");
  update_text(state, purpose);
  update_text(state, value);
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  return std::to_string(key.id) + "." + detail::to_base64url(mac);
}

}  // namespace

std::string normalise(ValueKind kind, std::string_view raw) {
  switch (kind) {
    case ValueKind::id_number:
      return normalise_id_number(raw);
    case ValueKind::mobile:
      return normalise_mobile(raw);
    case ValueKind::email:
      return normalise_email(raw);
    case ValueKind::exact:
      break;
  }
  return std::string(raw);
}

BlindIndex::BlindIndex(std::shared_ptr<const KeyRing> keys) : keys_(std::move(keys)) {
  if (!keys_) {
    throw std::invalid_argument("BlindIndex needs a key ring");
  }
  detail::ensure_sodium();
}

std::string BlindIndex::of(std::string_view purpose, ValueKind kind, std::string_view raw) const {
  return digest(keys_->active(KeyPurpose::blind_index), purpose, normalise(kind, raw));
}

std::vector<std::string> BlindIndex::candidates(std::string_view purpose, ValueKind kind,
                                                std::string_view raw) const {
  const auto value = normalise(kind, raw);
  std::vector<std::string> out;
  for (const auto& key : keys_->keys(KeyPurpose::blind_index)) {
    out.push_back(digest(key, purpose, value));
  }
  return out;
}

}  // namespace guildhall::privacy
