#include "documents/form_sheet.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "documents/cairo_stream.hpp"
#include "documents/qr_code.hpp"
#include "documents/svg_template.hpp"

namespace guildhall::documents {
namespace {

// A4 in points, and the layout's measures.
constexpr double kWidth = 595.28;
constexpr double kHeight = 841.89;
constexpr double kMargin = 48;
constexpr double kLabelWidth = 120;
constexpr double kPad = 5;
constexpr double kPhotoWidth = 85;
constexpr double kPhotoHeight = 113;
constexpr const char* kFont = "WenQuanYi Micro Hei";

class Writer {
 public:
  explicit Writer(std::string& out)
      : surface_(
            cairo_pdf_surface_create_for_stream(detail::append_to_string, &out, kWidth, kHeight)),
        cr_(cairo_create(surface_)),
        layout_(pango_cairo_create_layout(cr_)) {
    // pangocairo assumes 96 dpi; PDF user space is in points.
    pango_cairo_context_set_resolution(pango_layout_get_context(layout_), 72);
    pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
    cairo_set_line_width(cr_, 0.6);
  }
  ~Writer() {
    g_object_unref(layout_);
    cairo_destroy(cr_);
    cairo_surface_destroy(surface_);
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void finish() {
    cairo_surface_finish(surface_);
    if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS) {
      throw std::runtime_error("cannot write the PDF");
    }
  }

  void set_title(const std::string& title) {
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_TITLE, title.c_str());
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATOR, "Guildhall");
  }

  // Lays `text` out in `width` and returns its height; draws it at (x, y) when `draw`.
  double text(const std::string& text, double x, double y, double width, double size, bool bold,
              bool draw, PangoAlignment align = PANGO_ALIGN_LEFT) {
    PangoFontDescription* font = pango_font_description_from_string(kFont);
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout_, font);
    pango_font_description_free(font);
    pango_layout_set_width(layout_, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_alignment(layout_, align);
    pango_layout_set_text(layout_, text.c_str(), static_cast<int>(text.size()));
    int w = 0;
    int h = 0;
    pango_layout_get_size(layout_, &w, &h);
    if (draw) {
      cairo_set_source_rgb(cr_, 0.1, 0.1, 0.1);
      cairo_move_to(cr_, x, y);
      pango_cairo_show_layout(cr_, layout_);
    }
    return static_cast<double>(h) / PANGO_SCALE;
  }

  void box(double x, double y, double w, double h, double grey = -1) {
    if (grey >= 0) {
      cairo_set_source_rgb(cr_, grey, grey, grey);
      cairo_rectangle(cr_, x, y, w, h);
      cairo_fill(cr_);
    }
    cairo_set_source_rgb(cr_, 0.35, 0.35, 0.35);
    cairo_rectangle(cr_, x, y, w, h);
    cairo_stroke(cr_);
  }

  // The photo fills the box, cropped to its proportions (librsvg decodes JPEG and PNG).
  void image(const std::string& bytes, double x, double y, double w, double h) {
    const bool png = bytes.rfind("\x89PNG", 0) == 0;
    const std::string svg =
        "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' "
        "width='" +
        std::to_string(w) + "' height='" + std::to_string(h) + "'><image width='" +
        std::to_string(w) + "' height='" + std::to_string(h) +
        "' preserveAspectRatio='xMidYMid slice' xlink:href='" +
        xml_escape(data_uri(png ? "image/png" : "image/jpeg", bytes)) + "'/></svg>";
    GError* error = nullptr;
    RsvgHandle* handle =
        rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), &error);
    if (handle == nullptr) {
      g_clear_error(&error);
      return;
    }
    const RsvgRectangle viewport{x, y, w, h};
    if (rsvg_handle_render_document(handle, cr_, &viewport, &error) == 0) {
      g_clear_error(&error);
    }
    g_object_unref(handle);
  }

  void new_page() { cairo_show_page(cr_); }

 private:
  cairo_surface_t* surface_;
  cairo_t* cr_;
  PangoLayout* layout_;
};

}  // namespace

