#include "modules/identity/rate_store.hpp"

#include <soci/soci.h>

namespace guildhall::identity {

void RateStore::record(soci::session& tx, const std::string& bucket, std::int64_t now_ms) const {
  const long long now = now_ms;
  tx << "INSERT INTO rate_events (bucket, happened_at) VALUES (:b, :t)", soci::use(bucket),
      soci::use(now);
}

std::vector<std::int64_t> RateStore::times(soci::session& sql, const std::string& bucket,
                                           std::int64_t since_ms) const {
  const long long since = since_ms;
  long long at = 0;
  soci::statement st = (sql.prepare << "SELECT happened_at FROM rate_events WHERE bucket = :b AND "
                                       "happened_at > :s ORDER BY happened_at",
                        soci::use(bucket), soci::use(since), soci::into(at));
  std::vector<std::int64_t> out;
  st.execute();
  while (st.fetch()) {
    out.push_back(at);
  }
  return out;
}

void RateStore::clear(soci::session& tx, const std::string& bucket) const {
  tx << "DELETE FROM rate_events WHERE bucket = :b", soci::use(bucket);
}

void RateStore::prune(soci::session& tx, std::int64_t before_ms) const {
  const long long before = before_ms;
  tx << "DELETE FROM rate_events WHERE happened_at < :t", soci::use(before);
}

}  // namespace guildhall::identity
