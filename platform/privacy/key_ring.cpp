#include "privacy/key_ring.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>
#include <sstream>

#include "privacy/privacy_errors.hpp"
#include "privacy/sodium_codec.hpp"

namespace guildhall::privacy {

namespace {

constexpr std::string_view kEncryptionName = "encryption";
constexpr std::string_view kBlindIndexName = "blind-index";

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto at = text.find(separator, start);
    parts.push_back(text.substr(start, at == std::string_view::npos ? at : at - start));
    if (at == std::string_view::npos) {
      return parts;
    }
    start = at + 1;
  }
}

std::optional<std::uint32_t> parse_id(std::string_view text) {
  std::uint32_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id == 0) {
    return std::nullopt;
  }
  return id;
}

core::AppError format_error(const std::string& origin, const std::string& detail) {
  return detail::error(kKeyFormat, "数据保护密钥无效（" + origin + "）：" + detail,
                       "invalid data-protection keys in " + origin + ": " + detail);
}

KeyRing::Key make_key(std::uint32_t id, std::string_view base64, const std::string& origin,
                      bool strict) {
  auto bytes = strict ? detail::from_base64url(base64) : detail::from_base64_any(base64);
  if (!bytes) {
    throw format_error(origin, "key " + std::to_string(id) + " is not valid base64");
  }
  if (bytes->size() != KeyRing::kKeyBytes) {
    const auto size = bytes->size();
    sodium_memzero(bytes->data(), bytes->size());
    throw detail::error(kKeyFileSize,
                        "数据保护密钥长度错误（" + origin + "）：密钥 " + std::to_string(id) +
                            " 为 " + std::to_string(size) + " 字节，应为 32 字节",
                        "wrong data-protection key size in " + origin + ": key " +
                            std::to_string(id) + " is " + std::to_string(size) +
                            " bytes; expected 32");
  }
  KeyRing::Key key;
  key.id = id;
  std::copy(bytes->begin(), bytes->end(), key.bytes.begin());
  sodium_memzero(bytes->data(), bytes->size());
  return key;
}

void add_key(std::vector<KeyRing::Key>& family, KeyRing::Key key, std::string_view name,
             const std::string& origin) {
  const bool taken = std::any_of(family.begin(), family.end(),
                                 [&](const KeyRing::Key& k) { return k.id == key.id; });
  if (taken) {
    throw format_error(
        origin, std::string(name) + " key " + std::to_string(key.id) + " appears more than once");
  }
  family.push_back(key);
}

void require_nonempty(const std::vector<KeyRing::Key>& family, std::string_view name,
                      const std::string& origin) {
  if (family.empty()) {
    throw format_error(origin, "no " + std::string(name) + " key");
  }
}

std::vector<KeyRing::Key> parse_family(std::string_view spec, std::string_view name) {
  const std::string origin = "configuration (" + std::string(name) + " keys)";
  std::vector<KeyRing::Key> family;
  spec = trim(spec);
  if (spec.find(':') == std::string_view::npos) {
    if (!spec.empty()) {
      family.push_back(make_key(1, spec, origin, false));
    }
  } else {
    for (const auto entry : split(spec, ',')) {
      const auto colon = entry.find(':');
      const auto id =
          colon == std::string_view::npos ? std::nullopt : parse_id(trim(entry.substr(0, colon)));
      if (!id) {
        throw format_error(origin, "expected `id:base64` entries with ids from 1");
      }
      add_key(family, make_key(*id, trim(entry.substr(colon + 1)), origin, false), name, origin);
    }
  }
  require_nonempty(family, name, origin);
  return family;
}

KeyRing::Key random_key(std::uint32_t id) {
  detail::ensure_sodium();
  KeyRing::Key key;
  key.id = id;
  randombytes_buf(key.bytes.data(), key.bytes.size());
  return key;
}

std::string errno_text() {
  return std::strerror(errno);
}

