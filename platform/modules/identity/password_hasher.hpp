// argon2id password hashing with a bounded number of hashes in flight. Each hash takes tens of
// milliseconds and ~19 MiB; without a bound, a burst of sign-ins would occupy every worker
// thread and the memory of the host. A caller that cannot get a slot within the wait gets
// core::AppError(unavailable, "busy") — a 503 with Retry-After — instead of queueing for ever.
//
//   PasswordHasher hasher({.opslimit = 2, .memlimit = 19 << 20}, 2, std::chrono::seconds(3));
//   std::string stored = hasher.hash("correct horse");
//   bool ok = hasher.verify(stored, "correct horse");
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

namespace guildhall::identity {

struct HashParams {
  unsigned long long opslimit = 2;
  std::size_t memlimit = std::size_t{19} << 20;
};

class PasswordHasher {
 public:
  PasswordHasher(HashParams params, std::size_t max_concurrent, std::chrono::milliseconds max_wait);

  std::string hash(std::string_view password);
  bool verify(std::string_view stored, std::string_view password);
  // Spends the time of a verification without an account, so that an unknown login answers as
  // slowly as a known one.
  void verify_nothing(std::string_view password);
  // True when `stored` was made with weaker parameters than the current ones.
  bool needs_rehash(std::string_view stored) const;

  std::size_t in_use() const;

 private:
  class Slot;
  void acquire();
  void release();

  HashParams params_;
  std::size_t max_concurrent_;
  std::chrono::milliseconds max_wait_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::size_t in_use_ = 0;
  std::string dummy_hash_;
};

}  // namespace guildhall::identity
