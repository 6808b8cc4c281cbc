// The cairo write callback every renderer here uses: appends to the std::string passed as the
// closure. Internal to platform/documents.
#pragma once

#include <cairo.h>

#include <string>

namespace guildhall::documents::detail {

inline cairo_status_t append_to_string(void* closure, const unsigned char* data,
                                       unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace guildhall::documents::detail
