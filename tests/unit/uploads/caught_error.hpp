// What a call threw, for tests that check the code, kind and messages of core::AppError.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/errors.hpp"

namespace guildhall::uploads::fixtures {

// The AppError `action` threw, or nullopt when it returned normally.
inline std::optional<core::AppError> caught(const std::function<void()>& action) {
  try {
    action();
  } catch (const core::AppError& error) {
    return error;
  }
  return std::nullopt;
}

// The code of the AppError `action` threw, or "no error".
inline std::string code_of(const std::function<void()>& action) {
  const auto error = caught(action);
  return error ? error->code() : "no error";
}

}  // namespace guildhall::uploads::fixtures
