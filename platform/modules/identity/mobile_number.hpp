// Mainland mobile numbers: the one form they are stored and compared in. They are shown and
// logged masked, with privacy::mask_mobile.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace guildhall::identity {

// Strips spaces, dashes and a leading +86 (or 0086); nullopt unless the rest is ^1[3-9]\d{9}$.
std::optional<std::string> normalise_mobile(std::string_view input);

}  // namespace guildhall::identity
