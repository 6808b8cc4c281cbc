// SQL for throttling events: one row per counted event in a bucket (a hashed account key, phone
// or IP). Kept in the database so that every server instance sees the same counts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace guildhall::identity {

class RateStore {
 public:
  void record(soci::session& tx, const std::string& bucket, std::int64_t now_ms) const;
  // Times of the bucket's events after `since_ms`.
  std::vector<std::int64_t> times(soci::session& sql, const std::string& bucket,
                                  std::int64_t since_ms) const;
  void clear(soci::session& tx, const std::string& bucket) const;
  // Drops events older than any window looks at.
  void prune(soci::session& tx, std::int64_t before_ms) const;
};

}  // namespace guildhall::identity
