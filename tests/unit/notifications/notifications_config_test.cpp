#include "modules/notifications/notifications_config.hpp"

#include <gtest/gtest.h>

#include "core/mapping_reader.hpp"
#include "core/yaml_node.hpp"

namespace guildhall::notifications {
namespace {

struct Parsed {
  NotificationsConfig config;
  std::vector<std::string> errors;
};

Parsed parse(const std::string& yaml, const EnvLookup& env) {
  Parsed out;
  auto doc = core::parse_yaml(yaml, "guildhall.yaml");
  std::vector<core::ConfigError> errors = doc.errors;
  core::YamlReader reader(errors);
  core::MappingReader root(doc.root, reader, "");
  read_notifications_config(root, reader, out.config, env);
  root.finish();
  for (const auto& e : errors) {
    out.errors.push_back(e.to_string());
  }
  return out;
}

std::optional<std::string> fake_env(const std::string& name) {
  if (name == "SMTP_PASSWORD")
    return "s3cret";
  if (name == "ALIYUN_ID")
    return "LTAI-id";
  if (name == "ALIYUN_SECRET")
    return "aliyun-secret";
  return std::nullopt;
}

TEST(NotificationsConfigTest, ReadsMailAndSmsWithSecretsFromTheEnvironment) {
  const auto parsed = parse(R"(mail:
  smtp_url: smtp://127.0.0.1:2525
  starttls: required
  from_address: noreply@example.org
  from_name: 学会平台
  username: noreply
  password_env: SMTP_PASSWORD
  timeout_ms: 5000
sms:
  provider: aliyun
  endpoint: http://127.0.0.1:9000/
  region: cn-hangzhou
  access_key_id_env: ALIYUN_ID
  access_key_secret_env: ALIYUN_SECRET
  sign_name: 学会平台
  templates:
    sms_code: SMS_1
    admin_message: SMS_2
)",
                            fake_env);
  ASSERT_TRUE(parsed.errors.empty()) << parsed.errors.front();
  const auto& c = parsed.config;
  EXPECT_EQ(c.mail.smtp_url, "smtp://127.0.0.1:2525");
  EXPECT_EQ(c.mail.starttls, StartTls::required);
  EXPECT_EQ(c.mail.from_name, "学会平台");
  EXPECT_EQ(c.mail.password, "s3cret");
  EXPECT_EQ(c.mail.timeout, std::chrono::milliseconds(5000));
  EXPECT_EQ(c.sms.provider, SmsProviderKind::aliyun);
  EXPECT_EQ(c.sms.access_key_id, "LTAI-id");
  EXPECT_EQ(c.sms.access_key_secret, "aliyun-secret");
  EXPECT_EQ(c.sms.template_codes.at("sms_code"), "SMS_1");
  EXPECT_EQ(c.sms.template_codes.at("admin_message"), "SMS_2");
}

TEST(NotificationsConfigTest, DefaultsWhenTheSectionsAreAbsent) {
  const auto parsed = parse("listen: 127.0.0.1:0\n", fake_env);
  EXPECT_FALSE(parsed.config.mail.enabled());
  EXPECT_EQ(parsed.config.sms.provider, SmsProviderKind::dev);
}

TEST(NotificationsConfigTest, ErrorsNameFileLineAndColumn) {
  const auto parsed = parse(R"(mail:
  smtp_url: http://mail.example.org
  from_address: noreply@example.org
  starttls: sometimes
  password: inline
  password_env: SMTP_PASSWORD
  colour: red
sms:
  provider: aliyun
  access_key_id_env: NOT_SET
)",
                            fake_env);
  std::string all;
  for (const auto& e : parsed.errors)
    all += e + "\n";
  EXPECT_NE(all.find("guildhall.yaml:2:"), std::string::npos) << all;
  EXPECT_NE(all.find("smtp:// or smtps://"), std::string::npos) << all;
  EXPECT_NE(all.find("guildhall.yaml:4:"), std::string::npos) << all;
  EXPECT_NE(all.find("not both"), std::string::npos) << all;
  EXPECT_NE(all.find("unknown key \"colour\""), std::string::npos) << all;
  EXPECT_NE(all.find("\"NOT_SET\""), std::string::npos) << all;
  EXPECT_NE(all.find("needs \"sms.access_key_secret\""), std::string::npos) << all;
  EXPECT_EQ(all.find("inline"), std::string::npos) << "a secret must never be quoted: " << all;
}

}  // namespace
}  // namespace guildhall::notifications
