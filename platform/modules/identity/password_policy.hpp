// What a new password must satisfy: 8–128 characters (Unicode code points, never truncated),
// not one of the most common passwords, not the account's own mobile number.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace guildhall::identity {

inline constexpr std::size_t kMinPasswordLength = 8;
inline constexpr std::size_t kMaxPasswordLength = 128;

// nullopt when acceptable, else a stable code: "too_short", "too_long", "invalid_utf8",
// "too_common", "contains_mobile".
std::optional<std::string> password_problem(std::string_view password, std::string_view mobile);

}  // namespace guildhall::identity
