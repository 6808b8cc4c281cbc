// libcurl's process-wide initialisation, done once before the first handle (curl_global_init is
// not safe to race with other threads creating handles).
#pragma once

namespace guildhall::notifications {

void ensure_curl_initialized();

}  // namespace guildhall::notifications
