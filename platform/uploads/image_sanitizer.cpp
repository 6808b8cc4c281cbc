#include "uploads/image_sanitizer.hpp"

#include <gdk-pixbuf/gdk-pixbuf.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/errors.hpp"
#include "uploads/upload_errors.hpp"

namespace guildhall::uploads {

namespace {

struct GObjectUnref {
  void operator()(gpointer object) const { g_object_unref(object); }
};
template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

struct GErrorFree {
  void operator()(GError* error) const { g_error_free(error); }
};
using GErrorPtr = std::unique_ptr<GError, GErrorFree>;

struct GFree {
  void operator()(gchar* memory) const { g_free(memory); }
};

core::AppError undecodable() {
  return core::AppError(core::ErrorKind::validation, std::string(kUploadImageCorrupt),
                        core::Message{"图片无法解码，文件可能已损坏",
                                      "the image cannot be decoded; the file may be damaged"});
}

// What the "size-prepared" handler saw; it runs inside C code, so it records instead of throwing.
struct SizeGuard {
  ImageLimits limits;
  std::optional<ImageSize> refused;
};

void on_size_prepared(GdkPixbufLoader* loader, gint width, gint height, gpointer data) {
  auto* guard = static_cast<SizeGuard*>(data);
  const ImageSize size{static_cast<std::uint32_t>(std::max(width, 0)),
                       static_cast<std::uint32_t>(std::max(height, 0))};
  if (width <= 0 || height <= 0 || !fits(size, guard->limits)) {
    guard->refused = size;
    // The JPEG and PNG loaders stop with an error, before allocating any pixels, when asked for
    // a zero target size; there is no other way to abort from this signal.
    gdk_pixbuf_loader_set_size(loader, 0, 0);
  }
}

GObjectPtr<GdkPixbuf> decode(FileType type, std::span<const unsigned char> bytes,
                             const ImageLimits& limits) {
  GError* raw_error = nullptr;
  GObjectPtr<GdkPixbufLoader> loader(
      gdk_pixbuf_loader_new_with_type(type == FileType::jpg ? "jpeg" : "png", &raw_error));
  if (!loader) {
    GErrorPtr error(raw_error);
    throw core::AppError(core::ErrorKind::internal, std::string(kUploadImageProcessingFailed),
                         core::Message{"服务器缺少图片解码组件",
                                       std::string("the image decoder is not available: ") +
                                           (error ? error->message : "unknown")});
  }
  SizeGuard guard{limits, std::nullopt};
  g_signal_connect(loader.get(), "size-prepared", G_CALLBACK(on_size_prepared), &guard);
  bool ok = gdk_pixbuf_loader_write(loader.get(), bytes.data(), bytes.size(), &raw_error) != 0;
  GErrorPtr write_error(raw_error);
  raw_error = nullptr;
  // Closing is required even after a failed write: a loader finalised open logs a warning.
  ok = gdk_pixbuf_loader_close(loader.get(), ok ? &raw_error : nullptr) != 0 && ok;
  GErrorPtr close_error(raw_error);
  if (guard.refused) {
    check_image_size(*guard.refused, limits);
    throw undecodable();
  }
  GdkPixbuf* pixbuf = ok ? gdk_pixbuf_loader_get_pixbuf(loader.get()) : nullptr;
  if (pixbuf == nullptr) {
    throw undecodable();
  }
  return GObjectPtr<GdkPixbuf>(GDK_PIXBUF(g_object_ref(pixbuf)));
}

// nullopt when the encoder refuses; its message is kept for the error.
std::optional<std::vector<unsigned char>> try_encode(GdkPixbuf* pixbuf, FileType type,
                                                     const gchar* icc_profile,
                                                     std::string& failure) {
  std::vector<std::string> keys;
  std::vector<std::string> values;
  if (type == FileType::jpg) {
    keys.emplace_back("quality");
    values.push_back(std::to_string(kJpegQuality));
  }
  if (icc_profile != nullptr) {
    keys.emplace_back("icc-profile");
    values.emplace_back(icc_profile);
  }
  std::vector<char*> key_pointers;
  std::vector<char*> value_pointers;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    key_pointers.push_back(keys[i].data());
    value_pointers.push_back(values[i].data());
  }
  key_pointers.push_back(nullptr);
  value_pointers.push_back(nullptr);

  gchar* raw_buffer = nullptr;
  gsize size = 0;
  GError* raw_error = nullptr;
  const bool saved =
      gdk_pixbuf_save_to_bufferv(pixbuf, &raw_buffer, &size, type == FileType::jpg ? "jpeg" : "png",
                                 key_pointers.data(), value_pointers.data(), &raw_error) != 0;
  std::unique_ptr<gchar, GFree> buffer(raw_buffer);
  GErrorPtr error(raw_error);
  if (!saved || !buffer) {
    failure = error ? error->message : "unknown";
    return std::nullopt;
  }
  const auto* begin = reinterpret_cast<const unsigned char*>(buffer.get());
  return std::vector<unsigned char>(begin, begin + size);
}

std::vector<unsigned char> encode(GdkPixbuf* pixbuf, FileType type, const gchar* icc_profile) {
  std::string failure;
  auto encoded = try_encode(pixbuf, type, icc_profile, failure);
  // The encoder checks a profile (its length) where the decoder did not; colours slightly off
  // are better than a refused upload.
  if (!encoded && icc_profile != nullptr) {
    encoded = try_encode(pixbuf, type, nullptr, failure);
  }
  if (!encoded) {
    throw core::AppError(
        core::ErrorKind::internal, std::string(kUploadImageProcessingFailed),
        core::Message{"图片重新编码失败", "re-encoding the image failed: " + failure});
  }
  return std::move(*encoded);
}

}  // namespace

SanitizedImage sanitize_image(FileType type, std::span<const unsigned char> bytes,
                              const ImageLimits& limits) {
  if (type != FileType::jpg && type != FileType::png) {
    throw std::invalid_argument("sanitize_image takes JPEG and PNG images only");
  }
  check_image_complete(type, bytes);
  const auto decoded = decode(type, bytes, limits);
  GObjectPtr<GdkPixbuf> upright(gdk_pixbuf_apply_embedded_orientation(decoded.get()));
  if (!upright) {
    throw undecodable();
  }
  // Read from the decoded image: whether the rotated copy keeps the loader's options is not
  // documented. PNGs lose theirs: gdk-pixbuf 2.42 writes iCCP before IHDR, so libpng refuses
  // every RGB profile there.
  const gchar* icc_profile =
      type == FileType::jpg ? gdk_pixbuf_get_option(decoded.get(), "icc-profile") : nullptr;
  SanitizedImage out;
  out.bytes = encode(upright.get(), type, icc_profile);
  out.size = ImageSize{static_cast<std::uint32_t>(gdk_pixbuf_get_width(upright.get())),
                       static_cast<std::uint32_t>(gdk_pixbuf_get_height(upright.get()))};
  return out;
}

}  // namespace guildhall::uploads
