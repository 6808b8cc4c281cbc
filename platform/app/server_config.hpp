// The server's own configuration (guildhall.yaml): where it listens, its database, its folders
// and its limits. Every key is optional; command-line flags override the file.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/source_mark.hpp"
#include "modules/notifications/notifications_config.hpp"

namespace guildhall::app {

struct ServerConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string database;  // empty: sqlite under data_dir
  std::filesystem::path data_dir = "data";
  std::filesystem::path web_root = "web/dist";
  std::filesystem::path templates_dir = "templates";
  std::vector<std::filesystem::path> plugin_dirs;
  std::size_t io_threads = 2;
  std::size_t workers = 8;
  std::size_t max_queued = 1024;
  std::size_t max_request_bytes = 1 << 20;
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds shutdown_grace{15'000};
  std::chrono::milliseconds reload_interval{5'000};
  std::chrono::milliseconds reminder_interval{600'000};  // how often deadline reminders are due
  // Public certificate checks one address may make a minute, per instance (a venue's Wi-Fi puts
  // hundreds of phones behind one address).
  std::int64_t verify_per_minute = 600;
  bool access_log = true;
  // The origin browsers use (CSRF checks, links in e-mails, Secure cookies); empty: derived
  // from `listen`.
  std::string public_url;
  std::string bootstrap_admin_mobile = "13800000000";
  notifications::NotificationsConfig notifications;
  // privacy.key_file: the data-protection key file (created on the first start); empty:
  // <data_dir>/keys/pii.keys. The environment variables of app/pii_keys.hpp replace it.
  std::filesystem::path pii_key_file;
  // uploads_dir: where uploaded files are kept, encrypted (never inside web_root); empty:
  // <data_dir>/uploads. Several instances may share it on one volume.
  std::filesystem::path uploads_dir;

  std::string database_url() const;
  std::string effective_public_url() const;
  std::filesystem::path effective_pii_key_file() const;
  std::filesystem::path effective_uploads_dir() const;
};

struct ServerConfigResult {
  ServerConfig config;
  std::vector<core::ConfigError> errors;
};

// Relative paths in the file are taken relative to the file's folder.
ServerConfigResult load_server_config(const std::filesystem::path& file);

// "127.0.0.1:8080", "[::1]:8080", ":8080". Returns false on a malformed address.
bool parse_listen(std::string_view text, std::string& host, std::uint16_t& port);

}  // namespace guildhall::app
