#include "http/static_files.hpp"

#include <fstream>
#include <sstream>

#include "http/problem.hpp"

namespace guildhall::http {

namespace {

std::string content_type_for(const std::filesystem::path& p) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
  };
  const auto it = kTypes.find(p.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

}  // namespace

StaticFiles::StaticFiles(const std::filesystem::path& root) {
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) {
    return;
  }
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root, ec)) {
    if (!entry.is_regular_file() || entry.path().filename().string().front() == '.') {
      continue;
    }
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    const std::string url = "/" + std::filesystem::relative(entry.path(), root).generic_string();
    files_[url] = File{content.str(), content_type_for(entry.path())};
  }
}

Response StaticFiles::serve(const Request& request) const {
  const std::string path = percent_decode(request.path, false);
  if (path.rfind("/api/", 0) == 0) {
    return problem_for_status(404, request.locale, request.path, request.request_id);
  }
  if (const auto it = files_.find(path); it != files_.end() && path != "/index.html") {
    Response r = Response::text(200, it->second.content, it->second.content_type);
    // Vite puts a content hash in every asset name, so an asset never changes under its URL.
    r.set_header("Cache-Control", path.rfind("/assets/", 0) == 0
                                      ? "public, max-age=31536000, immutable"
                                      : "public, max-age=3600");
    return r;
  }
  if (path.rfind("/assets/", 0) == 0) {
    return problem_for_status(404, request.locale, request.path, request.request_id);
  }
  const auto index = files_.find("/index.html");
  if (index == files_.end()) {
    return Response::text(503,
                          "<!doctype html><meta charset=utf-8><title>Guildhall</title>"
                          "<p>网页应用尚未构建：请运行 scripts/run。 The web app is not built yet: "
                          "run scripts/run.</p>",
                          "text/html; charset=utf-8");
  }
  Response r = Response::text(200, index->second.content, index->second.content_type);
  r.set_header("Cache-Control", "no-cache");
  return r;
}

}  // namespace guildhall::http
