#include "modules/identity/mobile_number.hpp"

namespace guildhall::identity {

std::optional<std::string> normalise_mobile(std::string_view input) {
  std::string digits;
  for (char c : input) {
    if (c != ' ' && c != '-') {
      digits.push_back(c);
    }
  }
  if (digits.rfind("+86", 0) == 0) {
    digits.erase(0, 3);
  } else if (digits.rfind("0086", 0) == 0 && digits.size() == 15) {
    digits.erase(0, 4);
  }
  if (digits.size() != 11 || digits[0] != '1' || digits[1] < '3' || digits[1] > '9') {
    return std::nullopt;
  }
  for (char c : digits) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
  }
  return digits;
}

}  // namespace guildhall::identity
