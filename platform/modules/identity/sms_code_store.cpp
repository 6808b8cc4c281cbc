#include "modules/identity/sms_code_store.hpp"

#include <soci/soci.h>

namespace guildhall::identity {

void SmsCodeStore::insert(soci::session& tx, const SmsCodeRecord& c) const {
  const long long created = c.created_at;
  const long long expires = c.expires_at;
  const int attempts = c.attempts;
  tx << "INSERT INTO sms_codes (id, realm_slug, mobile, purpose, code_hash, attempts, created_at, "
        "expires_at, consumed_at) VALUES (:id, :r, :m, :p, :h, :n, :c, :e, NULL)",
      soci::use(c.id), soci::use(c.realm), soci::use(c.mobile), soci::use(c.purpose),
      soci::use(c.code_hash), soci::use(attempts), soci::use(created), soci::use(expires);
}

std::optional<SmsCodeRecord> SmsCodeStore::latest_open(soci::session& sql, const std::string& realm,
                                                       const std::string& mobile,
                                                       const std::string& purpose) const {
  SmsCodeRecord c;
  long long created = 0;
  long long expires = 0;
  int attempts = 0;
  sql << "SELECT id, code_hash, attempts, created_at, expires_at FROM sms_codes WHERE "
         "realm_slug = :r AND mobile = :m AND purpose = :p AND consumed_at IS NULL "
         "ORDER BY created_at DESC, id DESC LIMIT 1",
      soci::use(realm), soci::use(mobile), soci::use(purpose), soci::into(c.id),
      soci::into(c.code_hash), soci::into(attempts), soci::into(created), soci::into(expires);
  if (!sql.got_data()) {
    return std::nullopt;
  }
  c.realm = realm;
  c.mobile = mobile;
  c.purpose = purpose;
  c.attempts = attempts;
  c.created_at = created;
  c.expires_at = expires;
  return c;
}

bool SmsCodeStore::claim_attempt(soci::session& tx, const std::string& id, int max_attempts) const {
  soci::statement st = (tx.prepare << "UPDATE sms_codes SET attempts = attempts + 1 WHERE id = :id "
                                      "AND attempts < :max AND consumed_at IS NULL",
                        soci::use(id), soci::use(max_attempts));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

bool SmsCodeStore::consume(soci::session& tx, const std::string& id, std::int64_t now_ms) const {
  const long long now = now_ms;
  soci::statement st = (tx.prepare << "UPDATE sms_codes SET consumed_at = :t WHERE id = :id AND "
                                      "consumed_at IS NULL",
                        soci::use(now), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

}  // namespace guildhall::identity
