// Turns a template key and its parameters into the text of a message. Templates are plain UTF-8
// files, `<locale>/<template_key>.txt`: an optional first line `subject: ...` (e-mail), a blank
// line, then the body. `{{name}}` is replaced by the parameter `name`; a placeholder without a
// parameter is an error, so that no member ever receives a literal "{{code}}".
//
// Lookup order, first file found wins: the tenant's own template in the requested locale, the
// platform's in that locale, then the same two in zh-CN (the product's default language):
//
//   <tenants_dir>/<slug>/messages/<locale>/<key>.txt
//   <platform_dir>/<locale>/<key>.txt                       (templates/messages/ in the repo)
//
//   TemplateRenderer renderer({.platform_dir = "templates/messages", .tenants_dir = "tenants"});
//   RenderedMessage m = renderer.render("med", "en", "password_reset", {{"link", url}});
#pragma once

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>

namespace guildhall::notifications {

struct TemplateSources {
  std::filesystem::path platform_dir{};
  std::filesystem::path tenants_dir{};  // empty: no tenant overrides
};

struct RenderedMessage {
  std::string subject{};  // empty for SMS templates
  std::string body{};
};

// No template for the key in any place of the lookup order, or a placeholder without value.
class TemplateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class TemplateRenderer {
 public:
  explicit TemplateRenderer(TemplateSources sources);

  RenderedMessage render(const std::string& tenant_slug, const std::string& locale,
                         const std::string& template_key,
                         const std::map<std::string, std::string>& params) const;

  // `{{name}}` substitution alone (no files); throws TemplateError for a missing parameter.
  static std::string substitute(const std::string& text,
                                const std::map<std::string, std::string>& params);

 private:
  TemplateSources sources_;
};

}  // namespace guildhall::notifications
