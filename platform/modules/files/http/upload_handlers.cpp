#include "modules/files/http/upload_handlers.hpp"

#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "http/router.hpp"
#include "modules/files/upload_service.hpp"
#include "modules/identity/http/session_middleware.hpp"
#include "modules/identity/principal.hpp"

namespace guildhall::files {
namespace {

using nlohmann::json;

// Room for the request line and headers on top of a field's file limit.
constexpr std::size_t kHeadAllowance = 64 * 1024;
constexpr std::string_view kPrefix = "/api/v1/t/";
constexpr std::string_view kSuffix = "/uploads";

json describe(const UploadRecord& r) {
  json out = {{"id", r.id}, {"name", r.file_name}, {"size", r.size}, {"type", r.file_type}};
  if (r.width && r.height) {
    out["width"] = *r.width;
    out["height"] = *r.height;
  }
  return out;
}

}  // namespace

void register_upload_routes(http::Router& router, const UploadService& uploads) {
  router.add(http::Method::post, "/api/v1/t/{slug}/uploads", http::Execution::worker,
             {"Uploads one file for a form's upload field (query: form, field, name; body: the "
              "raw file; Content-Type: its type). 413 above the field's size limit, 415 when the "
              "bytes are not the declared or an allowed type, 422 for images too large in pixels "
              "or undecodable; images are re-encoded without metadata",
              "files",
              {201}},
             [&uploads](http::Request& request) {
               const auto& who = identity::signed_in(request);
               NewUpload upload;
               upload.form_key = request.query_param("form").value_or("");
               upload.field_key = request.query_param("field").value_or("");
               upload.file_name = request.query_param("name").value_or("");
               const std::string* type = request.header("content-type");
               upload.content_type = type == nullptr ? "" : *type;
               const auto record = uploads.store(*request.tenant, who, upload, request.body);
               return http::Response::json(201, describe(record).dump());
             });

  router.add(http::Method::get, "/api/v1/t/{slug}/uploads/{id}", http::Execution::worker,
             {"The bytes of an uploaded file, for its uploader and the tenant's reviewers and "
              "admins only (404 for anyone else)",
              "files",
              {200},
              "application/octet-stream"},
             [&uploads](http::Request& request) {
               const auto file = uploads.fetch(*request.tenant, identity::signed_in(request),
                                               request.param("id"));
               http::Response response;
               response.status = 200;
               response.body.assign(file.bytes.begin(), file.bytes.end());
               response.set_header("Content-Type", file.content_type);
               response.set_header("X-Content-Type-Options", "nosniff");
               response.set_header("Content-Disposition",
                                   http::content_disposition("inline", file.record.file_name));
               response.set_header("Cache-Control", "private, no-store");
               return response;
             });
}

std::size_t upload_request_limit(const UploadService& uploads, std::string_view target) {
  const auto question = target.find('?');
  if (question == std::string_view::npos) {
    return 0;
  }
  const std::string_view path = target.substr(0, question);
  if (!path.starts_with(kPrefix) || !path.ends_with(kSuffix) ||
      path.size() <= kPrefix.size() + kSuffix.size()) {
    return 0;
  }
  const std::string slug = http::percent_decode(
      path.substr(kPrefix.size(), path.size() - kPrefix.size() - kSuffix.size()), false);
  if (slug.find('/') != std::string::npos) {
    return 0;
  }
  const std::string_view query = target.substr(question + 1);
  const auto limit = uploads.max_bytes(slug, http::query_value(query, "form").value_or(""),
                                       http::query_value(query, "field").value_or(""));
  return limit == 0 ? 0 : static_cast<std::size_t>(limit) + kHeadAllowance;
}

}  // namespace guildhall::files
