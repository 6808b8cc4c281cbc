// The one mapping from errors to RFC 9457 problem+json responses. Every error a client sees
// passes through here, so none can carry exception text, SQL or a stack trace.
#pragma once

#include <string_view>

#include "core/errors.hpp"
#include "http/request.hpp"

namespace guildhall::http {

int status_of(core::ErrorKind kind);

// `instance` is the request path; `request_id` lets a user quote the failure to an operator.
Response problem_response(const core::AppError& error, std::string_view locale,
                          std::string_view instance, std::string_view request_id);

// The generic problem for a status with no more specific code: 404, 405, 413, 500, ...
Response problem_for_status(int status, std::string_view locale, std::string_view instance,
                            std::string_view request_id);

// The standard reason phrase of a status code, for the status line and problem titles.
std::string_view reason_phrase(int status);

}  // namespace guildhall::http
