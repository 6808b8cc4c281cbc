// Random values and digests for the identity module, all from libsodium's CSPRNG: session ids,
// reset tokens, SMS codes, record ids, and the SHA-256 under which secrets are stored.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace guildhall::identity {

// `bytes` random bytes as lowercase hex (32 bytes: a 256-bit session id).
std::string random_token(std::size_t bytes = 32);

// Six decimal digits, uniformly distributed.
std::string random_sms_code();

// A readable one-time password for the first admin (letters and digits, no look-alikes).
std::string random_password(std::size_t length = 16);

// A ULID: 48-bit millisecond time then 80 random bits, 26 Crockford base-32 characters.
std::string new_id(std::int64_t now_ms);

std::string sha256_hex(std::string_view data);

// Compares secrets in time independent of where they differ.
bool equal_secrets(std::string_view a, std::string_view b);

}  // namespace guildhall::identity