core::AppError unreadable(const std::filesystem::path& path, const std::string& why) {
  return detail::error(kKeyFileUnreadable, "无法读取数据保护密钥文件 " + path.string() + "：" + why,
                       "cannot read the data-protection key file " + path.string() + ": " + why);
}

void write_all(int fd, std::string_view text, const std::filesystem::path& path) {
  while (!text.empty()) {
    const auto written = ::write(fd, text.data(), text.size());
    if (written < 0 && errno == EINTR) {
      continue;
    }
    if (written <= 0) {
      throw unreadable(path, "write failed: " + errno_text());
    }
    text.remove_prefix(static_cast<std::size_t>(written));
  }
}

// Writes a complete file under a temporary name, then link()s it into place: link fails if the
// target exists, so two processes starting together never see a half-written key file, and the
// loser simply loads the winner's keys.
void create_file(const std::filesystem::path& path, const std::string& text) {
  if (path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
      throw unreadable(path, "cannot create its folder: " + ec.message());
    }
  }
  std::array<unsigned char, 8> suffix{};
  randombytes_buf(suffix.data(), suffix.size());
  auto temp = path;
  temp += ".tmp-" + detail::to_base64url(suffix);
  {
    FileDescriptor fd(
        ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (fd.get() < 0) {
      throw unreadable(path, "cannot create it: " + errno_text());
    }
    try {
      write_all(fd.get(), text, path);
      if (::fsync(fd.get()) != 0) {
        throw unreadable(path, "fsync failed: " + errno_text());
      }
    } catch (...) {
      ::unlink(temp.c_str());
      throw;
    }
  }
  const int linked = ::link(temp.c_str(), path.c_str());
  const int link_errno = errno;
  ::unlink(temp.c_str());
  if (linked != 0 && link_errno != EEXIST) {
    errno = link_errno;
    throw unreadable(path, "cannot create it: " + errno_text());
  }
  const auto folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  FileDescriptor dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() >= 0) {
    ::fsync(dir.get());
  }
}

// Follows symlinks: container secret mounts are symlinks. The checks apply to the file reached.
std::string read_checked(const std::filesystem::path& path) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    throw unreadable(path, errno_text());
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) {
    throw unreadable(path, errno_text());
  }
  if (!S_ISREG(info.st_mode)) {
    throw unreadable(path, "not a regular file");
  }
  if ((info.st_mode & 077) != 0) {
    std::ostringstream mode;
    mode << std::oct << (info.st_mode & 0777);
    throw detail::error(kKeyFilePermissions,
                        "数据保护密钥文件 " + path.string() + " 的权限为 0" + mode.str() +
                            "，其他用户可访问；请执行 chmod 600 " + path.string(),
                        "the data-protection key file " + path.string() + " has mode 0" +
                            mode.str() + ", open to group or others; run chmod 600 " +
                            path.string());
  }
  const auto size = static_cast<std::size_t>(info.st_size);
  if (size == 0 || size > KeyRing::kMaxFileBytes) {
    throw detail::error(
        kKeyFileSize,
        "数据保护密钥文件 " + path.string() + " 的大小（" + std::to_string(size) + " 字节）不正确",
        "the data-protection key file " + path.string() + " has " + std::to_string(size) +
            " bytes, which cannot be a key file");
  }
  std::string text(size, '\0');
  std::size_t done = 0;
  while (done < size) {
    const auto got = ::read(fd.get(), text.data() + done, size - done);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      throw unreadable(path, "short read");
    }
    done += static_cast<std::size_t>(got);
  }
  return text;
}

void wipe(std::string& text) {
  sodium_memzero(text.data(), text.size());
}

}  // namespace

KeyRing::KeyRing(std::vector<Key> encryption, std::vector<Key> blind_index)
    : encryption_(std::move(encryption)), blind_index_(std::move(blind_index)) {
  const auto newest_first = [](const Key& a, const Key& b) { return a.id > b.id; };
  std::sort(encryption_.begin(), encryption_.end(), newest_first);
  std::sort(blind_index_.begin(), blind_index_.end(), newest_first);
}

