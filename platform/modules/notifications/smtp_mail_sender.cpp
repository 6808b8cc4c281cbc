#include "modules/notifications/smtp_mail_sender.hpp"

#include <curl/curl.h>

#include <cstring>
#include <memory>

#include "modules/notifications/curl_global.hpp"
#include "modules/notifications/mime_message.hpp"

namespace guildhall::notifications {

namespace {

struct Payload {
  const std::string* text;
  std::size_t offset = 0;
};

std::size_t read_payload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* payload = static_cast<Payload*>(user);
  const std::size_t room = size * count;
  const std::size_t left = payload->text->size() - payload->offset;
  const std::size_t n = left < room ? left : room;
  std::memcpy(buffer, payload->text->data() + payload->offset, n);
  payload->offset += n;
  return n;
}

// An address we are willing to put into SMTP commands and headers: no spaces, controls or angle
// brackets (which would let a value inject commands or headers), exactly one '@', and ASCII only
// (a UTF-8 address needs the server's SMTPUTF8 extension, which this sender does not negotiate).
bool plain_address(const std::string& address) {
  if (address.empty() || address.size() > 320) {
    return false;
  }
  int ats = 0;
  for (const char c : address) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || c == '<' || c == '>' || c == '"' || c == ',' || c == '(' ||
        c == ')' || c == ';' || c == '\\') {
      return false;
    }
    ats += c == '@' ? 1 : 0;
  }
  return ats == 1 && address.front() != '@' && address.back() != '@';
}

}  // namespace

SmtpMailSender::SmtpMailSender(MailConfig config, const core::Clock& clock)
    : config_(std::move(config)), clock_(clock) {
  ensure_curl_initialized();
}

SendResult SmtpMailSender::send(const MailMessage& message) {
  if (!plain_address(message.to)) {
    return SendResult::refused("the recipient is not a valid e-mail address");
  }
  const std::string text = build_mime_message(message, {.from_address = config_.from_address,
                                                        .from_name = config_.from_name,
                                                        .date_ms = clock_.now_ms()});
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    return SendResult::temporary("libcurl could not create a handle");
  }
  CURL* h = curl.get();
  const std::string from = "<" + config_.from_address + ">";
  const std::string to = "<" + message.to + ">";
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients(
      curl_slist_append(nullptr, to.c_str()), curl_slist_free_all);
  Payload payload{&text};
  char error_buffer[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(h, CURLOPT_URL, config_.smtp_url.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_payload);
  curl_easy_setopt(h, CURLOPT_READDATA, &payload);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(text.size()));
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  // Worker threads: no SIGALRM-based DNS timeouts.
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.timeout.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::min<long long>(config_.timeout.count(), 10000)));
  if (config_.smtp_url.rfind("smtp://", 0) == 0) {
    const long use_ssl = config_.starttls == StartTls::required  ? CURLUSESSL_ALL
                         : config_.starttls == StartTls::attempt ? CURLUSESSL_TRY
                                                                 : CURLUSESSL_NONE;
    curl_easy_setopt(h, CURLOPT_USE_SSL, use_ssl);
  }
  if (!config_.username.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, config_.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, config_.password.c_str());
  }
  const CURLcode rc = curl_easy_perform(h);
  if (rc == CURLE_OK) {
    return SendResult::ok();
  }
  long smtp_code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &smtp_code);
  std::string error = "SMTP: ";
  error += error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(rc);
  if (smtp_code > 0) {
    error += " (server answered " + std::to_string(smtp_code) + ")";
  }
  // These 5xx replies are the server's final word on this message (unknown mailbox, refused
  // content). Other failures, a refused login (535) or a demanded STARTTLS (530) among them, are
  // network or configuration problems an operator can fix, so the message waits and is retried.
  const bool refused = smtp_code == 501 || (smtp_code >= 550 && smtp_code <= 554);
  if (refused && rc != CURLE_LOGIN_DENIED) {
    return SendResult::refused(error);
  }
  return SendResult::temporary(error);
}

}  // namespace guildhall::notifications
