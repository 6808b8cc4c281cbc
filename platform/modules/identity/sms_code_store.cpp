#include "modules/identity/sms_code_store.hpp"

#include <soci/soci.h>

#include "modules/identity/contact_fields.hpp"

namespace guildhall::identity {

void SmsCodeStore::insert(soci::session& tx, const SmsCodeRecord& c) const {
  const long long created = c.created_at;
  const long long expires = c.expires_at;
  const int attempts = c.attempts;
  const std::string mobile_index =
      index_.of(kSmsCodeMobileField, privacy::ValueKind::mobile, c.mobile);
  tx << "INSERT INTO sms_codes (id, realm_slug, mobile_index, purpose, code_hash, attempts, "
        "created_at, expires_at, consumed_at) VALUES (:id, :r, :m, :p, :h, :n, :c, :e, NULL)",
      soci::use(c.id), soci::use(c.realm), soci::use(mobile_index), soci::use(c.purpose),
      soci::use(c.code_hash), soci::use(attempts), soci::use(created), soci::use(expires);
}

std::optional<SmsCodeRecord> SmsCodeStore::latest_open(soci::session& sql, const std::string& realm,
                                                       const std::string& mobile,
                                                       const std::string& purpose) const {
  SmsCodeRecord c;
  long long created = 0;
  long long expires = 0;
  int attempts = 0;
  // Under every blind-index key, so that codes sent just before a key rotation still work.
  const auto candidates =
      index_.candidates(kSmsCodeMobileField, privacy::ValueKind::mobile, mobile);
  std::string in;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    in += (i == 0 ? ":m" : ", :m") + std::to_string(i);
  }
  soci::statement st(sql);
  st.exchange(soci::into(c.id));
  st.exchange(soci::into(c.code_hash));
  st.exchange(soci::into(attempts));
  st.exchange(soci::into(created));
  st.exchange(soci::into(expires));
  st.exchange(soci::use(realm));
  for (const auto& candidate : candidates) {
    st.exchange(soci::use(candidate));
  }
  st.exchange(soci::use(purpose));
  st.alloc();
  st.prepare(
      "SELECT id, code_hash, attempts, created_at, expires_at FROM sms_codes WHERE "
      "realm_slug = :r AND mobile_index IN (" +
      in +
      ") AND purpose = :p AND consumed_at IS NULL ORDER BY created_at DESC, id DESC "
      "LIMIT 1");
  st.define_and_bind();
  if (!st.execute(true)) {
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
