#include "privacy/sodium_codec.hpp"

#include <sodium.h>

#include <stdexcept>

namespace guildhall::privacy::detail {

namespace {

std::optional<std::vector<unsigned char>> decode(std::string_view text, int variant) {
  std::vector<unsigned char> out(text.size() / 4 * 3 + 3);
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, &end,
                        variant) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

}  // namespace

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) {
    throw std::runtime_error("libsodium could not be initialised");
  }
}

std::string to_base64url(std::span<const unsigned char> bytes) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), kVariant);
  out.resize(out.size() - 1);
  return out;
}

std::optional<std::vector<unsigned char>> from_base64_any(std::string_view text) {
  for (const int variant :
       {sodium_base64_VARIANT_URLSAFE_NO_PADDING, sodium_base64_VARIANT_URLSAFE,
        sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING}) {
    if (auto bytes = decode(text, variant)) {
      return bytes;
    }
  }
  return std::nullopt;
}

std::optional<std::vector<unsigned char>> from_base64url(std::string_view text) {
  return decode(text, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

core::AppError error(std::string_view code, std::string zh_cn, std::string en) {
  return core::AppError(core::ErrorKind::internal, std::string(code),
                        core::Message{std::move(zh_cn), std::move(en)});
}

}  // namespace guildhall::privacy::detail
