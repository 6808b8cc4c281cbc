// The upload routes: a raw-body POST that the service checks and stores, and an access-checked
// GET that is the only way back to the bytes.
#pragma once

#include <cstddef>
#include <string_view>

namespace guildhall::http {
class Router;
}

namespace guildhall::files {

class UploadService;

void register_upload_routes(http::Router& router, const UploadService& uploads);

// For http::ServerOptions::request_limit: the bytes a request to `target` may carry when it is an
// upload (the field's file limit plus room for the head), else 0 (the server's default).
std::size_t upload_request_limit(const UploadService& uploads, std::string_view target);

}  // namespace guildhall::files
