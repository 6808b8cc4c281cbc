#include "modules/notifications/curl_global.hpp"

#include <curl/curl.h>

#include <mutex>
#include <stdexcept>

namespace guildhall::notifications {

void ensure_curl_initialized() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("libcurl could not be initialised");
    }
  });
}

}  // namespace guildhall::notifications
