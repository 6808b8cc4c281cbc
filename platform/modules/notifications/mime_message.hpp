// The RFC 5322 text of an e-mail: UTF-8 subject and display name as RFC 2047 encoded-words,
// a base64 text/plain UTF-8 body, Date, and a Message-ID made from the outbox id. Pure
// functions, so the exact bytes are tested without a server.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "modules/notifications/mail_sender.hpp"

namespace guildhall::notifications {

struct MimeHeaderInfo {
  std::string from_address{};
  std::string from_name{};
  std::int64_t date_ms = 0;
};

// "=?UTF-8?B?...?=" words of at most 75 characters, split between whole UTF-8 characters and
// joined by CRLF SP (folding); plain ASCII text without specials is returned unchanged.
std::string encode_header_words(std::string_view text);

std::string base64_encode(std::string_view bytes);

// "Tue, 11 Jul 2017 02:42:19 +0000"
std::string rfc5322_date(std::int64_t epoch_ms);

// "<id@domain>", the domain taken from the sender address; characters not allowed in a
// Message-ID are replaced.
std::string message_id_header(std::string_view id, std::string_view from_address);

// The whole message, CRLF line ends, body base64 in lines of 76.
std::string build_mime_message(const MailMessage& message, const MimeHeaderInfo& info);

}  // namespace guildhall::notifications
