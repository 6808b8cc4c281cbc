// QR codes as PNG images (libqrencode, drawn with cairo), for the certificates' verification URL.
#pragma once

#include <string>
#include <string_view>

namespace guildhall::documents {

// The PNG of `text` as a QR code of error-correction level M, `module_px` pixels a module and the
// standard quiet zone of four modules.
std::string qr_png(std::string_view text, int module_px = 4);

// "data:<mime>;base64,…", for an SVG <image> that must not refer to a file.
std::string data_uri(std::string_view mime, std::string_view bytes);

}  // namespace guildhall::documents
