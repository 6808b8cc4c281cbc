// The upload routes: a raw-body POST that the service checks and stores, and an access-checked
// GET that is the only way back to the bytes.
#pragma once

namespace guildhall::http {
class Router;
}

namespace guildhall::files {

class UploadService;

void register_upload_routes(http::Router& router, const UploadService& uploads);

}  // namespace guildhall::files
