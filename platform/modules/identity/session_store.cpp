#include "modules/identity/session_store.hpp"

#include <soci/soci.h>

namespace guildhall::identity {

namespace {

const std::string kColumns =
    "id_hash, public_id, account_id, realm_slug, idle_timeout_ms, created_at, last_seen_at, "
    "expires_at, ended_at, ip, user_agent";

struct Row {
  SessionRecord s;
  long long idle = 0;
  long long created = 0;
  long long seen = 0;
  long long expires = 0;
  long long ended = 0;
  soci::indicator ended_ind = soci::i_null;

  void bind(soci::statement& st) {
    st.exchange(soci::into(s.id_hash));
    st.exchange(soci::into(s.public_id));
    st.exchange(soci::into(s.account_id));
    st.exchange(soci::into(s.realm));
    st.exchange(soci::into(idle));
    st.exchange(soci::into(created));
    st.exchange(soci::into(seen));
    st.exchange(soci::into(expires));
    st.exchange(soci::into(ended, ended_ind));
    st.exchange(soci::into(s.ip));
    st.exchange(soci::into(s.user_agent));
  }
  SessionRecord take() const {
    SessionRecord out = s;
    out.idle_timeout_ms = idle;
    out.created_at = created;
    out.last_seen_at = seen;
    out.expires_at = expires;
    if (ended_ind == soci::i_ok) {
      out.ended_at = ended;
    }
    return out;
  }
};

}  // namespace

void SessionStore::insert(soci::session& tx, const SessionRecord& s) const {
  const long long idle = s.idle_timeout_ms;
  const long long created = s.created_at;
  const long long seen = s.last_seen_at;
  const long long expires = s.expires_at;
  tx << "INSERT INTO sessions (" + kColumns +
            ") VALUES (:h, :p, :a, :r, :idle, :c, :s, :e, NULL, :ip, :ua)",
      soci::use(s.id_hash), soci::use(s.public_id), soci::use(s.account_id), soci::use(s.realm),
      soci::use(idle), soci::use(created), soci::use(seen), soci::use(expires), soci::use(s.ip),
      soci::use(s.user_agent);
}

std::optional<SessionRecord> SessionStore::find(soci::session& sql,
                                                const std::string& id_hash) const {
  Row r;
  soci::statement st(sql);
  r.bind(st);
  st.exchange(soci::use(id_hash));
  st.alloc();
  st.prepare("SELECT " + kColumns + " FROM sessions WHERE id_hash = :h");
  st.define_and_bind();
  if (!st.execute(true)) {
    return std::nullopt;
  }
  return r.take();
}

void SessionStore::touch(soci::session& sql, const std::string& id_hash,
                         std::int64_t now_ms) const {
  const long long now = now_ms;
  sql << "UPDATE sessions SET last_seen_at = :t WHERE id_hash = :h AND last_seen_at < :t2",
      soci::use(now), soci::use(id_hash), soci::use(now);
}

bool SessionStore::end_by_public_id(soci::session& tx, const std::string& account_id,
                                    const std::string& public_id, std::int64_t now_ms) const {
  const long long now = now_ms;
  soci::statement st = (tx.prepare << "UPDATE sessions SET ended_at = :t WHERE account_id = :a "
                                      "AND public_id = :p AND ended_at IS NULL",
                        soci::use(now), soci::use(account_id), soci::use(public_id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

void SessionStore::end_all(soci::session& tx, const std::string& account_id,
                           const std::string& keep_public_id, std::int64_t now_ms) const {
  const long long now = now_ms;
  tx << "UPDATE sessions SET ended_at = :t WHERE account_id = :a AND public_id <> :k AND "
        "ended_at IS NULL",
      soci::use(now), soci::use(account_id), soci::use(keep_public_id);
}

std::vector<SessionRecord> SessionStore::open_sessions(soci::session& sql,
                                                       const std::string& account_id,
                                                       std::int64_t now_ms) const {
  const long long now = now_ms;
  Row r;
  soci::statement st(sql);
  r.bind(st);
  st.exchange(soci::use(account_id));
  st.exchange(soci::use(now));
  st.alloc();
  st.prepare("SELECT " + kColumns +
             " FROM sessions WHERE account_id = :a AND ended_at IS NULL AND expires_at > :t "
             "ORDER BY created_at DESC");
  st.define_and_bind();
  std::vector<SessionRecord> out;
  st.execute(false);
  while (st.fetch()) {
    out.push_back(r.take());
  }
  return out;
}

}  // namespace guildhall::identity
