// The data-protection keys: one family for encrypting fields, one for blind indexes. Each key has
// a numeric id; the highest id of a family is the active one (new ciphertexts and indexes use it)
// and older ids stay so existing data still decrypts while it is re-encrypted. The keys live
// outside the database, in configuration or in a key file:
//
//   auto keys = std::make_shared<const KeyRing>(KeyRing::load_or_create("data/keys/pii.keys"));
//   FieldCipher cipher(keys);
//
// Key file format (text, mode 0600, one key a line, '#' starts a comment):
//
//   encryption 1 <32 bytes as base64url>
//   blind-index 1 <32 bytes as base64url>
//
// Rotating means appending a line with a higher id; never delete a line while data made with it
// remains. Errors are core::AppError with the codes in privacy_errors.hpp.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace guildhall::privacy {

enum class KeyPurpose { encryption, blind_index };

class KeyRing {
 public:
  static constexpr std::size_t kKeyBytes = 32;
  // Bounds the file read: a real key file is a few hundred bytes, so anything large is not one.
  static constexpr std::size_t kMaxFileBytes = 64 * 1024;

  struct Key {
    std::uint32_t id = 0;
    std::array<unsigned char, kKeyBytes> bytes{};
  };

  // Reads the key file, or creates it (parent folders too) with one fresh key per family when it
  // does not exist. Refuses a file readable or writable by group or others, a file that is not a
  // regular file, a file of implausible size, and keys that are not exactly 32 bytes.
  static KeyRing load_or_create(const std::filesystem::path& path);

  // Reads an existing key file with the same checks; never creates one.
  static KeyRing load(const std::filesystem::path& path);

  // Keys given in configuration or the environment. Each argument is either one base64 key (it
  // gets id 1) or a comma-separated list of `id:base64` for rotation, e.g. "1:AAAA…,2:BBBB…".
  // Standard and URL-safe base64 are both accepted, padded or not.
  static KeyRing from_base64(std::string_view encryption_keys, std::string_view blind_index_keys);

  // A ring of fresh random keys, id 1 each, held only in memory (tests, throw-away tools).
  static KeyRing generate();

  KeyRing(KeyRing&& other) noexcept = default;
  KeyRing& operator=(KeyRing&& other) noexcept = default;
  KeyRing(const KeyRing&) = delete;
  KeyRing& operator=(const KeyRing&) = delete;
  ~KeyRing();

  const Key& active(KeyPurpose purpose) const;
  // nullptr when the ring has no key of that id.
  const Key* find(KeyPurpose purpose, std::uint32_t id) const;
  // Every key of the family, newest (active) first.
  const std::vector<Key>& keys(KeyPurpose purpose) const;

 private:
  KeyRing(std::vector<Key> encryption, std::vector<Key> blind_index);
  static KeyRing parse(std::string_view text, const std::string& origin);
  std::string serialise() const;

  std::vector<Key> encryption_;
  std::vector<Key> blind_index_;
};

}  // namespace guildhall::privacy
