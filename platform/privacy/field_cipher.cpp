#include "privacy/field_cipher.hpp"

#include <sodium.h>

#include <charconv>
#include <stdexcept>

#include "privacy/key_ring.hpp"
#include "privacy/privacy_errors.hpp"
#include "privacy/sodium_codec.hpp"

namespace guildhall::privacy {

namespace {

constexpr std::string_view kTextVersion = "v1";
constexpr std::array<unsigned char, 4> kBlobMagic = {'G', 'H', 'P', 0x01};
constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;

// Domain-separated and length-prefixed, so no two (form, key, field, row) tuples share bytes.
std::vector<unsigned char> associated_data(std::string_view form, std::uint32_t key_id,
                                           std::string_view field, std::string_view row_id) {
  std::vector<unsigned char> out;
  const auto put_u32 = [&](std::uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.push_back(static_cast<unsigned char>((value >> shift) & 0xFF));
    }
  };
  const auto put_text = [&](std::string_view text) {
    put_u32(static_cast<std::uint32_t>(text.size()));
    out.insert(out.end(), text.begin(), text.end());
  };
  put_text("guildhall.privacy.field");
  put_text(form);
  put_u32(key_id);
  put_text(field);
  put_text(row_id);
  return out;
}

core::AppError malformed() {
  return detail::error(kCiphertextMalformed, "加密数据格式无效",
                       "the stored ciphertext is malformed");
}

core::AppError unknown_key(std::uint32_t id) {
  return detail::error(kUnknownKey, "加密数据使用的密钥 " + std::to_string(id) + " 不在密钥环中",
                       "the stored ciphertext names encryption key " + std::to_string(id) +
                           ", which is not in the key ring");
}

core::AppError decrypt_failed() {
  return detail::error(kDecryptFailed, "加密数据校验失败（被篡改或不属于此字段）",
                       "the stored ciphertext failed authentication (tampered, or moved from "
                       "another field or row)");
}

// nonce || ciphertext || tag.
std::vector<unsigned char> seal(const KeyRing::Key& key, std::span<const unsigned char> plaintext,
                                const std::vector<unsigned char>& ad) {
  std::vector<unsigned char> out(kNonceBytes + plaintext.size() + kTagBytes);
  randombytes_buf(out.data(), kNonceBytes);
  unsigned long long length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + kNonceBytes, &length, plaintext.data(),
                                             plaintext.size(), ad.data(), ad.size(), nullptr,
                                             out.data(), key.bytes.data());
  return out;
}

std::vector<unsigned char> unseal(const KeyRing::Key& key, std::span<const unsigned char> sealed,
                                  const std::vector<unsigned char>& ad) {
  if (sealed.size() < kNonceBytes + kTagBytes) {
    throw malformed();
  }
  std::vector<unsigned char> out(sealed.size() - kNonceBytes - kTagBytes);
  unsigned long long length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          out.data(), &length, nullptr, sealed.data() + kNonceBytes, sealed.size() - kNonceBytes,
          ad.data(), ad.size(), sealed.data(), key.bytes.data()) != 0) {
    throw decrypt_failed();
  }
  out.resize(static_cast<std::size_t>(length));
  return out;
}

struct TextParts {
  std::uint32_t key_id = 0;
  std::string_view payload;
};

TextParts split_text(std::string_view stored) {
  const auto first = stored.find('.');
  const auto second = first == std::string_view::npos ? first : stored.find('.', first + 1);
  if (second == std::string_view::npos || stored.substr(0, first) != kTextVersion) {
    throw malformed();
  }
  const auto id_text = stored.substr(first + 1, second - first - 1);
  TextParts parts;
  const auto [end, ec] =
      std::from_chars(id_text.data(), id_text.data() + id_text.size(), parts.key_id);
  if (ec != std::errc() || end != id_text.data() + id_text.size() || parts.key_id == 0) {
    throw malformed();
  }
  parts.payload = stored.substr(second + 1);
  return parts;
}

std::span<const unsigned char> as_bytes(std::string_view text) {
  return {reinterpret_cast<const unsigned char*>(text.data()), text.size()};
}

}  // namespace

FieldCipher::FieldCipher(std::shared_ptr<const KeyRing> keys) : keys_(std::move(keys)) {
  if (!keys_) {
    throw std::invalid_argument("FieldCipher needs a key ring");
  }
  detail::ensure_sodium();
}

std::string FieldCipher::encrypt(std::string_view plaintext, std::string_view field,
                                 std::string_view row_id) const {
  const auto& key = keys_->active(KeyPurpose::encryption);
  const auto sealed =
      seal(key, as_bytes(plaintext), associated_data(kTextVersion, key.id, field, row_id));
  return std::string(kTextVersion) + "." + std::to_string(key.id) + "." +
         detail::to_base64url(sealed);
}

std::string FieldCipher::decrypt(std::string_view stored, std::string_view field,
                                 std::string_view row_id) const {
  const auto parts = split_text(stored);
  const auto* key = keys_->find(KeyPurpose::encryption, parts.key_id);
  if (key == nullptr) {
    throw unknown_key(parts.key_id);
  }
  const auto sealed = detail::from_base64url(parts.payload);
  if (!sealed) {
    throw malformed();
  }
  auto plain = unseal(*key, *sealed, associated_data(kTextVersion, key->id, field, row_id));
  std::string text(plain.begin(), plain.end());
  sodium_memzero(plain.data(), plain.size());
  return text;
}

std::vector<unsigned char> FieldCipher::encrypt_bytes(std::span<const unsigned char> plaintext,
                                                      std::string_view field,
                                                      std::string_view row_id) const {
  const auto& key = keys_->active(KeyPurpose::encryption);
  const auto sealed = seal(key, plaintext, associated_data("blob1", key.id, field, row_id));
  std::vector<unsigned char> out(kBlobMagic.begin(), kBlobMagic.end());
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<unsigned char>((key.id >> shift) & 0xFF));
  }
  out.insert(out.end(), sealed.begin(), sealed.end());
  return out;
}

std::vector<unsigned char> FieldCipher::decrypt_bytes(std::span<const unsigned char> stored,
                                                      std::string_view field,
                                                      std::string_view row_id) const {
  constexpr std::size_t kHeader = kBlobMagic.size() + 4;
  if (stored.size() < kHeader ||
      !std::equal(kBlobMagic.begin(), kBlobMagic.end(), stored.begin())) {
    throw malformed();
  }
  std::uint32_t key_id = 0;
  for (std::size_t i = kBlobMagic.size(); i < kHeader; ++i) {
    key_id = (key_id << 8) | stored[i];
  }
  const auto* key = keys_->find(KeyPurpose::encryption, key_id);
  if (key == nullptr) {
    throw unknown_key(key_id);
  }
  return unseal(*key, stored.subspan(kHeader), associated_data("blob1", key_id, field, row_id));
}

std::uint32_t FieldCipher::key_id_of(std::string_view stored) {
  return split_text(stored).key_id;
}

bool FieldCipher::needs_reencryption(std::string_view stored) const {
  return key_id_of(stored) != keys_->active(KeyPurpose::encryption).id;
}

}  // namespace guildhall::privacy