std::string form_sheet_pdf(const FormSheet& sheet) {
  std::string pdf;
  {
    Writer w(pdf);
    w.set_title(sheet.title);
    const double width = kWidth - 2 * kMargin;
    double y = kMargin;
    y += w.text(sheet.organisation, kMargin, y, width, 13, false, true, PANGO_ALIGN_CENTER) + 4;
    y += w.text(sheet.title, kMargin, y, width, 19, true, true, PANGO_ALIGN_CENTER) + 4;
    y += w.text(sheet.reference, kMargin, y, width, 8.5, false, true, PANGO_ALIGN_CENTER) + 12;

    // The photo sits at the right of the first rows, which are narrowed to leave it room.
    const double photo_x = kMargin + width - kPhotoWidth;
    const double photo_bottom = y + kPhotoHeight;
    w.box(photo_x, y, kPhotoWidth, kPhotoHeight, 0.97);
    if (sheet.photo.empty()) {
      w.text("（粘贴照片）", photo_x, y + kPhotoHeight / 2 - 6, kPhotoWidth, 8, false, true,
             PANGO_ALIGN_CENTER);
    } else {
      w.image(sheet.photo, photo_x, y, kPhotoWidth, kPhotoHeight);
    }
    const double bottom = kHeight - kMargin;
    for (const auto& section : sheet.sections) {
      const double title_h = w.text(section.title, 0, 0, width, 10.5, true, false) + 2 * kPad;
      const double row_w = y < photo_bottom ? width - kPhotoWidth - 8 : width;
      // A section title is never the last thing on a page.
      if (y + title_h + 24 > bottom) {
        w.new_page();
        y = kMargin;
      }
      w.box(kMargin, y, row_w, title_h, 0.9);
      w.text(section.title, kMargin + kPad, y + kPad, row_w - 2 * kPad, 10.5, true, true);
      y += title_h;
      for (const auto& row : section.rows) {
        const double rw = y < photo_bottom ? width - kPhotoWidth - 8 : width;
        const double value_w = rw - kLabelWidth - 2 * kPad;
        const double h =
            std::max(w.text(row.label, 0, 0, kLabelWidth - 2 * kPad, 9.5, false, false),
                     w.text(row.text, 0, 0, value_w, 9.5, false, false)) +
            2 * kPad;
        if (y + h > bottom) {
          w.new_page();
          y = kMargin;
        }
        w.box(kMargin, y, kLabelWidth, h, 0.97);
        w.box(kMargin + kLabelWidth, y, rw - kLabelWidth, h);
        w.text(row.label, kMargin + kPad, y + kPad, kLabelWidth - 2 * kPad, 9.5, false, true);
        w.text(row.text, kMargin + kLabelWidth + kPad, y + kPad, value_w, 9.5, false, true);
        y += h;
      }
      y += 8;
    }
    if (!sheet.signature_boxes.empty()) {
      constexpr double kBoxHeight = 96;
      y = std::max(y, photo_bottom + 8);
      if (y + kBoxHeight > bottom) {
        w.new_page();
        y = kMargin;
      }
      const double box_w = width / static_cast<double>(sheet.signature_boxes.size());
      for (std::size_t i = 0; i < sheet.signature_boxes.size(); ++i) {
        const double x = kMargin + box_w * static_cast<double>(i);
        w.box(x, y, box_w, kBoxHeight);
        w.text(sheet.signature_boxes[i], x + kPad, y + kPad, box_w - 2 * kPad, 9.5, false, true);
        w.text("日期：　　　年　　月　　日", x + kPad, y + kBoxHeight - 18, box_w - 2 * kPad, 9,
               false, true, PANGO_ALIGN_RIGHT);
      }
    }
    w.finish();
  }
  return pdf;
}

}  // namespace guildhall::documents
