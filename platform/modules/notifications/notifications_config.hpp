// How the server reaches its carriers: the SMTP server for e-mail and the SMS provider. Read from
// the `mail:` and `sms:` sections of the server configuration; secrets may be named by an
// environment variable (`password_env: GUILDHALL_SMTP_PASSWORD`) instead of written in the file.
//
//   mail:
//     smtp_url: smtp://mail.example.org:587     # or smtps://host:465
//     starttls: required                        # off | try | required (smtp:// only)
//     from_address: noreply@example.org
//     from_name: 学会服务平台
//     username: noreply@example.org
//     password_env: GUILDHALL_SMTP_PASSWORD
//     timeout_ms: 30000
//   sms:
//     provider: aliyun                          # dev | aliyun
//     endpoint: https://dysmsapi.aliyuncs.com/
//     region: cn-hangzhou
//     access_key_id_env: GUILDHALL_ALIYUN_ACCESS_KEY_ID
//     access_key_secret_env: GUILDHALL_ALIYUN_ACCESS_KEY_SECRET
//     sign_name: 学会服务平台
//     templates: {sms_code: SMS_123456789, admin_message: SMS_987654321}
#pragma once

#include <chrono>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace guildhall::core {
class MappingReader;
class YamlReader;
}  // namespace guildhall::core

namespace guildhall::notifications {

enum class StartTls { off, attempt, required };  // "off", "try", "required"

struct MailConfig {
  std::string smtp_url{};  // empty: e-mail is not configured and e-mails stay queued
  std::string from_address{};
  std::string from_name{};
  std::string username{};
  std::string password{};
  StartTls starttls = StartTls::off;
  std::chrono::milliseconds timeout{30000};

  bool enabled() const { return !smtp_url.empty(); }
};

enum class SmsProviderKind { dev, aliyun };

struct SmsConfig {
  SmsProviderKind provider = SmsProviderKind::dev;
  std::string endpoint = "https://dysmsapi.aliyuncs.com/";
  std::string region = "cn-hangzhou";
  std::string access_key_id{};
  std::string access_key_secret{};
  std::string sign_name{};
  std::map<std::string, std::string> template_codes{};  // template key → provider template code
  std::chrono::milliseconds timeout{10000};
};

struct NotificationsConfig {
  MailConfig mail;
  SmsConfig sms;
};

// Looks up an environment variable; tests pass their own.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
std::optional<std::string> process_env(const std::string& name);

// Reads the optional `mail:` and `sms:` sections of `root` into `config` (keys left out keep their
// defaults). Errors go to `reader` with their file:line:col; nothing throws.
void read_notifications_config(core::MappingReader& root, core::YamlReader& reader,
                               NotificationsConfig& config, const EnvLookup& env = process_env);

}  // namespace guildhall::notifications
