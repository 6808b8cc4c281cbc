#include "app/server_config.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

#include "core/mapping_reader.hpp"
#include "core/yaml_node.hpp"

namespace guildhall::app {

std::string ServerConfig::database_url() const {
  if (!database.empty()) {
    return database;
  }
  return "sqlite://" + std::filesystem::absolute(data_dir / "guildhall.db").string();
}

std::string ServerConfig::effective_public_url() const {
  if (!public_url.empty()) {
    return public_url;
  }
  const std::string shown = host == "0.0.0.0" ? "127.0.0.1" : host;
  return "http://" + shown + ":" + std::to_string(port);
}

std::filesystem::path ServerConfig::effective_uploads_dir() const {
  return uploads_dir.empty() ? data_dir / "uploads" : uploads_dir;
}

std::filesystem::path ServerConfig::effective_pii_key_file() const {
  return pii_key_file.empty() ? data_dir / "keys" / "pii.keys" : pii_key_file;
}

bool parse_listen(std::string_view text, std::string& host, std::uint16_t& port) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return false;
  }
  std::string_view h = text.substr(0, colon);
  const std::string_view p = text.substr(colon + 1);
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
  if (ec != std::errc() || end != p.data() + p.size() || value > 65535) {
    return false;
  }
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') {
    h = h.substr(1, h.size() - 2);
  }
  host = h.empty() ? "0.0.0.0" : std::string(h);
  port = static_cast<std::uint16_t>(value);
  return true;
}

ServerConfigResult load_server_config(const std::filesystem::path& file) {
  ServerConfigResult result;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    result.errors.push_back({{file.string(), 0, 0}, "cannot read the file"});
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto doc = core::parse_yaml(text.str(), file.string());
  result.errors = std::move(doc.errors);
  if (!result.errors.empty()) {
    return result;
  }
  const auto base = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  auto resolve = [&](const std::string& p) {
    std::filesystem::path path(p);
    return path.is_absolute() ? path : base / path;
  };
  core::YamlReader reader(result.errors);
  core::MappingReader root(doc.root, reader, "");
  auto& c = result.config;
  if (auto listen = root.text("listen", core::Presence::optional)) {
    if (!parse_listen(*listen, c.host, c.port)) {
      reader.error(
          root.entry("listen")->value.mark,
          "\"listen\" must be HOST:PORT such as 127.0.0.1:8080, but it is \"" + *listen + "\"");
    }
  }
  if (auto db = root.text("database", core::Presence::optional)) {
    c.database = *db;
  }
  if (auto v = root.text("data_dir", core::Presence::optional)) {
    c.data_dir = resolve(*v);
  }
  if (auto v = root.text("web_root", core::Presence::optional)) {
    c.web_root = resolve(*v);
  }
  if (auto v = root.text("templates_dir", core::Presence::optional)) {
    c.templates_dir = resolve(*v);
  }
  if (auto v = root.text("uploads_dir", core::Presence::optional)) {
    c.uploads_dir = resolve(*v);
  }
  if (const auto* dirs = root.list("plugin_dirs", core::Presence::optional)) {
    for (const auto& item : *dirs) {
      if (auto v = reader.text(item, "plugin_dirs")) {
        c.plugin_dirs.push_back(resolve(*v));
      }
    }
  }
  if (auto v = root.boolean("access_log", core::Presence::optional)) {
    c.access_log = *v;
  }
  if (auto v = root.text("public_url", core::Presence::optional)) {
    if (v->rfind("http://", 0) != 0 && v->rfind("https://", 0) != 0) {
      reader.error(root.entry("public_url")->value.mark,
                   "\"public_url\" must start with http:// or https://, but it is \"" + *v + "\"");
    }
    while (!v->empty() && v->back() == '/') {
      v->pop_back();
    }
    c.public_url = *v;
  }
  if (auto v = root.text("bootstrap_admin_mobile", core::Presence::optional)) {
    c.bootstrap_admin_mobile = *v;
  }
  notifications::read_notifications_config(root, reader, c.notifications);
  if (auto privacy = root.mapping("privacy", core::Presence::optional)) {
    if (auto v = privacy->text("key_file", core::Presence::optional)) {
      c.pii_key_file = resolve(*v);
    }
    privacy->finish();
  }
  if (auto http = root.mapping("http", core::Presence::optional)) {
    auto positive = [&](std::string_view key, auto& target) {
      if (auto v = http->integer(key, core::Presence::optional)) {
        if (*v <= 0) {
          reader.error(http->entry(key)->value.mark,
                       "\"http." + std::string(key) + "\" must be greater than 0");
        } else {
          target = static_cast<std::remove_reference_t<decltype(target)>>(*v);
        }
      }
    };
    auto millis = [&](std::string_view key, std::chrono::milliseconds& target) {
      std::int64_t ms = target.count();
      positive(key, ms);
      target = std::chrono::milliseconds(ms);
    };
    positive("io_threads", c.io_threads);
    positive("workers", c.workers);
    positive("max_queued", c.max_queued);
    positive("max_request_bytes", c.max_request_bytes);
    millis("header_timeout_ms", c.header_timeout);
    millis("body_timeout_ms", c.body_timeout);
    millis("shutdown_grace_ms", c.shutdown_grace);
    millis("reload_interval_ms", c.reload_interval);
    millis("reminder_interval_ms", c.reminder_interval);
    positive("verify_per_minute", c.verify_per_minute);
    http->finish();
  }
  root.finish();
  return result;
}

}  // namespace guildhall::app
