// The delivery worker's side of the outbox: claiming due messages with a lease, recording each
// attempt and the outcome, and the delivery log admins read.
//
// Claiming is safe with several server instances on one database: a claim is a conditional
// UPDATE (queued and due, or sending with an expired lease) whose affected-row count says whether
// this worker won, and every later write is fenced by `claimed_by`. A worker that died while
// sending leaves its lease to expire, after which another worker sends the message again
// (at least once; receivers de-duplicate by Message-ID).
//
// Recipients are decrypted here, for the worker and for the log (which the caller masks), and
// kept out of the stored error texts: a carrier's error that quotes the address is stored with
// the address masked.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "modules/notifications/outbox.hpp"
#include "privacy/field_cipher.hpp"

namespace guildhall::db {
class Database;
}

namespace guildhall::notifications {

struct ClaimedMessage {
  std::string id{};
  std::string tenant_slug{};
  Channel channel = Channel::email;
  std::string recipient{};
  std::string template_key{};
  std::string locale{};
  std::map<std::string, std::string> params{};
  std::optional<std::int64_t> expires_at_ms{};
  int attempt = 0;  // the number of this attempt, 1 for the first
  bool params_valid = true;
  bool recipient_valid = true;  // false: the stored recipient could not be decrypted
};

struct DeliveryFilter {
  std::vector<std::string> tenant_slugs{};  // empty: every tenant
  std::optional<std::string> status{};      // queued (includes sending), sent, failed, dropped
  std::optional<Channel> channel{};
  int page = 1;
  int page_size = 20;
};

struct DeliveryRecord {
  std::string id{};
  std::string tenant_slug{};
  Channel channel = Channel::email;
  std::string recipient{};  // in full (empty when it cannot be decrypted): the caller masks it
  std::string template_key{};
  std::string status{};
  int attempts = 0;
  std::optional<std::string> last_error{};
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> sent_at_ms{};
};

struct DeliveryPage {
  std::vector<DeliveryRecord> items{};
  long long total = 0;
};

struct AttemptRecord {
  int attempt = 0;
  std::string worker{};
  std::string outcome{};  // sent, retry, failed
  std::optional<std::string> error{};
  std::int64_t attempted_at_ms = 0;
};

class DeliveryStore {
 public:
  DeliveryStore(db::Database& db, const std::shared_ptr<const privacy::KeyRing>& keys)
      : db_(db), cipher_(keys) {}

  // Queued one-time messages whose expiry has passed become `dropped`; returns how many.
  int drop_expired(std::int64_t now_ms);

  // Claims at most `limit` due messages of the given channels for `worker` until now + lease.
  std::vector<ClaimedMessage> claim_due(const std::string& worker, std::int64_t now_ms,
                                        std::int64_t lease_ms, int limit,
                                        const std::vector<Channel>& channels);

  // Each records the attempt and the message's next state in one transaction, only while
  // `worker` still holds the claim; false when it lost it (its lease expired and another took
  // it over).
  bool mark_sent(const ClaimedMessage& m, const std::string& worker, std::int64_t now_ms);
  bool mark_retry(const ClaimedMessage& m, const std::string& worker, std::int64_t now_ms,
                  std::int64_t next_attempt_at_ms, const std::string& error);
  bool mark_failed(const ClaimedMessage& m, const std::string& worker, std::int64_t now_ms,
                   const std::string& error);
  // Not an attempt: the message was never handed to a carrier.
  bool mark_dropped(const ClaimedMessage& m, const std::string& worker, std::int64_t now_ms,
                    const std::string& reason);

  DeliveryPage list(const DeliveryFilter& filter);
  std::vector<AttemptRecord> attempts(const std::string& message_id);
  std::optional<DeliveryRecord> find(const std::string& message_id);

 private:
  bool finish(const ClaimedMessage& m, const std::string& worker, std::int64_t now_ms,
              const std::string& status, const std::string& outcome,
              std::optional<std::int64_t> next_attempt_at_ms, const std::string& error,
              bool record_attempt);
  std::string recipient_of(const std::string& stored, const std::string& message_id) const;

  db::Database& db_;
  privacy::FieldCipher cipher_;
};

}  // namespace guildhall::notifications
