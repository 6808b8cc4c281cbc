#include "modules/notifications/template_renderer.hpp"

#include <fstream>
#include <optional>
#include <sstream>
#include <vector>

namespace guildhall::notifications {

namespace {

// Keys and locales become path components: only plain names, so that no parameter of a message
// can make the renderer read another file.
bool plain_name(const std::string& text) {
  if (text.empty() || text.size() > 64) {
    return false;
  }
  for (const char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) {
      return false;
    }
  }
  return true;
}

std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

RenderedMessage split(std::string text) {
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    text.erase(0, 3);
  }
  std::string normalized;
  normalized.reserve(text.size());
  for (const char c : text) {
    if (c != '\r') {
      normalized += c;
    }
  }
  RenderedMessage out;
  static constexpr std::string_view kSubject = "subject:";
  if (normalized.compare(0, kSubject.size(), kSubject) == 0) {
    const auto end = normalized.find('\n');
    std::string subject = normalized.substr(kSubject.size(), end - kSubject.size());
    const auto first = subject.find_first_not_of(' ');
    out.subject = first == std::string::npos ? "" : subject.substr(first);
    normalized = end == std::string::npos ? "" : normalized.substr(end + 1);
    if (!normalized.empty() && normalized.front() == '\n') {
      normalized.erase(0, 1);
    }
  }
  while (!normalized.empty() && normalized.back() == '\n') {
    normalized.pop_back();
  }
  out.body = std::move(normalized);
  return out;
}

}  // namespace

TemplateRenderer::TemplateRenderer(TemplateSources sources) : sources_(std::move(sources)) {}

std::string TemplateRenderer::substitute(const std::string& text,
                                         const std::map<std::string, std::string>& params) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto open = text.find("{{", pos);
    if (open == std::string::npos) {
      out.append(text, pos, std::string::npos);
      break;
    }
    const auto close = text.find("}}", open + 2);
    if (close == std::string::npos) {
      out.append(text, pos, std::string::npos);
      break;
    }
    out.append(text, pos, open - pos);
    std::string name = text.substr(open + 2, close - open - 2);
    const auto first = name.find_first_not_of(' ');
    const auto last = name.find_last_not_of(' ');
    name = first == std::string::npos ? "" : name.substr(first, last - first + 1);
    const auto it = params.find(name);
    if (it == params.end()) {
      throw TemplateError("the template needs the parameter \"" + name + "\", which was not given");
    }
    out += it->second;
    pos = close + 2;
  }
  return out;
}

RenderedMessage TemplateRenderer::render(const std::string& tenant_slug, const std::string& locale,
                                         const std::string& template_key,
                                         const std::map<std::string, std::string>& params) const {
  if (!plain_name(template_key)) {
    throw TemplateError("\"" + template_key + "\" is not a valid template name");
  }
  std::vector<std::string> locales;
  if (plain_name(locale)) {
    locales.push_back(locale);
  }
  if (locale != "zh-CN") {
    locales.emplace_back("zh-CN");
  }
  const std::string file = template_key + ".txt";
  for (const auto& l : locales) {
    std::vector<std::filesystem::path> candidates;
    if (!sources_.tenants_dir.empty() && plain_name(tenant_slug)) {
      candidates.push_back(sources_.tenants_dir / tenant_slug / "messages" / l / file);
    }
    candidates.push_back(sources_.platform_dir / l / file);
    for (const auto& path : candidates) {
      if (auto text = read_file(path)) {
        RenderedMessage message = split(std::move(*text));
        message.subject = substitute(message.subject, params);
        message.body = substitute(message.body, params);
        return message;
      }
    }
  }
  throw TemplateError("no message template \"" + template_key + "\" for locale \"" + locale +
                      "\" (looked in " + sources_.platform_dir.string() + ")");
}

}  // namespace guildhall::notifications
