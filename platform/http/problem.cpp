#include "http/problem.hpp"

#include <nlohmann/json.hpp>

namespace guildhall::http {

namespace {

struct StatusText {
  int status;
  std::string_view reason;
  std::string_view code;
  std::string_view zh_cn;
  std::string_view en;
};

constexpr StatusText kStatusTexts[] = {
    {400, "Bad Request", "bad_request", "请求格式不正确。", "The request is malformed."},
    {401, "Unauthorized", "unauthenticated", "请先登录。", "Please sign in first."},
    {403, "Forbidden", "forbidden", "您没有执行此操作的权限。", "You are not allowed to do this."},
    {404, "Not Found", "not_found", "找不到请求的资源。", "The requested resource was not found."},
    {405, "Method Not Allowed", "method_not_allowed", "该地址不支持此请求方法。",
     "This method is not allowed on this resource."},
    {408, "Request Timeout", "request_timeout", "请求超时，请重试。",
     "The request took too long to arrive."},
    {409, "Conflict", "conflict", "当前状态不允许此操作。",
     "The resource is in a state that does not allow this."},
    {413, "Payload Too Large", "payload_too_large", "请求内容过大。", "The request is too large."},
    {414, "URI Too Long", "uri_too_long", "请求地址过长。", "The request URI is too long."},
    {415, "Unsupported Media Type", "unsupported_media_type", "不支持的内容类型。",
     "The content type is not supported."},
    {422, "Unprocessable Content", "validation_failed", "提交的内容有误，请检查标注的字段。",
     "Some fields are invalid; see the errors."},
    {429, "Too Many Requests", "too_many_requests", "请求过于频繁，请稍后再试。",
     "Too many requests; please try again later."},
    {431, "Request Header Fields Too Large", "headers_too_large", "请求头过大。",
     "The request headers are too large."},
    {500, "Internal Server Error", "internal_error", "服务器内部错误，请稍后再试。",
     "Something went wrong on our side; please try again later."},
    {503, "Service Unavailable", "unavailable", "服务暂时不可用，请稍后再试。",
     "The service is temporarily unavailable; please try again later."},
};

const StatusText& text_for(int status) {
  for (const auto& t : kStatusTexts) {
    if (t.status == status) {
      return t;
    }
  }
  return text_for(status >= 500 ? 500 : 400);
}

Response make(int status, std::string_view code, std::string_view detail, std::string_view instance,
              std::string_view request_id, const std::vector<core::FieldIssue>* fields,
              std::string_view locale) {
  nlohmann::json body = {
      {"type", "urn:guildhall:problem:" + std::string(code)},
      {"title", std::string(text_for(status).reason)},
      {"status", status},
      {"code", std::string(code)},
      {"detail", std::string(detail)},
      {"instance", std::string(instance)},
      {"requestId", std::string(request_id)},
  };
  if (fields != nullptr && !fields->empty()) {
    auto& errors = body["errors"] = nlohmann::json::array();
    for (const auto& f : *fields) {
      errors.push_back({{"field", f.field}, {"code", f.code}, {"message", f.message.in(locale)}});
    }
  }
  Response r;
  r.status = status;
  // Invalid UTF-8 from a client (echoed in `instance`) must not turn an error into a crash.
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  r.headers.emplace_back("Content-Type", "application/problem+json; charset=utf-8");
  return r;
}

}  // namespace

int status_of(core::ErrorKind kind) {
  using K = core::ErrorKind;
  switch (kind) {
    case K::bad_request:
      return 400;
    case K::unauthenticated:
      return 401;
    case K::forbidden:
      return 403;
    case K::not_found:
      return 404;
    case K::method_not_allowed:
      return 405;
    case K::conflict:
      return 409;
    case K::payload_too_large:
      return 413;
    case K::unsupported_media_type:
      return 415;
    case K::validation:
      return 422;
    case K::too_many_requests:
      return 429;
    case K::unavailable:
      return 503;
    case K::internal:
      break;
  }
  return 500;
}

Response problem_response(const core::AppError& error, std::string_view locale,
                          std::string_view instance, std::string_view request_id) {
  const int status = status_of(error.kind());
  Response r = make(status, error.code(), error.message().in(locale), instance, request_id,
                    &error.fields(), locale);
  if (auto retry = error.retry_after_seconds()) {
    r.headers.emplace_back("Retry-After", std::to_string(*retry));
  }
  return r;
}

Response problem_for_status(int status, std::string_view locale, std::string_view instance,
                            std::string_view request_id) {
  const auto& t = text_for(status);
  const bool en = locale.substr(0, 2) == "en";
  return make(status, t.code, en ? t.en : t.zh_cn, instance, request_id, nullptr, locale);
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    default:
      break;
  }
  for (const auto& t : kStatusTexts) {
    if (t.status == status) {
      return t.reason;
    }
  }
  return status >= 500 ? "Server Error" : (status >= 400 ? "Client Error" : "OK");
}

}  // namespace guildhall::http
