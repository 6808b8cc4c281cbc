// How recipients appear in the delivery log (security baseline, PIPL): mobiles as 138****8000,
// e-mail addresses with only the first character of the local part.
#pragma once

#include <string>
#include <string_view>

namespace guildhall::notifications {

std::string mask_mobile(std::string_view mobile);
std::string mask_email(std::string_view email);

}  // namespace guildhall::notifications
