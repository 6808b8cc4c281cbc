#include "modules/identity/reset_token_store.hpp"

#include <soci/soci.h>

namespace guildhall::identity {

void ResetTokenStore::insert(soci::session& tx, const ResetTokenRecord& t) const {
  const long long created = t.created_at;
  const long long expires = t.expires_at;
  tx << "INSERT INTO password_resets (token_hash, account_id, tenant_slug, created_at, "
        "expires_at, used_at) VALUES (:h, :a, :t, :c, :e, NULL)",
      soci::use(t.token_hash), soci::use(t.account_id), soci::use(t.tenant_slug),
      soci::use(created), soci::use(expires);
}

std::optional<ResetTokenRecord> ResetTokenStore::find(soci::session& sql,
                                                      const std::string& token_hash) const {
  ResetTokenRecord t;
  long long created = 0;
  long long expires = 0;
  long long used = 0;
  soci::indicator used_ind = soci::i_null;
  sql << "SELECT account_id, tenant_slug, created_at, expires_at, used_at FROM password_resets "
         "WHERE token_hash = :h",
      soci::use(token_hash), soci::into(t.account_id), soci::into(t.tenant_slug),
      soci::into(created), soci::into(expires), soci::into(used, used_ind);
  if (!sql.got_data()) {
    return std::nullopt;
  }
  t.token_hash = token_hash;
  t.created_at = created;
  t.expires_at = expires;
  if (used_ind == soci::i_ok) {
    t.used_at = used;
  }
  return t;
}

bool ResetTokenStore::use(soci::session& tx, const std::string& token_hash,
                          std::int64_t now_ms) const {
  const long long now = now_ms;
  soci::statement st = (tx.prepare << "UPDATE password_resets SET used_at = :t WHERE token_hash = "
                                      ":h AND used_at IS NULL",
                        soci::use(now), soci::use(token_hash));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

void ResetTokenStore::retire_all(soci::session& tx, const std::string& account_id,
                                 std::int64_t now_ms) const {
  const long long now = now_ms;
  tx << "UPDATE password_resets SET used_at = :t WHERE account_id = :a AND used_at IS NULL",
      soci::use(now), soci::use(account_id);
}

}  // namespace guildhall::identity
