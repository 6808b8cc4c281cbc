// Typed errors that services throw and the HTTP layer maps, in one place, to RFC 9457
// problem+json. Services speak in kinds and stable codes; they never choose HTTP statuses.
#pragma once

#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace guildhall::core {

enum class ErrorKind {
  bad_request,
  unauthenticated,
  forbidden,
  not_found,
  method_not_allowed,
  conflict,
  payload_too_large,
  unsupported_media_type,
  validation,
  too_many_requests,
  unavailable,
  internal,
};

// A user-facing text in both languages of the product; zh-CN is the default.
struct Message {
  std::string zh_cn;
  std::string en;
  const std::string& in(std::string_view locale) const {
    return (locale.substr(0, 2) == "en" && !en.empty()) ? en : zh_cn;
  }
};

struct FieldIssue {
  std::string field;
  std::string code;
  Message message;
};

class AppError : public std::exception {
 public:
  AppError(ErrorKind kind, std::string code, Message message)
      : kind_(kind), code_(std::move(code)), message_(std::move(message)) {}

  AppError& with_fields(std::vector<FieldIssue> fields) {
    fields_ = std::move(fields);
    return *this;
  }
  AppError& with_retry_after(int seconds) {
    retry_after_seconds_ = seconds;
    return *this;
  }

  ErrorKind kind() const { return kind_; }
  const std::string& code() const { return code_; }
  const Message& message() const { return message_; }
  const std::vector<FieldIssue>& fields() const { return fields_; }
  std::optional<int> retry_after_seconds() const { return retry_after_seconds_; }
  // The English text, for logs; clients get the localized message through the HTTP mapping.
  const char* what() const noexcept override { return message_.en.c_str(); }

 private:
  ErrorKind kind_;
  std::string code_;
  Message message_;
  std::vector<FieldIssue> fields_;
  std::optional<int> retry_after_seconds_;
};

}  // namespace guildhall::core
