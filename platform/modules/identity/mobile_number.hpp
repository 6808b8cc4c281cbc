// Mainland mobile numbers: the one form they are stored and compared in, and the masked form
// they are shown and logged in.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace guildhall::identity {

// Strips spaces, dashes and a leading +86 (or 0086); nullopt unless the rest is ^1[3-9]\d{9}$.
std::optional<std::string> normalise_mobile(std::string_view input);

// "13800138000" -> "138****8000"; anything else keeps at most its first and last character.
std::string mask_mobile(std::string_view mobile);

}  // namespace guildhall::identity
