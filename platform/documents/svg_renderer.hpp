// SVG to PDF or PNG with librsvg and cairo. The SVG's width and height (in mm, pt or px) give the
// page size; text is laid out by pango with the fonts fontconfig finds for its font-family (the
// templates name WenQuanYi Micro Hei first: one TrueType CJK face, which cairo embeds as a
// subset, keeps a certificate near 25 KB where an OpenType CJK face makes it eight times that).
// Safe to call from several threads at once: each call has its own handle and surface.
#pragma once

#include <string>
#include <string_view>

namespace guildhall::documents {

// Throws std::runtime_error when the SVG cannot be read or has no size.
std::string pdf_from_svg(std::string_view svg, std::string_view title = "");
// The whole page scaled to `width_px` pixels wide.
std::string png_from_svg(std::string_view svg, int width_px);

}  // namespace guildhall::documents
