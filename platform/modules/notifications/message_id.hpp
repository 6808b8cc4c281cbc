// Identifiers for outbox and inbox rows: ULIDs (48-bit millisecond time, 80 random bits, Crockford
// base32, 26 characters), so they sort by creation and reveal no counts
// (docs/adr/0002-database.md).
#pragma once

#include <cstdint>
#include <string>

namespace guildhall::notifications {

std::string new_ulid(std::int64_t now_ms);

// 128 random bits as 32 lowercase hex digits (nonces).
std::string random_hex128();

}  // namespace guildhall::notifications
