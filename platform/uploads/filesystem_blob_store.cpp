#include "uploads/filesystem_blob_store.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <system_error>

#include "core/errors.hpp"
#include "uploads/upload_errors.hpp"

namespace guildhall::uploads {

namespace {

constexpr std::size_t kKeyBytes = 16;
constexpr std::size_t kKeyDigits = 2 * kKeyBytes;
// Attempts at a fresh name when a temporary file of that name exists, which with 128 random bits
// only a broken random source could cause.
constexpr int kPutAttempts = 3;

core::AppError storage_failed(std::string_view action_en, std::string_view action_zh, int error) {
  const std::string reason = std::strerror(error);
  return core::AppError(
      core::ErrorKind::internal, std::string(kUploadStorageFailed),
      core::Message{"文件存储失败（" + std::string(action_zh) + "：" + reason + "）",
                    "the upload storage failed " + std::string(action_en) + ": " + reason});
}

core::AppError invalid_key() {
  return core::AppError(core::ErrorKind::internal, std::string(kUploadStorageKeyInvalid),
                        core::Message{"文件存储标识无效", "the upload's storage key is invalid"});
}

core::AppError not_found() {
  return core::AppError(core::ErrorKind::not_found, std::string(kUploadBlobNotFound),
                        core::Message{"找不到该文件", "the file was not found"});
}

bool is_valid_key(std::string_view key) {
  return key.size() == kKeyDigits &&
         key.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

std::string new_key() {
  std::array<unsigned char, kKeyBytes> random{};
  randombytes_buf(random.data(), random.size());
  static constexpr std::string_view kDigits = "0123456789abcdef";
  std::string key;
  key.reserve(kKeyDigits);
  for (const unsigned char byte : random) {
    key += kDigits[byte >> 4];
    key += kDigits[byte & 0x0F];
  }
  return key;
}

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
  // close() reports the last write errors on some filesystems (NFS), so it is checked.
  int close() {
    const int result = ::close(fd_);
    fd_ = -1;
    return result;
  }

 private:
  int fd_;
};

// Deletes the temporary file unless the rename consumed it.
class TemporaryFile {
 public:
  explicit TemporaryFile(std::filesystem::path path) : path_(std::move(path)) {}
  ~TemporaryFile() {
    if (!path_.empty()) {
      ::unlink(path_.c_str());
    }
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  const std::filesystem::path& path() const { return path_; }
  void release() { path_.clear(); }

 private:
  std::filesystem::path path_;
};

void write_all(int fd, std::span<const unsigned char> bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t written = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw storage_failed("writing a file", "写入文件", errno);
    }
    done += static_cast<std::size_t>(written);
  }
}

// Makes the rename itself durable: without it a power cut can lose a file whose key the
// database already holds.
void sync_directory(const std::filesystem::path& directory) {
  FileDescriptor dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0 || ::fsync(dir.get()) != 0) {
    throw storage_failed("flushing a folder", "同步目录", errno);
  }
}

}  // namespace

FilesystemBlobStore::FilesystemBlobStore(std::filesystem::path root) : root_(std::move(root)) {
  if (sodium_init() < 0) {
    throw std::runtime_error("libsodium failed to initialise");
  }
  std::error_code error;
  if (std::filesystem::create_directories(root_, error)) {
    std::filesystem::permissions(root_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, error);
  }
  if (error || !std::filesystem::is_directory(root_, error)) {
    throw storage_failed("creating its folder", "创建存储目录", error ? error.value() : ENOTDIR);
  }
}

std::filesystem::path FilesystemBlobStore::path_of(std::string_view key) const {
  if (!is_valid_key(key)) {
    throw invalid_key();
  }
  return root_ / key.substr(0, 2) / key.substr(2, 2) / key;
}

std::string FilesystemBlobStore::put(std::span<const unsigned char> bytes, std::string_view) {
  for (int attempt = 0; attempt < kPutAttempts; ++attempt) {
    const std::string key = new_key();
    const auto target = path_of(key);
    const auto directory = target.parent_path();
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error) {
      throw storage_failed("creating a folder", "创建目录", error.value());
    }
    // In the final folder, so that the rename stays on one filesystem and is atomic.
    TemporaryFile temporary(directory / ("." + key + ".tmp"));
    FileDescriptor file(
        ::open(temporary.path().c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (file.get() < 0) {
      if (errno == EEXIST) {
        temporary.release();
        continue;
      }
      throw storage_failed("creating a file", "创建文件", errno);
    }
    write_all(file.get(), bytes);
    if (::fsync(file.get()) != 0 || file.close() != 0) {
      throw storage_failed("flushing a file", "同步文件", errno);
    }
    if (::rename(temporary.path().c_str(), target.c_str()) != 0) {
      throw storage_failed("renaming a file", "重命名文件", errno);
    }
    temporary.release();
    sync_directory(directory);
    return key;
  }
  throw storage_failed("choosing a new file name", "生成文件名", EEXIST);
}

std::vector<unsigned char> FilesystemBlobStore::get(std::string_view key, std::string_view) const {
  const auto path = path_of(key);
  FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (file.get() < 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      throw not_found();
    }
    throw storage_failed("opening a file", "打开文件", errno);
  }
  struct stat status {};
  if (::fstat(file.get(), &status) != 0) {
    throw storage_failed("reading a file", "读取文件", errno);
  }
  if (!S_ISREG(status.st_mode)) {
    throw storage_failed("reading a file", "读取文件", EINVAL);
  }
  std::vector<unsigned char> bytes(static_cast<std::size_t>(status.st_size));
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t got = ::read(file.get(), bytes.data() + done, bytes.size() - done);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw storage_failed("reading a file", "读取文件", errno);
    }
    if (got == 0) {
      // Files are never rewritten in place, so a short read means damage outside the app.
      throw storage_failed("reading a file", "读取文件", EIO);
    }
    done += static_cast<std::size_t>(got);
  }
  return bytes;
}

void FilesystemBlobStore::remove(std::string_view key) {
  const auto path = path_of(key);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT && errno != ENOTDIR) {
    throw storage_failed("deleting a file", "删除文件", errno);
  }
}

}  // namespace guildhall::uploads
