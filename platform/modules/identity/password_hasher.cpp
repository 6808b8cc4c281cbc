#include "modules/identity/password_hasher.hpp"

#include <sodium.h>

#include <stdexcept>

#include "core/errors.hpp"

namespace guildhall::identity {

class PasswordHasher::Slot {
 public:
  explicit Slot(PasswordHasher& owner) : owner_(owner) { owner_.acquire(); }
  ~Slot() { owner_.release(); }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

 private:
  PasswordHasher& owner_;
};

PasswordHasher::PasswordHasher(HashParams params, std::size_t max_concurrent,
                               std::chrono::milliseconds max_wait)
    : params_(params),
      max_concurrent_(max_concurrent == 0 ? 1 : max_concurrent),
      max_wait_(max_wait) {
  if (sodium_init() < 0) {
    throw std::runtime_error("libsodium could not be initialised");
  }
  if (params_.opslimit < 2 || params_.memlimit < (std::size_t{19} << 20)) {
    throw std::invalid_argument("argon2id parameters below t=2, m=19 MiB are not allowed");
  }
  dummy_hash_ = hash("guildhall-placeholder-password");
}

void PasswordHasher::acquire() {
  std::unique_lock lock(mutex_);
  if (!freed_.wait_for(lock, max_wait_, [this] { return in_use_ < max_concurrent_; })) {
    throw core::AppError(core::ErrorKind::unavailable, "busy",
                         {"服务器繁忙，请稍后再试。", "The server is busy; please try again."})
        .with_retry_after(2);
  }
  ++in_use_;
}

void PasswordHasher::release() {
  {
    std::lock_guard lock(mutex_);
    --in_use_;
  }
  freed_.notify_one();
}

std::size_t PasswordHasher::in_use() const {
  std::lock_guard lock(mutex_);
  return in_use_;
}

std::string PasswordHasher::hash(std::string_view password) {
  Slot slot(*this);
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), params_.opslimit,
                            params_.memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("argon2id hashing ran out of memory");
  }
  return out;
}

bool PasswordHasher::verify(std::string_view stored, std::string_view password) {
  const std::string terminated(stored);
  Slot slot(*this);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

void PasswordHasher::verify_nothing(std::string_view password) {
  verify(dummy_hash_, password);
}

bool PasswordHasher::needs_rehash(std::string_view stored) const {
  const std::string terminated(stored);
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), params_.opslimit, params_.memlimit) !=
         0;
}

}  // namespace guildhall::identity
