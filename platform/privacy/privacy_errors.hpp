// The stable codes of the core::AppError values this module throws. Key problems are start-up
// errors an operator must fix; ciphertext problems mean corrupted or tampered data, so callers
// log them and answer with a generic internal error, never with the stored text.
#pragma once

#include <string_view>

namespace guildhall::privacy {

inline constexpr std::string_view kKeyFileUnreadable = "privacy.key_file_unreadable";
inline constexpr std::string_view kKeyFilePermissions = "privacy.key_file_permissions";
inline constexpr std::string_view kKeyFileSize = "privacy.key_file_size";
inline constexpr std::string_view kKeyFormat = "privacy.key_format";
inline constexpr std::string_view kCiphertextMalformed = "privacy.ciphertext_malformed";
inline constexpr std::string_view kUnknownKey = "privacy.unknown_key";
inline constexpr std::string_view kDecryptFailed = "privacy.decrypt_failed";

}  // namespace guildhall::privacy
