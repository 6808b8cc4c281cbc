#include "documents/svg_renderer.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <librsvg/rsvg.h>

#include <cmath>
#include <memory>
#include <stdexcept>

#include "documents/cairo_stream.hpp"

namespace guildhall::documents {
namespace {

// PDF user space is in points; at 72 dpi a CSS pixel is a point and "210mm" is 595.3 pt.
constexpr double kPdfDpi = 72.0;

struct HandleDeleter {
  void operator()(RsvgHandle* h) const { g_object_unref(h); }
};
using Handle = std::unique_ptr<RsvgHandle, HandleDeleter>;

std::runtime_error failure(std::string_view what, GError* error) {
  std::string message =
      std::string(what) + (error != nullptr ? ": " + std::string(error->message) : "");
  if (error != nullptr) {
    g_error_free(error);
  }
  return std::runtime_error(message);
}

struct Loaded {
  Handle handle;
  double width = 0;
  double height = 0;
};

Loaded load(std::string_view svg) {
  GError* error = nullptr;
  Handle handle(
      rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), &error));
  if (!handle) {
    throw failure("cannot read the SVG", error);
  }
  rsvg_handle_set_dpi(handle.get(), kPdfDpi);
  Loaded out{std::move(handle)};
  if (rsvg_handle_get_intrinsic_size_in_pixels(out.handle.get(), &out.width, &out.height) == 0 ||
      out.width <= 0 || out.height <= 0) {
    throw std::runtime_error("the SVG has no width and height");
  }
  return out;
}

void render(const Loaded& doc, cairo_t* cr) {
  GError* error = nullptr;
  const RsvgRectangle viewport{0, 0, doc.width, doc.height};
  if (rsvg_handle_render_document(doc.handle.get(), cr, &viewport, &error) == 0) {
    throw failure("cannot render the SVG", error);
  }
}

}  // namespace

std::string pdf_from_svg(std::string_view svg, std::string_view title) {
  const Loaded doc = load(svg);
  std::string pdf;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(detail::append_to_string, &pdf, doc.width, doc.height);
  if (!title.empty()) {
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, std::string(title).c_str());
  }
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Guildhall");
  cairo_t* cr = cairo_create(surface);
  try {
    render(doc, cr);
  } catch (...) {
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    throw;
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const auto status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("cannot write the PDF: ") +
                             cairo_status_to_string(status));
  }
  return pdf;
}

std::string png_from_svg(std::string_view svg, int width_px) {
  const Loaded doc = load(svg);
  const double scale = width_px / doc.width;
  const int height_px = static_cast<int>(std::lround(doc.height * scale));
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width_px, height_px);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_scale(cr, scale, scale);
  std::string png;
  try {
    render(doc, cr);
  } catch (...) {
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    throw;
  }
  cairo_destroy(cr);
  const auto status = cairo_surface_write_to_png_stream(surface, detail::append_to_string, &png);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("cannot write the PNG: ") +
                             cairo_status_to_string(status));
  }
  return png;
}

}  // namespace guildhall::documents
