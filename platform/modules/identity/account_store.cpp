#include "modules/identity/account_store.hpp"

#include <soci/soci.h>

#include "db/sql_list.hpp"
#include "modules/identity/contact_fields.hpp"

namespace guildhall::identity {

namespace {

const std::string kColumns =
    "id, realm_slug, mobile_cipher, email_cipher, password_hash, status, frozen_reason, "
    "must_change_password, created_at, updated_at, last_sign_in_at";

// Bound by reference in statements, so the row lives as long as the statement.
struct Row {
  AccountRecord a;
  std::string mobile;
  std::string email;
  std::string reason;
  int must_change = 0;
  long long created_at = 0;
  long long updated_at = 0;
  long long last_sign_in_at = 0;
  soci::indicator mobile_ind = soci::i_null;
  soci::indicator email_ind = soci::i_null;
  soci::indicator reason_ind = soci::i_null;
  soci::indicator last_ind = soci::i_null;

  AccountRecord take(const privacy::FieldCipher& cipher) const {
    AccountRecord out = a;
    if (mobile_ind == soci::i_ok) {
      out.mobile = cipher.decrypt(mobile, kAccountMobileField, a.id);
    }
    if (email_ind == soci::i_ok) {
      out.email = cipher.decrypt(email, kAccountEmailField, a.id);
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

using db::placeholders;

}  // namespace

AccountStore::AccountStore(const std::shared_ptr<const privacy::KeyRing>& keys)
    : cipher_(keys), index_(keys) {}

std::optional<AccountRecord> AccountStore::find_one(soci::session& sql, const std::string& where,
                                                    const std::vector<std::string>& params) const {
  Row r;
  soci::statement st(sql);
  st.exchange(soci::into(r.a.id));
  st.exchange(soci::into(r.a.realm));
  st.exchange(soci::into(r.mobile, r.mobile_ind));
  st.exchange(soci::into(r.email, r.email_ind));
  st.exchange(soci::into(r.a.password_hash));
  st.exchange(soci::into(r.a.status));
  st.exchange(soci::into(r.reason, r.reason_ind));
  st.exchange(soci::into(r.must_change));
  st.exchange(soci::into(r.created_at));
  st.exchange(soci::into(r.updated_at));
  st.exchange(soci::into(r.last_sign_in_at, r.last_ind));
  for (const auto& p : params) {
    st.exchange(soci::use(p));
  }
  st.alloc();
  st.prepare("SELECT " + kColumns + " FROM accounts WHERE " + where);
  st.define_and_bind();
  if (!st.execute(true)) {
    return std::nullopt;
  }
  AccountRecord out = r.take(cipher_);
  out.roles = roles(sql, out.id);
  return out;
}

std::optional<AccountRecord> AccountStore::find_by_id(soci::session& sql,
                                                      const std::string& id) const {
  return find_one(sql, "id = :id", {id});
}

std::optional<AccountRecord> AccountStore::find_by_mobile(soci::session& sql,
                                                          const std::string& realm,
                                                          const std::string& mobile) const {
  auto params = index_.candidates(kAccountMobileField, privacy::ValueKind::mobile, mobile);
  const auto in = placeholders("m", params.size());
  params.insert(params.begin(), realm);
  return find_one(sql, "realm_slug = :r AND mobile_index IN (" + in + ")", params);
}

std::optional<AccountRecord> AccountStore::find_by_email(soci::session& sql,
                                                         const std::string& realm,
                                                         const std::string& email) const {
  auto params = index_.candidates(kAccountEmailField, privacy::ValueKind::email, email);
  const auto in = placeholders("e", params.size());
  params.insert(params.begin(), realm);
  return find_one(sql,
                  "realm_slug = :r AND email_index IN (" + in + ") ORDER BY created_at, id LIMIT 1",
                  params);
}

std::vector<std::string> AccountStore::search(soci::session& sql,
                                              const AccountSearch& search) const {
  std::vector<std::string> values{search.realm};
  std::string query = "SELECT a.id, a.created_at FROM accounts a WHERE a.realm_slug = :realm";
  if (search.tenants) {
    if (search.tenants->empty()) {
      return {};
    }
    query +=
        " AND EXISTS (SELECT 1 FROM account_roles r WHERE r.account_id = a.id AND "
        "r.tenant_slug IN (" +
        placeholders("t", search.tenants->size()) + "))";
    values.insert(values.end(), search.tenants->begin(), search.tenants->end());
  }
  if (search.mobile) {
    const auto c =
        index_.candidates(kAccountMobileField, privacy::ValueKind::mobile, *search.mobile);
    query += " AND a.mobile_index IN (" + placeholders("m", c.size()) + ")";
    values.insert(values.end(), c.begin(), c.end());
  }
  if (search.email) {
    const auto c = index_.candidates(kAccountEmailField, privacy::ValueKind::email, *search.email);
    query += " AND a.email_index IN (" + placeholders("e", c.size()) + ")";
    values.insert(values.end(), c.begin(), c.end());
  }
  if (!search.id_prefix.empty()) {
    // '!' escapes LIKE wildcards the same way on both engines.
    std::string pattern;
    for (char c : search.id_prefix) {
      if (c == '%' || c == '_' || c == '!') {
        pattern.push_back('!');
      }
      pattern.push_back(c);
    }
    query += " AND a.id LIKE :p ESCAPE '!'";
    values.push_back(pattern + "%");
  }
  if (!search.status.empty()) {
    query += " AND a.status = :status";
    values.push_back(search.status);
  }
  query += " ORDER BY a.created_at DESC, a.id DESC";

  std::string id;
  long long created_at = 0;
  soci::statement st(sql);
  st.exchange(soci::into(id));
  st.exchange(soci::into(created_at));
  for (const auto& v : values) {
    st.exchange(soci::use(v));
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
  const std::string mobile_cipher = cipher_.encrypt(a.mobile, kAccountMobileField, a.id);
  const std::string mobile_index =
      index_.of(kAccountMobileField, privacy::ValueKind::mobile, a.mobile);
  std::string email_cipher;
  std::string email_index;
  soci::indicator email_ind = soci::i_null;
  if (a.email) {
    email_cipher = cipher_.encrypt(*a.email, kAccountEmailField, a.id);
    email_index = index_.of(kAccountEmailField, privacy::ValueKind::email, *a.email);
    email_ind = soci::i_ok;
  }
  soci::indicator email_index_ind = email_ind;
  const int must_change = a.must_change_password ? 1 : 0;
  const long long created_at = a.created_at;
  tx << "INSERT INTO accounts (id, realm_slug, mobile_cipher, mobile_index, email_cipher, "
        "email_index, password_hash, status, frozen_reason, must_change_password, created_at, "
        "updated_at, last_sign_in_at) VALUES (:id, :realm, :mc, :mi, :ec, :ei, :hash, :status, "
        "NULL, :mcp, :c, :u, NULL)",
      soci::use(a.id), soci::use(a.realm), soci::use(mobile_cipher), soci::use(mobile_index),
      soci::use(email_cipher, email_ind), soci::use(email_index, email_index_ind),
      soci::use(a.password_hash), soci::use(a.status), soci::use(must_change),
      soci::use(created_at), soci::use(created_at);
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

std::vector<std::pair<std::string, std::string>> AccountStore::holders(soci::session& sql,
                                                                       const std::string& realm,
                                                                       Role role) const {
  std::vector<std::pair<std::string, std::string>> out;
  const std::string name(to_string(role));
  std::string account;
  std::string tenant;
  soci::statement st =
      (sql.prepare << "SELECT r.account_id, r.tenant_slug FROM account_roles r JOIN accounts a ON "
                      "a.id = r.account_id WHERE a.realm_slug = :realm AND a.status = 'active' "
                      "AND r.role = :role ORDER BY r.account_id, r.tenant_slug",
       soci::use(realm), soci::use(name), soci::into(account), soci::into(tenant));
  st.execute();
  while (st.fetch()) {
    out.emplace_back(account, tenant);
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
