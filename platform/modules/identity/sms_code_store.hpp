// SQL for SMS codes. Guesses are claimed with a conditional UPDATE, so concurrent requests on
// several instances cannot together make more than the allowed number of guesses. The phone is
// stored only as a blind index: codes are looked up by number, never read back.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "privacy/blind_index.hpp"

namespace soci {
class session;
}

namespace guildhall::identity {

struct SmsCodeRecord {
  std::string id;
  std::string realm;
  std::string mobile;
  std::string purpose;
  std::string code_hash;
  int attempts = 0;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
};

class SmsCodeStore {
 public:
  explicit SmsCodeStore(const std::shared_ptr<const privacy::KeyRing>& keys) : index_(keys) {}

  void insert(soci::session& tx, const SmsCodeRecord& code) const;
  // The newest unconsumed code for this phone and purpose.
  std::optional<SmsCodeRecord> latest_open(soci::session& sql, const std::string& realm,
                                           const std::string& mobile,
                                           const std::string& purpose) const;
  // Uses up one guess; false when none was left.
  bool claim_attempt(soci::session& tx, const std::string& id, int max_attempts) const;
  // Marks the code used; false when another request used it first.
  bool consume(soci::session& tx, const std::string& id, std::int64_t now_ms) const;

 private:
  privacy::BlindIndex index_;
};

}  // namespace guildhall::identity
