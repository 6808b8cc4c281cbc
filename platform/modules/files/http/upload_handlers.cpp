#include "modules/files/http/upload_handlers.hpp"

#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "http/router.hpp"
#include "modules/files/upload_service.hpp"
#include "modules/identity/principal.hpp"

namespace guildhall::files {
namespace {

using nlohmann::json;

// RFC 8187 encoding of a file name for Content-Disposition's filename*.
std::string rfc8187(std::string_view name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "UTF-8''";
  for (const unsigned char c : name) {
    if (std::isalnum(c) != 0 || c == '.' || c == '-' || c == '_') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

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
               if (!request.principal) {
                 throw core::AppError(core::ErrorKind::unauthenticated, "unauthenticated",
                                      {"请先登录。", "Please sign in."});
               }
               NewUpload upload;
               upload.form_key = request.query_param("form").value_or("");
               upload.field_key = request.query_param("field").value_or("");
               upload.file_name = request.query_param("name").value_or("");
               const std::string* type = request.header("content-type");
               upload.content_type = type == nullptr ? "" : *type;
               uploads.check_size(*request.tenant, upload, request.body.size());
               const auto record =
                   uploads.store(*request.tenant, *request.principal, upload, request.body);
               return http::Response::json(201, describe(record).dump());
             });

  router.add(http::Method::get, "/api/v1/t/{slug}/uploads/{id}", http::Execution::worker,
             {"The bytes of an uploaded file, for its uploader and the tenant's reviewers and "
              "admins only (404 for anyone else)",
              "files",
              {200},
              "application/octet-stream"},
             [&uploads](http::Request& request) {
               const auto file =
                   uploads.fetch(*request.tenant, request.principal.get(), request.param("id"));
               http::Response response;
               response.status = 200;
               response.body.assign(file.bytes.begin(), file.bytes.end());
               response.set_header("Content-Type", file.content_type);
               response.set_header("X-Content-Type-Options", "nosniff");
               response.set_header("Content-Disposition",
                                   "inline; filename*=" + rfc8187(file.record.file_name));
               response.set_header("Cache-Control", "private, no-store");
               return response;
             });
}

}  // namespace guildhall::files
