// Serves the built web app (web/dist): hashed assets with long cache lifetimes, and index.html
// for every other page path so the browser app's router can take over (SPA fallback).
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "http/request.hpp"

namespace guildhall::http {

class StaticFiles {
 public:
  // Reads the whole folder once: the built app is a few hundred kilobytes and never changes
  // while the server runs.
  explicit StaticFiles(const std::filesystem::path& root);

  Response serve(const Request& request) const;
  bool has_app() const { return files_.count("/index.html") != 0; }

 private:
  struct File {
    std::string content;
    std::string content_type;
  };
  std::map<std::string, File> files_;
};

}  // namespace guildhall::http
