// SHA-256 of a byte string as 64 lowercase hex digits (migration checksums).
#pragma once

#include <string>
#include <string_view>

namespace guildhall::db {

std::string sha256_hex(std::string_view data);

}  // namespace guildhall::db
