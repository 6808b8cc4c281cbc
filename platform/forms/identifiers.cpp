#include "forms/identifiers.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <regex>

#include "core/text.hpp"

namespace guildhall::forms {
namespace {

Checked fail(std::string_view code, std::string zh_cn, std::string en) {
  return Checked{std::nullopt,
                 IdentifierIssue{std::string(code), {std::move(zh_cn), std::move(en)}}};
}

Checked pass(std::string value) {
  return Checked{std::move(value), std::nullopt};
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

using core::trimmed;

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

bool is_province(int code) {
  return (code >= 11 && code <= 15) || (code >= 21 && code <= 23) || (code >= 31 && code <= 37) ||
         (code >= 41 && code <= 46) || (code >= 50 && code <= 54) || (code >= 61 && code <= 65) ||
         code == 71 || code == 81 || code == 82;
}

int digit_at(const std::string& text, std::size_t i) {
  return text[i] - '0';
}

}  // namespace

ResidentIdCheck check_resident_id(std::string_view text, const CivilDate& today) {
  static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                   3, 7, 9,  10, 5, 8, 4, 2};
  static constexpr std::string_view kCheck = "10X98765432";
  ResidentIdCheck result;
  const std::string id = upper(trimmed(text));
  const bool shape = id.size() == 18 &&
                     std::all_of(id.begin(), id.begin() + 17, [](char c) { return is_digit(c); }) &&
                     (is_digit(id[17]) || id[17] == 'X');
  if (!shape) {
    static_cast<Checked&>(result) =
        fail(kIdNumberFormat, "身份证号码应为18位：前17位为数字，最后一位为数字或X",
             "An ID number has 18 characters: 17 digits, then a digit or X");
    return result;
  }
  if (!is_province(digit_at(id, 0) * 10 + digit_at(id, 1))) {
    static_cast<Checked&>(result) =
        fail(kIdNumberProvince, "身份证号码前两位不是有效的省级行政区代码",
             "The first two digits of the ID number are not a valid province code");
    return result;
  }
  const int year = std::stoi(id.substr(6, 4));
  const int month = std::stoi(id.substr(10, 2));
  const int day = std::stoi(id.substr(12, 2));
  if (!CivilDate::is_real(year, month, day) || year < 1800 || CivilDate{year, month, day} > today) {
    static_cast<Checked&>(result) =
        fail(kIdNumberBirthDate, "身份证号码中的出生日期不存在或晚于今天",
             "The birth date in the ID number does not exist or is in the future");
    return result;
  }
  int sum = 0;
  for (std::size_t i = 0; i < kWeights.size(); ++i) {
    sum += digit_at(id, i) * kWeights[i];
  }
  if (kCheck[static_cast<std::size_t>(sum % 11)] != id[17]) {
    static_cast<Checked&>(result) =
        fail(kIdNumberCheckDigit, "身份证号码校验位不正确，请核对每一位数字",
             "The check digit of the ID number is wrong; please check every digit");
    return result;
  }
  result.value = id;
  // The 17th digit is the sequence code's last: odd for men, even for women.
  result.info = ResidentIdInfo{CivilDate{year, month, day},
                               digit_at(id, 16) % 2 == 1 ? Gender::male : Gender::female};
  return result;
}

Checked check_credit_code(std::string_view text) {
  static constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static constexpr std::array<int, 17> kWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                                   29, 25, 13, 8,  24, 10, 30, 28};
  const std::string code = upper(trimmed(text));
  const bool shape = code.size() == 18 && std::all_of(code.begin(), code.end(), [](char c) {
                       return kCharset.find(c) != std::string_view::npos;
                     });
  if (!shape) {
    return fail(kCreditCodeFormat, "统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z）",
                "A unified social credit code has 18 digits or capital letters (without I, O, "
                "S, V, Z)");
  }
  int sum = 0;
  for (std::size_t i = 0; i < kWeights.size(); ++i) {
    sum += static_cast<int>(kCharset.find(code[i])) * kWeights[i];
  }
  const auto check = static_cast<std::size_t>((31 - sum % 31) % 31);
  if (kCharset[check] != code[17]) {
    return fail(kCreditCodeCheck, "统一社会信用代码校验位不正确，请核对每一位",
                "The check character of the unified social credit code is wrong; please check "
                "every character");
  }
  return pass(code);
}

Checked check_mobile(std::string_view text) {
  std::string number;
  for (char c : text) {
    if (c != ' ' && c != '-') {
      number += c;
    }
  }
  if (number.rfind("+86", 0) == 0) {
    number.erase(0, 3);
  }
  static const std::regex kMobile("1[3-9][0-9]{9}");
  if (!std::regex_match(number, kMobile)) {
    return fail(kMobileFormat, "请输入有效的11位手机号码",
                "Enter a valid 11-digit mainland mobile number");
  }
  return pass(number);
}

Checked check_email(std::string_view text) {
  const std::string email = trimmed(text);
  static const std::regex kEmail(
      "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
      "(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+");
  if (email.size() > 254 || !std::regex_match(email, kEmail)) {
    return fail(kEmailFormat, "请输入有效的电子邮箱地址", "Enter a valid e-mail address");
  }
  return pass(email);
}

Checked check_postal_code(std::string_view text) {
  const std::string code = trimmed(text);
  static const std::regex kPostal("[0-9]{6}");
  if (!std::regex_match(code, kPostal)) {
    return fail(kPostalCodeFormat, "邮政编码应为6位数字", "A postal code has 6 digits");
  }
  return pass(code);
}

}  // namespace guildhall::forms
