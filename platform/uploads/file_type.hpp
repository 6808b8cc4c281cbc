// What an uploaded file really is, decided from its first bytes (magic numbers), and whether that
// matches what the client declared and what the form field accepts. The declared Content-Type and
// the file name are only claims: a page saved as "photo.jpg" is HTML, and serving it back as an
// image/jpeg would be harmless, but keeping its name and type would not.
//
//   const std::vector<std::string> allowed{"jpg", "png"};  // the form field's upload.types
//   const FileType type = check_file_type(bytes, "image/jpeg", "photo.JPEG", allowed);
//   // throws core::AppError (unsupported_media_type, kUploadTypeMismatch / kUploadTypeNotAllowed)
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace guildhall::uploads {

enum class FileType { jpg, png, pdf, unknown };

// The file types by their lower-case extension name, as form definitions write them:
// "jpg", "png", "pdf", "unknown".
std::string_view to_string(FileType type);
// "jpg" / "jpeg", "png", "pdf" (any case) -> the type; nullopt for anything else.
std::optional<FileType> parse_file_type(std::string_view name);
// The Content-Type to serve a stored file with ("application/octet-stream" for unknown).
std::string_view mime_type_of(FileType type);

// Decides the type from the first bytes alone: JPEG FF D8 FF, PNG's 8-byte signature, "%PDF-".
// Anything else (HTML, ZIP, Office files, short or empty input) is FileType::unknown.
FileType sniff_file_type(std::span<const unsigned char> head);

// The type a Content-Type names (parameters and case ignored): image/jpeg (also image/jpg and
// image/pjpeg), image/png, application/pdf. nullopt when nothing is declared: an empty value or
// application/octet-stream, which browsers send when they do not know. Any other type is
// FileType::unknown.
std::optional<FileType> type_from_mime(std::string_view content_type);

// The type a file name's extension names ("jpeg" counts as "jpg"), looking only at the last path
// component. nullopt when the name has no extension; FileType::unknown for any other extension.
std::optional<FileType> type_from_file_name(std::string_view file_name);

// Sniffs `head` and checks it against the declared Content-Type and file name (each may be
// empty) and against the extensions the form field allows ("jpeg" counts as "jpg"). Returns the
// sniffed type. Throws core::AppError of kind unsupported_media_type (HTTP 415):
// kUploadTypeMismatch when the bytes are not what a declaration names, kUploadTypeNotAllowed when
// the type is unknown or not in `allowed`.
FileType check_file_type(std::span<const unsigned char> head, std::string_view content_type,
                         std::string_view file_name, std::span<const std::string> allowed);

}  // namespace guildhall::uploads
