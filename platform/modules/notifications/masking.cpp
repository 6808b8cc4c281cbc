#include "modules/notifications/masking.hpp"

namespace guildhall::notifications {

std::string mask_mobile(std::string_view mobile) {
  if (mobile.size() < 8) {
    return std::string(mobile.size(), '*');
  }
  return std::string(mobile.substr(0, 3)) + "****" + std::string(mobile.substr(mobile.size() - 4));
}

std::string mask_email(std::string_view email) {
  const auto at = email.rfind('@');
  if (at == std::string_view::npos || at == 0) {
    return "***";
  }
  std::size_t first = 1;
  // Keep a whole UTF-8 character.
  while (first < at && (static_cast<unsigned char>(email[first]) & 0xC0) == 0x80) {
    ++first;
  }
  return std::string(email.substr(0, first)) + "***" + std::string(email.substr(at));
}

}  // namespace guildhall::notifications
