// The names under which the identity module encrypts and indexes contact data. Each is bound
// into every ciphertext (FieldCipher's associated data) and every blind index (its purpose), so
// changing one makes the stored values unreadable or unfindable: they never change.
// notifications::RecipientStore spells the two account names again, because the notifications
// module cannot depend on this one.
#pragma once

#include <string_view>

namespace guildhall::identity {

inline constexpr std::string_view kAccountMobileField = "accounts.mobile";
inline constexpr std::string_view kAccountEmailField = "accounts.email";
inline constexpr std::string_view kSmsCodeMobileField = "sms_codes.mobile";
// Throttling buckets that contain a mobile number or an e-mail address.
inline constexpr std::string_view kRateBucketPurpose = "rate_events.bucket";

}  // namespace guildhall::identity
