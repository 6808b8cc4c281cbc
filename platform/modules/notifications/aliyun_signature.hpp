// The request signature of Alibaba Cloud's RPC-style APIs (signature version 1.0), which the SMS
// API (dysmsapi, SendSms, version 2017-05-25) uses:
//
//   canonical   = the parameters except Signature, sorted by name, each name=value
//                 percent-encoded (RFC 3986 unreserved characters kept; space → %20), joined by &
//   to_sign     = "GET&%2F&" + percent_encode(canonical)
//   Signature   = Base64(HMAC-SHA1(key = AccessKeySecret + "&", to_sign))
//
// The unit test reproduces the worked example of Aliyun's documentation
// (help.aliyun.com/document_detail/101343: testId / testSecret → "zJDF+Lrzhj/ThnlvIToysFRq6t4=").
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace guildhall::notifications::aliyun {

using Params = std::map<std::string, std::string>;  // ordered by name, as signing needs

// Percent-encoding of RFC 3986: A–Z a–z 0–9 - _ . ~ stay, every other byte is %XX (upper case).
std::string percent_encode(std::string_view text);

std::string canonical_query(const Params& params);  // Signature itself is skipped
std::string string_to_sign(std::string_view http_method, const Params& params);
std::string sign(std::string_view http_method, const Params& params,
                 std::string_view access_key_secret);

// "2017-07-12T02:42:19Z"
std::string iso8601_utc(long long epoch_ms);

}  // namespace guildhall::notifications::aliyun
