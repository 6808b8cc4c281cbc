// Module-internal helpers over libsodium: initialisation once per process, base64 in the
// URL-safe alphabet (so ciphertexts and indexes fit in URLs and VARCHAR columns unescaped), and
// the error constructor every part of the module shares.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.hpp"

namespace guildhall::privacy::detail {

void ensure_sodium();

std::string to_base64url(std::span<const unsigned char> bytes);

// Accepts the URL-safe and the standard alphabet, with or without padding, because keys pasted
// into configuration come from many tools; nullopt for anything else.
std::optional<std::vector<unsigned char>> from_base64_any(std::string_view text);

// Strict: only unpadded URL-safe base64, the form this module writes.
std::optional<std::vector<unsigned char>> from_base64url(std::string_view text);

core::AppError error(std::string_view code, std::string zh_cn, std::string en);

}  // namespace guildhall::privacy::detail
