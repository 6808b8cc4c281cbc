#include "modules/identity/account_store.hpp"

#include <soci/soci.h>

#include <algorithm>

namespace guildhall::identity {

namespace {

const std::string kColumns =
    "id, realm_slug, mobile, email, password_hash, status, frozen_reason, must_change_password, "
    "created_at, updated_at, last_sign_in_at";

// Bound by reference in statements, so the row lives as long as the statement.
struct Row {
  AccountRecord a;
  std::string email;
  std::string reason;
  int must_change = 0;
  long long created_at = 0;
  long long updated_at = 0;
  long long last_sign_in_at = 0;
  soci::indicator email_ind = soci::i_null;
  soci::indicator reason_ind = soci::i_null;
  soci::indicator last_ind = soci::i_null;

  AccountRecord take() const {
    AccountRecord out = a;
    if (email_ind == soci::i_ok) {
      out.email = email;
    }
    if (reason_ind == soci::i_ok) {
      out.frozen_reason = reason;
    }
    out.must_change_password = must_change != 0;
    out.created_at = created_at;
    out.updated_at = updated_at;
    if (last_ind == soci::i_ok) {
      out.last_sign_in_at = last_sign_in_at;
    }
    return out;
  }
};

std::optional<AccountRecord> find_one(const AccountStore& store, soci::session& sql,
                                      const std::string& where, const std::string& p1,
                                      const std::string* p2) {
  Row r;
  soci::statement st(sql);
  st.exchange(soci::into(r.a.id));
  st.exchange(soci::into(r.a.realm));
  st.exchange(soci::into(r.a.mobile));
  st.exchange(soci::into(r.email, r.email_ind));
  st.exchange(soci::into(r.a.password_hash));
  st.exchange(soci::into(r.a.status));
  st.exchange(soci::into(r.reason, r.reason_ind));
  st.exchange(soci::into(r.must_change));
  st.exchange(soci::into(r.created_at));
  st.exchange(soci::into(r.updated_at));
  st.exchange(soci::into(r.last_sign_in_at, r.last_ind));
  st.exchange(soci::use(p1));
  if (p2 != nullptr) {
    st.exchange(soci::use(*p2));
  }
  st.alloc();
  st.prepare("SELECT " + kColumns + " FROM accounts WHERE " + where);
  st.define_and_bind();
  if (!st.execute(true)) {
    return std::nullopt;
  }
  AccountRecord out = r.take();
  out.roles = store.roles(sql, out.id);
  return out;
}

}  // namespace

std::optional<AccountRecord> AccountStore::find_by_id(soci::session& sql,
                                                      const std::string& id) const {
  return find_one(*this, sql, "id = :id", id, nullptr);
}

std::optional<AccountRecord> AccountStore::find_by_mobile(soci::session& sql,
                                                          const std::string& realm,
                                                          const std::string& mobile) const {
  return find_one(*this, sql, "realm_slug = :r AND mobile = :m", realm, &mobile);
}

std::optional<AccountRecord> AccountStore::find_by_email(soci::session& sql,
                                                         const std::string& realm,
                                                         const std::string& email) const {
  std::string lower = email;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return find_one(*this, sql,
                  "realm_slug = :r AND email_normalised = :e ORDER BY created_at LIMIT 1", realm,
                  &lower);
}

std::vector<std::string> AccountStore::search(soci::session& sql,
                                              const AccountSearch& search) const {
  std::string query = "SELECT a.id, a.created_at FROM accounts a WHERE a.realm_slug = :realm";
  if (search.tenants) {
    if (search.tenants->empty()) {
      return {};
    }
    query +=
        " AND EXISTS (SELECT 1 FROM account_roles r WHERE r.account_id = a.id AND "
        "r.tenant_slug IN (";
    for (std::size_t i = 0; i < search.tenants->size(); ++i) {
      query += (i == 0 ? ":t" : ", :t") + std::to_string(i);
    }
    query += "))";
  }
  // '!' escapes LIKE wildcards the same way on both engines.
  std::string pattern;
  if (!search.text.empty()) {
    for (char c : search.text) {
      if (c == '%' || c == '_' || c == '!') {
        pattern.push_back('!');
      }
      pattern.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    pattern = "%" + pattern + "%";
    query += " AND (a.mobile LIKE :p1 ESCAPE '!' OR a.email_normalised LIKE :p2 ESCAPE '!')";
  }
  if (!search.status.empty()) {
    query += " AND a.status = :status";
  }
  query += " ORDER BY a.created_at DESC, a.id DESC";

  std::string id;
  long long created_at = 0;
  soci::statement st(sql);
  st.exchange(soci::into(id));
  st.exchange(soci::into(created_at));
  st.exchange(soci::use(search.realm));
  if (search.tenants) {
    for (const auto& t : *search.tenants) {
      st.exchange(soci::use(t));
    }
  }
  if (!search.text.empty()) {
    st.exchange(soci::use(pattern));
    st.exchange(soci::use(pattern));
  }
  if (!search.status.empty()) {
    st.exchange(soci::use(search.status));
  }
  st.alloc();
  st.prepare(query);
  st.define_and_bind();
  std::vector<std::string> out;
  st.execute(false);
  while (st.fetch()) {
    out.push_back(id);
  }
  return out;
}

void AccountStore::insert(soci::session& tx, const AccountRecord& a) const {
  std::string email_normalised;
  soci::indicator email_ind = soci::i_null;
  std::string email;
  if (a.email) {
    email = *a.email;
    email_normalised = email;
    std::transform(email_normalised.begin(), email_normalised.end(), email_normalised.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    email_ind = soci::i_ok;
  }
  soci::indicator email_norm_ind = email_ind;
  const int must_change = a.must_change_password ? 1 : 0;
  const long long created_at = a.created_at;
  tx << "INSERT INTO accounts (id, realm_slug, mobile, email, email_normalised, password_hash, "
        "status, frozen_reason, must_change_password, created_at, updated_at, last_sign_in_at) "
        "VALUES (:id, :realm, :mobile, :email, :en, :hash, :status, NULL, :mc, :c, :u, NULL)",
      soci::use(a.id), soci::use(a.realm), soci::use(a.mobile), soci::use(email, email_ind),
      soci::use(email_normalised, email_norm_ind), soci::use(a.password_hash), soci::use(a.status),
      soci::use(must_change), soci::use(created_at), soci::use(created_at);
}

void AccountStore::set_password(soci::session& tx, const std::string& id, const std::string& hash,
                                bool must_change, std::int64_t now_ms) const {
  const int mc = must_change ? 1 : 0;
  const long long now = now_ms;
  tx << "UPDATE accounts SET password_hash = :h, must_change_password = :mc, updated_at = :u "
        "WHERE id = :id",
      soci::use(hash), soci::use(mc), soci::use(now), soci::use(id);
}

void AccountStore::set_status(soci::session& tx, const std::string& id, const std::string& status,
                              const std::optional<std::string>& reason, std::int64_t now_ms) const {
  const std::string text = reason.value_or("");
  soci::indicator ind = reason ? soci::i_ok : soci::i_null;
  const long long now = now_ms;
  tx << "UPDATE accounts SET status = :s, frozen_reason = :r, updated_at = :u WHERE id = :id",
      soci::use(status), soci::use(text, ind), soci::use(now), soci::use(id);
}

void AccountStore::record_sign_in(soci::session& tx, const std::string& id,
                                  std::int64_t now_ms) const {
  const long long now = now_ms;
  tx << "UPDATE accounts SET last_sign_in_at = :t WHERE id = :id", soci::use(now), soci::use(id);
}

std::vector<RoleGrant> AccountStore::roles(soci::session& sql,
                                           const std::string& account_id) const {
  std::vector<RoleGrant> out;
  std::string tenant;
  std::string role;
  soci::statement st = (sql.prepare << "SELECT tenant_slug, role FROM account_roles WHERE "
                                       "account_id = :a ORDER BY tenant_slug, role",
                        soci::use(account_id), soci::into(tenant), soci::into(role));
  st.execute();
  while (st.fetch()) {
    if (auto r = parse_role(role)) {
      out.push_back({tenant, *r});
    }
  }
  return out;
}

void AccountStore::grant(soci::session& tx, const std::string& account_id, const RoleGrant& grant,
                         const std::optional<std::string>& granted_by, std::int64_t now_ms) const {
  const std::string role(to_string(grant.role));
  long long existing = 0;
  tx << "SELECT COUNT(*) FROM account_roles WHERE account_id = :a AND tenant_slug = :t AND "
        "role = :r",
      soci::use(account_id), soci::use(grant.tenant), soci::use(role), soci::into(existing);
  if (existing > 0) {
    return;
  }
  const std::string by = granted_by.value_or("");
  soci::indicator by_ind = granted_by ? soci::i_ok : soci::i_null;
  const long long now = now_ms;
  tx << "INSERT INTO account_roles (account_id, tenant_slug, role, granted_at, granted_by) "
        "VALUES (:a, :t, :r, :at, :by)",
      soci::use(account_id), soci::use(grant.tenant), soci::use(role), soci::use(now),
      soci::use(by, by_ind);
}

void AccountStore::revoke(soci::session& tx, const std::string& account_id,
                          const RoleGrant& grant) const {
  const std::string role(to_string(grant.role));
  tx << "DELETE FROM account_roles WHERE account_id = :a AND tenant_slug = :t AND role = :r",
      soci::use(account_id), soci::use(grant.tenant), soci::use(role);
}

bool AccountStore::any_platform_admin(soci::session& sql) const {
  long long count = 0;
  const std::string role(to_string(Role::platform_admin));
  sql << "SELECT COUNT(*) FROM account_roles WHERE role = :r", soci::use(role), soci::into(count);
  return count > 0;
}

}  // namespace guildhall::identity