KeyRing::~KeyRing() {
  for (auto* family : {&encryption_, &blind_index_}) {
    if (!family->empty()) {
      sodium_memzero(family->data(), family->size() * sizeof(Key));
    }
  }
}

KeyRing KeyRing::load_or_create(const std::filesystem::path& path) {
  detail::ensure_sodium();
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::status(path, ec))) {
    auto text = generate().serialise();
    try {
      create_file(path, text);
    } catch (...) {
      wipe(text);
      throw;
    }
    wipe(text);
  }
  return load(path);
}

KeyRing KeyRing::load(const std::filesystem::path& path) {
  detail::ensure_sodium();
  auto text = read_checked(path);
  try {
    auto ring = parse(text, path.string());
    wipe(text);
    return ring;
  } catch (...) {
    wipe(text);
    throw;
  }
}

KeyRing KeyRing::from_base64(std::string_view encryption_keys, std::string_view blind_index_keys) {
  detail::ensure_sodium();
  return KeyRing(parse_family(encryption_keys, kEncryptionName),
                 parse_family(blind_index_keys, kBlindIndexName));
}

KeyRing KeyRing::generate() {
  return KeyRing({random_key(1)}, {random_key(1)});
}

KeyRing KeyRing::parse(std::string_view text, const std::string& origin) {
  std::vector<Key> encryption;
  std::vector<Key> blind_index;
  int line_number = 0;
  for (const auto raw_line : split(text, '\n')) {
    ++line_number;
    const auto line = trim(raw_line);
    if (line.empty() || line.front() == '#') {
      continue;
    }
    std::vector<std::string_view> fields;
    for (const auto field : split(line, ' ')) {
      if (!field.empty()) {
        fields.push_back(field);
      }
    }
    const auto where = origin + " line " + std::to_string(line_number);
    const auto id = fields.size() == 3 ? parse_id(fields[1]) : std::nullopt;
    if (!id || (fields[0] != kEncryptionName && fields[0] != kBlindIndexName)) {
      throw format_error(where, "expected `encryption|blind-index <id from 1> <base64url key>`");
    }
    const bool is_encryption = fields[0] == kEncryptionName;
    add_key(is_encryption ? encryption : blind_index, make_key(*id, fields[2], where, true),
            fields[0], origin);
  }
  require_nonempty(encryption, kEncryptionName, origin);
  require_nonempty(blind_index, kBlindIndexName, origin);
  return KeyRing(std::move(encryption), std::move(blind_index));
}

std::string KeyRing::serialise() const {
  std::string text =
      "# Guildhall data-protection keys. Keep this file outside the database, mode 0600, and back\n"
      "# it up apart from the database: without it the encrypted personal data cannot be read.\n"
      "# To rotate, append a line with a higher id; keep old lines while data made with them "
      "remains.\n";
  for (const auto& [family, name] :
       {std::pair{&encryption_, kEncryptionName}, std::pair{&blind_index_, kBlindIndexName}}) {
    for (const auto& key : *family) {
      text += std::string(name) + " " + std::to_string(key.id) + " " +
              detail::to_base64url(key.bytes) + "\n";
    }
  }
  return text;
}

const KeyRing::Key& KeyRing::active(KeyPurpose purpose) const {
  return keys(purpose).front();
}

const KeyRing::Key* KeyRing::find(KeyPurpose purpose, std::uint32_t id) const {
  for (const auto& key : keys(purpose)) {
    if (key.id == id) {
      return &key;
    }
  }
  return nullptr;
}

const std::vector<KeyRing::Key>& KeyRing::keys(KeyPurpose purpose) const {
  return purpose == KeyPurpose::encryption ? encryption_ : blind_index_;
}

}  // namespace guildhall::privacy
