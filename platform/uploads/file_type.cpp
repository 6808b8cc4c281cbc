#include "uploads/file_type.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "core/errors.hpp"
#include "uploads/upload_errors.hpp"

namespace guildhall::uploads {

namespace {

constexpr std::array<unsigned char, 3> kJpegMagic = {0xFF, 0xD8, 0xFF};
constexpr std::array<unsigned char, 8> kPngMagic = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
constexpr std::array<unsigned char, 5> kPdfMagic = {'%', 'P', 'D', 'F', '-'};

template <std::size_t N>
bool starts_with(std::span<const unsigned char> bytes, const std::array<unsigned char, N>& magic) {
  return bytes.size() >= N && std::equal(magic.begin(), magic.end(), bytes.begin());
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

// "JPG", "PNG", "PDF" as users know them, for messages.
std::string display_name(FileType type) {
  std::string out(to_string(type));
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::string joined(std::span<const std::string> allowed, std::string_view separator) {
  // "jpg" and "jpeg" in one list are one type to the user.
  std::vector<std::string> names;
  for (const auto& name : allowed) {
    const auto type = parse_file_type(name);
    std::string shown = type ? display_name(*type) : name;
    if (std::find(names.begin(), names.end(), shown) == names.end()) {
      names.push_back(std::move(shown));
    }
  }
  std::string out;
  for (const auto& name : names) {
    out += (out.empty() ? "" : std::string(separator)) + name;
  }
  return out;
}

core::AppError mismatch(FileType declared, FileType sniffed) {
  if (sniffed == FileType::unknown) {
    const std::string claimed = display_name(declared);
    return core::AppError(
        core::ErrorKind::unsupported_media_type, std::string(kUploadTypeMismatch),
        core::Message{"文件内容不是 " + claimed + " 格式，与声明的类型不符",
                      "the file's content is not " + claimed + " as its type or name says"});
  }
  const std::string actual = display_name(sniffed);
  return core::AppError(core::ErrorKind::unsupported_media_type, std::string(kUploadTypeMismatch),
                        core::Message{"文件内容是 " + actual +
                                          " 格式，与声明的类型或文件扩展名不符；请使用正确的扩展名",
                                      "the file's content is " + actual +
                                          ", which does not match its declared type or name; "
                                          "give it the right extension"});
}

core::AppError not_allowed(std::span<const std::string> allowed) {
  return core::AppError(
      core::ErrorKind::unsupported_media_type, std::string(kUploadTypeNotAllowed),
      core::Message{"不支持此文件类型，只能上传 " + joined(allowed, "、"),
                    "this type of file is not accepted here; upload " + joined(allowed, ", ")});
}

}  // namespace

std::string_view to_string(FileType type) {
  switch (type) {
    case FileType::jpg:
      return "jpg";
    case FileType::png:
      return "png";
    case FileType::pdf:
      return "pdf";
    case FileType::unknown:
      break;
  }
  return "unknown";
}

std::optional<FileType> parse_file_type(std::string_view name) {
  const std::string key = lower(trim(name));
  if (key == "jpg" || key == "jpeg") {
    return FileType::jpg;
  }
  if (key == "png") {
    return FileType::png;
  }
  if (key == "pdf") {
    return FileType::pdf;
  }
  return std::nullopt;
}

std::string_view mime_type_of(FileType type) {
  switch (type) {
    case FileType::jpg:
      return "image/jpeg";
    case FileType::png:
      return "image/png";
    case FileType::pdf:
      return "application/pdf";
    case FileType::unknown:
      break;
  }
  return "application/octet-stream";
}

FileType sniff_file_type(std::span<const unsigned char> head) {
  if (starts_with(head, kJpegMagic)) {
    return FileType::jpg;
  }
  if (starts_with(head, kPngMagic)) {
    return FileType::png;
  }
  if (starts_with(head, kPdfMagic)) {
    return FileType::pdf;
  }
  return FileType::unknown;
}

std::optional<FileType> type_from_mime(std::string_view content_type) {
  const std::string mime = lower(trim(content_type.substr(0, content_type.find(';'))));
  if (mime.empty() || mime == "application/octet-stream") {
    return std::nullopt;
  }
  if (mime == "image/jpeg" || mime == "image/jpg" || mime == "image/pjpeg") {
    return FileType::jpg;
  }
  if (mime == "image/png") {
    return FileType::png;
  }
  if (mime == "application/pdf") {
    return FileType::pdf;
  }
  return FileType::unknown;
}

std::optional<FileType> type_from_file_name(std::string_view file_name) {
  const auto slash = file_name.find_last_of("/\\");
  const auto base = slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
  const auto dot = base.rfind('.');
  // ".profile" is a name without an extension, as in every file manager.
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == base.size()) {
    return std::nullopt;
  }
  return parse_file_type(base.substr(dot + 1)).value_or(FileType::unknown);
}

FileType check_file_type(std::span<const unsigned char> head, std::string_view content_type,
                         std::string_view file_name, std::span<const std::string> allowed) {
  const FileType sniffed = sniff_file_type(head);
  for (const auto declared : {type_from_mime(content_type), type_from_file_name(file_name)}) {
    // A claim of a known type the bytes do not bear out is the renamed-file case; a claim of an
    // unknown type on unknown bytes is simply a type the platform does not take.
    if (declared && *declared != sniffed &&
        (*declared != FileType::unknown || sniffed != FileType::unknown)) {
      throw mismatch(*declared, sniffed);
    }
  }
  const bool accepted = sniffed != FileType::unknown &&
                        std::any_of(allowed.begin(), allowed.end(), [&](const std::string& name) {
                          return parse_file_type(name) == sniffed;
                        });
  if (!accepted) {
    throw not_allowed(allowed);
  }
  return sniffed;
}

}  // namespace guildhall::uploads
