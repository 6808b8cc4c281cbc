#include "modules/identity/audit_store.hpp"

#include <soci/soci.h>

namespace guildhall::identity {

void AuditStore::append(soci::session& tx, const AuditEvent& e) const {
  const long long at = e.at;
  const std::string actor = e.actor.value_or("");
  const std::string subject = e.subject.value_or("");
  soci::indicator actor_ind = e.actor ? soci::i_ok : soci::i_null;
  soci::indicator subject_ind = e.subject ? soci::i_ok : soci::i_null;
  tx << "INSERT INTO audit_events (happened_at, event, realm_slug, tenant_slug, "
        "actor_account_id, subject_account_id, ip, detail) VALUES (:at, :e, :r, :t, :a, :s, "
        ":ip, :d)",
      soci::use(at), soci::use(e.event), soci::use(e.realm), soci::use(e.tenant),
      soci::use(actor, actor_ind), soci::use(subject, subject_ind), soci::use(e.ip),
      soci::use(e.detail);
}

AuditPage AuditStore::query(soci::session& sql, const AuditFilter& f) const {
  AuditPage page;
  if (f.tenants.empty()) {
    return page;
  }
  std::string where = " FROM audit_events WHERE tenant_slug IN (";
  for (std::size_t i = 0; i < f.tenants.size(); ++i) {
    where += (i == 0 ? ":t" : ", :t") + std::to_string(i);
  }
  where += ")";
  if (!f.event.empty()) {
    where += " AND event = :event";
  }
  if (!f.account.empty()) {
    where += " AND (actor_account_id = :a1 OR subject_account_id = :a2)";
  }
  const long long from = f.from_ms.value_or(0);
  const long long to = f.to_ms.value_or(0);
  if (f.from_ms) {
    where += " AND happened_at >= :from";
  }
  if (f.to_ms) {
    where += " AND happened_at < :to";
  }
  const auto bind_filters = [&](soci::statement& st) {
    for (const auto& t : f.tenants) {
      st.exchange(soci::use(t));
    }
    if (!f.event.empty()) {
      st.exchange(soci::use(f.event));
    }
    if (!f.account.empty()) {
      st.exchange(soci::use(f.account));
      st.exchange(soci::use(f.account));
    }
    if (f.from_ms) {
      st.exchange(soci::use(from));
    }
    if (f.to_ms) {
      st.exchange(soci::use(to));
    }
  };
  {
    soci::statement st(sql);
    st.exchange(soci::into(page.total));
    bind_filters(st);
    st.alloc();
    st.prepare("SELECT COUNT(*)" + where);
    st.define_and_bind();
    st.execute(true);
  }
  AuditEvent e;
  long long at = 0;
  std::string actor;
  std::string subject;
  soci::indicator actor_ind = soci::i_null;
  soci::indicator subject_ind = soci::i_null;
  const int limit = f.limit;
  const int offset = f.offset;
  soci::statement st(sql);
  st.exchange(soci::into(e.id));
  st.exchange(soci::into(at));
  st.exchange(soci::into(e.event));
  st.exchange(soci::into(e.realm));
  st.exchange(soci::into(e.tenant));
  st.exchange(soci::into(actor, actor_ind));
  st.exchange(soci::into(subject, subject_ind));
  st.exchange(soci::into(e.ip));
  st.exchange(soci::into(e.detail));
  bind_filters(st);
  st.exchange(soci::use(limit));
  st.exchange(soci::use(offset));
  st.alloc();
  st.prepare(
      "SELECT id, happened_at, event, realm_slug, tenant_slug, actor_account_id, "
      "subject_account_id, ip, detail" +
      where + " ORDER BY happened_at DESC, id DESC LIMIT :limit OFFSET :offset");
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) {
    AuditEvent row = e;
    row.at = at;
    row.actor = actor_ind == soci::i_ok ? std::optional(actor) : std::nullopt;
    row.subject = subject_ind == soci::i_ok ? std::optional(subject) : std::nullopt;
    page.items.push_back(std::move(row));
  }
  return page;
}

}  // namespace guildhall::identity
