#include "documents/qr_code.hpp"

#include <cairo.h>
#include <glib.h>
#include <qrencode.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "documents/cairo_stream.hpp"

namespace guildhall::documents {
namespace {

constexpr int kQuietZone = 4;

}  // namespace

std::string qr_png(std::string_view text, int module_px) {
  const std::string input(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!code) {
    throw std::runtime_error("cannot encode a QR code of " + std::to_string(text.size()) +
                             " bytes");
  }
  const int modules = code->width + 2 * kQuietZone;
  const int size = modules * module_px;
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, size, size);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int y = 0; y < code->width; ++y) {
    for (int x = 0; x < code->width; ++x) {
      // Bit 0 of each byte says whether the module is dark; the other bits describe its role.
      if ((code->data[y * code->width + x] & 1) != 0) {
        cairo_rectangle(cr, (x + kQuietZone) * module_px, (y + kQuietZone) * module_px, module_px,
                        module_px);
      }
    }
  }
  cairo_fill(cr);
  cairo_destroy(cr);
  std::string png;
  const auto status = cairo_surface_write_to_png_stream(surface, detail::append_to_string, &png);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("cannot write the QR code: ") +
                             cairo_status_to_string(status));
  }
  return png;
}

std::string data_uri(std::string_view mime, std::string_view bytes) {
  gchar* encoded = g_base64_encode(reinterpret_cast<const guchar*>(bytes.data()), bytes.size());
  std::string out = "data:" + std::string(mime) + ";base64," + encoded;
  g_free(encoded);
  return out;
}

}  // namespace guildhall::documents
