#include "modules/notifications/notifications_config.hpp"

#include <array>
#include <string_view>

#include "core/mapping_reader.hpp"

namespace guildhall::notifications {

std::optional<std::string> process_env(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) {
    return std::nullopt;
  }
  return std::string(value);
}

namespace {

// A secret given either in the file (`key`) or by the name of an environment variable
// (`key_env`), never both.
void secret(core::MappingReader& section, core::YamlReader& reader, const EnvLookup& env,
            const std::string& key, std::string& target) {
  const std::string env_key = key + "_env";
  const auto direct = section.text(key, core::Presence::optional);
  const auto variable = section.text(env_key, core::Presence::optional);
  if (direct && variable) {
    reader.error(section.entry(env_key)->key_mark,
                 "give either " + core::in_quotes(section.path_of(key)) + " or " +
                     core::in_quotes(section.path_of(env_key)) + ", not both");
    return;
  }
  if (direct) {
    target = *direct;
    return;
  }
  if (variable) {
    if (auto value = env(*variable); value && !value->empty()) {
      target = *value;
    } else {
      reader.error(section.entry(env_key)->value.mark,
                   "the environment variable " + core::in_quotes(*variable) + " named by " +
                       core::in_quotes(section.path_of(env_key)) + " is not set");
    }
  }
}

void positive_millis(core::MappingReader& section, core::YamlReader& reader, std::string_view key,
                     std::chrono::milliseconds& target) {
  if (auto v = section.integer(key, core::Presence::optional)) {
    if (*v <= 0) {
      reader.error(section.entry(key)->value.mark,
                   core::in_quotes(section.path_of(key)) + " must be greater than 0");
    } else {
      target = std::chrono::milliseconds(*v);
    }
  }
}

void read_mail(core::MappingReader& mail, core::YamlReader& reader, const EnvLookup& env,
               MailConfig& c) {
  if (auto v = mail.text("smtp_url", core::Presence::required)) {
    if (v->rfind("smtp://", 0) != 0 && v->rfind("smtps://", 0) != 0) {
      reader.error(mail.entry("smtp_url")->value.mark,
                   core::in_quotes(mail.path_of("smtp_url")) +
                       " must start with smtp:// or smtps://, but it is " + core::in_quotes(*v));
    } else {
      c.smtp_url = *v;
    }
  }
  if (auto v = mail.text("from_address", core::Presence::required)) {
    if (v->find('@') == std::string::npos) {
      reader.error(mail.entry("from_address")->value.mark,
                   core::in_quotes(mail.path_of("from_address")) +
                       " must be an e-mail address, but it is " + core::in_quotes(*v));
    } else {
      c.from_address = *v;
    }
  }
  if (auto v = mail.text("from_name", core::Presence::optional)) {
    c.from_name = *v;
  }
  secret(mail, reader, env, "username", c.username);
  secret(mail, reader, env, "password", c.password);
  static constexpr std::array<std::string_view, 3> kStartTls{"off", "try", "required"};
  if (auto v = mail.one_of("starttls", core::Presence::optional, kStartTls)) {
    c.starttls = *v == "off" ? StartTls::off : *v == "try" ? StartTls::attempt : StartTls::required;
  }
  positive_millis(mail, reader, "timeout_ms", c.timeout);
  mail.finish();
}

void read_sms(core::MappingReader& sms, core::YamlReader& reader, const EnvLookup& env,
              SmsConfig& c) {
  static constexpr std::array<std::string_view, 2> kProviders{"dev", "aliyun"};
  if (auto v = sms.one_of("provider", core::Presence::required, kProviders)) {
    c.provider = *v == "dev" ? SmsProviderKind::dev : SmsProviderKind::aliyun;
  }
  if (auto v = sms.text("endpoint", core::Presence::optional)) {
    if (v->rfind("https://", 0) != 0 && v->rfind("http://", 0) != 0) {
      reader.error(sms.entry("endpoint")->value.mark,
                   core::in_quotes(sms.path_of("endpoint")) +
                       " must start with https:// (or http:// for a local test server)");
    } else {
      c.endpoint = *v;
    }
  }
  if (auto v = sms.text("region", core::Presence::optional)) {
    c.region = *v;
  }
  secret(sms, reader, env, "access_key_id", c.access_key_id);
  secret(sms, reader, env, "access_key_secret", c.access_key_secret);
  if (auto v = sms.text("sign_name", core::Presence::optional)) {
    c.sign_name = *v;
  }
  if (auto templates = sms.mapping("templates", core::Presence::optional)) {
    for (const auto& entry : sms.entry("templates")->value.entries) {
      if (auto code = templates->text(entry.key, core::Presence::required)) {
        c.template_codes[entry.key] = *code;
      }
    }
    templates->finish();
  }
  positive_millis(sms, reader, "timeout_ms", c.timeout);
  if (c.provider == SmsProviderKind::aliyun && sms.ok()) {
    for (const char* key : {"access_key_id", "access_key_secret", "sign_name"}) {
      const bool given =
          sms.entry(key) != nullptr || sms.entry(std::string(key) + "_env") != nullptr;
      if (!given) {
        reader.error(sms.mark(), "\"sms.provider: aliyun\" needs " +
                                     core::in_quotes(sms.path_of(key)) + " (or " +
                                     core::in_quotes(sms.path_of(std::string(key) + "_env")) + ")");
      }
    }
  }
  sms.finish();
}

}  // namespace

void read_notifications_config(core::MappingReader& root, core::YamlReader& reader,
                               NotificationsConfig& config, const EnvLookup& env) {
  if (auto mail = root.mapping("mail", core::Presence::optional)) {
    read_mail(*mail, reader, env, config.mail);
  }
  if (auto sms = root.mapping("sms", core::Presence::optional)) {
    read_sms(*sms, reader, env, config.sms);
  }
}

}  // namespace guildhall::notifications
