#include "modules/notifications/aliyun_sms_provider.hpp"

#include <curl/curl.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "modules/notifications/aliyun_signature.hpp"
#include "modules/notifications/curl_global.hpp"
#include "modules/notifications/message_id.hpp"

namespace guildhall::notifications {

namespace {

std::size_t collect(char* data, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  // An answer is a small JSON document; anything larger is not the API answering.
  if (body->size() + size * count > 64 * 1024) {
    return 0;
  }
  body->append(data, size * count);
  return size * count;
}

bool starts_with(const std::string& text, std::string_view prefix) {
  return text.rfind(prefix, 0) == 0;
}

}  // namespace

SendResult classify_aliyun_answer(long http_status, const std::string& body) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  std::string code;
  std::string message;
  if (json.is_object()) {
    code = json.value("Code", "");
    message = json.value("Message", "");
  }
  if (http_status == 200 && code == "OK") {
    return SendResult::ok();
  }
  std::string error = "Aliyun SMS: HTTP " + std::to_string(http_status);
  if (!code.empty()) {
    error += ", " + code;
  }
  if (!message.empty()) {
    error += ": " + message.substr(0, 200);
  }
  const bool temporary = code.empty() || http_status >= 500 || starts_with(code, "isp.") ||
                         starts_with(code, "Throttling") || code == "isv.BUSINESS_LIMIT_CONTROL" ||
                         code == "ServiceUnavailable" || code == "InternalError";
  return temporary ? SendResult::temporary(error) : SendResult::refused(error);
}

AliyunSmsProvider::AliyunSmsProvider(SmsConfig config, const core::Clock& clock)
    : config_(std::move(config)), clock_(clock) {
  ensure_curl_initialized();
}

std::string AliyunSmsProvider::request_url(const SmsMessage& message,
                                           const std::string& template_code,
                                           const std::string& nonce) const {
  nlohmann::json template_param = nlohmann::json::object();
  for (const auto& [key, value] : message.params) {
    template_param[key] = value;
  }
  aliyun::Params params{
      {"AccessKeyId", config_.access_key_id},
      {"Action", "SendSms"},
      {"Format", "JSON"},
      {"OutId", message.message_id.substr(0, 64)},
      {"PhoneNumbers", message.mobile},
      {"RegionId", config_.region},
      {"SignName", config_.sign_name},
      {"SignatureMethod", "HMAC-SHA1"},
      {"SignatureNonce", nonce},
      {"SignatureVersion", "1.0"},
      {"TemplateCode", template_code},
      {"TemplateParam", template_param.dump()},
      {"Timestamp", aliyun::iso8601_utc(clock_.now_ms())},
      {"Version", "2017-05-25"},
  };
  const std::string signature = aliyun::sign("GET", params, config_.access_key_secret);
  std::string url = config_.endpoint;
  if (url.find('/', url.find("://") + 3) == std::string::npos) {
    url += '/';
  }
  return url + "?Signature=" + aliyun::percent_encode(signature) + "&" +
         aliyun::canonical_query(params);
}

SendResult AliyunSmsProvider::send(const SmsMessage& message) {
  const auto code = config_.template_codes.find(message.template_key);
  if (code == config_.template_codes.end()) {
    return SendResult::refused("no Aliyun template code is configured for \"" +
                               message.template_key + "\" (sms.templates)");
  }
  const std::string url = request_url(message, code->second, random_hex128());
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    return SendResult::temporary("libcurl could not create a handle");
  }
  CURL* h = curl.get();
  std::string body;
  char error_buffer[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.timeout.count()));
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  const CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK) {
    // The URL carries the signature and AccessKeyId: never part of the error.
    return SendResult::temporary(std::string("Aliyun SMS: ") +
                                 (error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(rc)));
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  return classify_aliyun_answer(status, body);
}

}  // namespace guildhall::notifications
