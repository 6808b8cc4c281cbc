#include "modules/notifications/template_renderer.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "support/temp_dir.hpp"

namespace guildhall::notifications {
namespace {

const std::filesystem::path kPlatform =
    std::filesystem::path(GUILDHALL_SOURCE_DIR) / "templates" / "messages";

TEST(TemplateRendererTest, EveryPlatformTemplateExistsInBothLanguagesAndRenders) {
  const std::map<std::string, std::string> params{
      {"code", "123456"}, {"link", "https://x.example/r/abc"}, {"title", "T"}, {"body", "B"}};
  for (const char* locale : {"zh-CN", "en"}) {
    std::set<std::string> keys;
    for (const auto& entry : std::filesystem::directory_iterator(kPlatform / locale)) {
      keys.insert(entry.path().stem().string());
    }
    for (const char* key : {"sms_code", "password_reset", "admin_password_reset", "admin_message",
                            "tenant_admin_invite"}) {
      EXPECT_TRUE(keys.contains(key)) << locale << "/" << key;
    }
    for (const auto& key : keys) {
      EXPECT_TRUE(std::filesystem::exists(
          kPlatform / (std::string(locale) == "en" ? "zh-CN" : "en") / (key + ".txt")))
          << key << " exists in " << locale << " only";
    }
  }
  TemplateRenderer renderer({.platform_dir = kPlatform, .tenants_dir = {}});
  const auto zh = renderer.render("med", "zh-CN", "password_reset", params);
  EXPECT_EQ(zh.subject, "重置密码");
  EXPECT_NE(zh.body.find("https://x.example/r/abc"), std::string::npos);
  const auto en = renderer.render("med", "en", "password_reset", params);
  EXPECT_EQ(en.subject, "Reset your password");
  const auto sms = renderer.render("med", "zh-CN", "sms_code", params);
  EXPECT_TRUE(sms.subject.empty());
  EXPECT_NE(sms.body.find("123456"), std::string::npos);
}

TEST(TemplateRendererTest, TenantOverridesThenPlatformThenChineseFallback) {
  testing::TempDir dir;
  dir.write("platform/zh-CN/greeting.txt", "subject: 你好 {{name}}\n\n平台 {{name}}\n");
  dir.write("platform/en/greeting.txt", "subject: Hello {{name}}\n\nplatform {{name}}\n");
  dir.write("platform/zh-CN/only_chinese.txt", "只有中文\n");
  dir.write("tenants/med/messages/zh-CN/greeting.txt",
            "subject: 医学会 {{name}}\n\n学会 {{name}}\n");
  TemplateRenderer renderer(
      {.platform_dir = dir.path() / "platform", .tenants_dir = dir.path() / "tenants"});
  EXPECT_EQ(renderer.render("med", "zh-CN", "greeting", {{"name", "张三"}}).body, "学会 张三");
  EXPECT_EQ(renderer.render("med", "zh-CN", "greeting", {{"name", "张三"}}).subject, "医学会 张三");
  // English asked: the platform's English beats the tenant's Chinese.
  EXPECT_EQ(renderer.render("med", "en", "greeting", {{"name", "Li"}}).body, "platform Li");
  EXPECT_EQ(renderer.render("pcb", "zh-CN", "greeting", {{"name", "王"}}).body, "平台 王");
  EXPECT_EQ(renderer.render("pcb", "en", "only_chinese", {}).body, "只有中文");
  EXPECT_THROW(renderer.render("pcb", "en", "nothing_here", {}), TemplateError);
}

TEST(TemplateRendererTest, AMissingParameterIsAnErrorNotALiteralPlaceholder) {
  EXPECT_EQ(TemplateRenderer::substitute("code {{ code }}!", {{"code", "42"}}), "code 42!");
  EXPECT_THROW(TemplateRenderer::substitute("code {{code}}", {}), TemplateError);
  // Values are inserted as they are, never expanded again.
  EXPECT_EQ(TemplateRenderer::substitute("{{a}}", {{"a", "{{b}}"}}), "{{b}}");
}

TEST(TemplateRendererTest, KeysAndLocalesCannotNameOtherFiles) {
  testing::TempDir dir;
  dir.write("secret.txt", "secret\n");
  dir.write("platform/zh-CN/ok.txt", "ok\n");
  TemplateRenderer renderer({.platform_dir = dir.path() / "platform", .tenants_dir = dir.path()});
  EXPECT_THROW(renderer.render("med", "zh-CN", "../../secret", {}), TemplateError);
  EXPECT_EQ(renderer.render("..", "../..", "ok", {}).body, "ok");
}

}  // namespace
}  // namespace guildhall::notifications
