#include "modules/legacy/legacy_store.hpp"

#include <soci/soci.h>

#include "db/soci_values.hpp"
#include "db/sql_list.hpp"

namespace guildhall::legacy {
namespace {

using db::Nullable;
using db::optional_of;

constexpr const char* kColumns =
    "id, tenant_slug, realm_slug, member_number, certificate_number, name, member_type, "
    "mobile_index, id_index, protected_cipher, values_json, joined_on, valid_until, status, "
    "account_id, application_id, activated_at, imported_at, updated_at";

LegacyRow row_of(const soci::row& r) {
  LegacyRow row;
  row.id = r.get<std::string>("id");
  row.tenant = r.get<std::string>("tenant_slug");
  row.realm = r.get<std::string>("realm_slug");
  row.member_number = r.get<std::string>("member_number");
  row.certificate_number = optional_of<std::string>(r, "certificate_number");
  row.name = r.get<std::string>("name");
  row.member_type = r.get<std::string>("member_type");
  row.mobile_index = r.get<std::string>("mobile_index");
  row.id_index = optional_of<std::string>(r, "id_index");
  row.protected_cipher = r.get<std::string>("protected_cipher");
  row.values_json = r.get<std::string>("values_json");
  row.joined_on = optional_of<std::string>(r, "joined_on");
  row.valid_until = optional_of<std::string>(r, "valid_until");
  row.status = r.get<std::string>("status");
  row.account_id = optional_of<std::string>(r, "account_id");
  row.application_id = optional_of<std::string>(r, "application_id");
  row.activated_at = optional_of<long long>(r, "activated_at");
  row.imported_at = r.get<long long>("imported_at");
  row.updated_at = r.get<long long>("updated_at");
  return row;
}

// Rows of `where`, whose placeholders take `params` in order.
std::vector<LegacyRow> select(soci::session& sql, const std::string& where,
                              const std::vector<std::string>& params,
                              const std::string& tail = {}) {
  soci::statement st(sql);
  soci::row r;
  st.exchange(soci::into(r));
  for (const auto& p : params) {
    st.exchange(soci::use(p));
  }
  st.alloc();
  st.prepare(std::string("SELECT ") + kColumns + " FROM legacy_members WHERE " + where + tail);
  st.define_and_bind();
  st.execute(false);
  std::vector<LegacyRow> out;
  while (st.fetch()) {
    out.push_back(row_of(r));
  }
  return out;
}

// Look-ups by many values go in slices, so that no statement binds thousands of values.
constexpr std::size_t kSlice = 500;

std::vector<LegacyRow> in_slices(soci::session& sql, const std::string& column,
                                 const std::string& scope_column, const std::string& scope,
                                 const std::vector<std::string>& values) {
  std::vector<LegacyRow> out;
  for (std::size_t from = 0; from < values.size(); from += kSlice) {
    const std::size_t to = std::min(values.size(), from + kSlice);
    std::vector<std::string> params{scope};
    params.insert(params.end(), values.begin() + static_cast<std::ptrdiff_t>(from),
                  values.begin() + static_cast<std::ptrdiff_t>(to));
    auto some = select(
        sql,
        scope_column + " = :s AND " + column + " IN (" + db::placeholders("v", to - from) + ")",
        params);
    out.insert(out.end(), std::make_move_iterator(some.begin()),
               std::make_move_iterator(some.end()));
  }
  return out;
}

// The WHERE clause of a list query and its parameters.
std::pair<std::string, std::vector<std::string>> where_of(const LegacyQuery& q) {
  std::vector<std::string> params = q.tenants;
  std::string where = "tenant_slug IN (" + db::placeholders("t", q.tenants.size()) + ")";
  if (!q.status.empty()) {
    where += " AND status = :st";
    params.push_back(q.status);
  }
  if (!q.q.empty()) {
    where += " AND (name LIKE :n ESCAPE '!' OR member_number LIKE :m ESCAPE '!')";
    params.push_back(db::contains_pattern(q.q));
    params.push_back(db::contains_pattern(q.q).substr(1));  // the number's start
  }
  return {where, params};
}

}  // namespace

std::vector<LegacyRow> LegacyStore::by_numbers(soci::session& sql, const std::string& tenant,
                                               const std::vector<std::string>& numbers) const {
  return in_slices(sql, "member_number", "tenant_slug", tenant, numbers);
}

std::vector<LegacyRow> LegacyStore::by_mobile(soci::session& sql, const std::string& realm,
                                              const std::vector<std::string>& indexes) const {
  return in_slices(sql, "mobile_index", "realm_slug", realm, indexes);
}

std::optional<LegacyRow> LegacyStore::by_old_number(soci::session& sql, const std::string& tenant,
                                                    const std::string& number) const {
  for (const char* column : {"certificate_number", "member_number"}) {
    auto rows =
        select(sql, std::string("tenant_slug = :t AND ") + column + " = :n", {tenant, number});
    if (!rows.empty()) {
      return std::move(rows.front());
    }
  }
  return std::nullopt;
}

std::vector<LegacyRow> LegacyStore::of_account(soci::session& sql,
                                               const std::string& account_id) const {
  return select(sql, "account_id = :a", {account_id}, " ORDER BY imported_at, id");
}

bool LegacyStore::any(soci::session& sql, const std::string& tenant) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM legacy_members WHERE tenant_slug = :t", soci::use(tenant),
      soci::into(n);
  return n > 0;
}

void LegacyStore::insert(soci::session& tx, const LegacyRow& row) const {
  Nullable certificate(row.certificate_number), id_index(row.id_index), joined(row.joined_on),
      until(row.valid_until), account(row.account_id), application(row.application_id);
  Nullable activated(row.activated_at);
  tx << "INSERT INTO legacy_members (" << kColumns
     << ") VALUES (:id, :t, :r, :n, :c, :name, :type, :mi, :ii, :p, :v, :j, :u, :s, :a, :app, "
        ":act, :imp, :up)",
      soci::use(row.id), soci::use(row.tenant), soci::use(row.realm), soci::use(row.member_number),
      soci::use(certificate.value, certificate.indicator), soci::use(row.name),
      soci::use(row.member_type), soci::use(row.mobile_index),
      soci::use(id_index.value, id_index.indicator), soci::use(row.protected_cipher),
      soci::use(row.values_json), soci::use(joined.value, joined.indicator),
      soci::use(until.value, until.indicator), soci::use(row.status),
      soci::use(account.value, account.indicator),
      soci::use(application.value, application.indicator),
      soci::use(activated.value, activated.indicator), soci::use(row.imported_at),
      soci::use(row.updated_at);
}

void LegacyStore::update(soci::session& tx, const LegacyRow& row) const {
  Nullable certificate(row.certificate_number), id_index(row.id_index), joined(row.joined_on),
      until(row.valid_until);
  tx << "UPDATE legacy_members SET certificate_number = :c, name = :name, member_type = :type, "
        "mobile_index = :mi, id_index = :ii, protected_cipher = :p, values_json = :v, "
        "joined_on = :j, valid_until = :u, updated_at = :up WHERE id = :id AND status = 'pending'",
      soci::use(certificate.value, certificate.indicator), soci::use(row.name),
      soci::use(row.member_type), soci::use(row.mobile_index),
      soci::use(id_index.value, id_index.indicator), soci::use(row.protected_cipher),
      soci::use(row.values_json), soci::use(joined.value, joined.indicator),
      soci::use(until.value, until.indicator), soci::use(row.updated_at), soci::use(row.id);
}

void LegacyStore::claim(soci::session& tx, const std::string& id, const std::string& account_id,
                        long long now) const {
  tx << "UPDATE legacy_members SET account_id = :a, updated_at = :up WHERE id = :id AND "
        "account_id IS NULL",
      soci::use(account_id), soci::use(now), soci::use(id);
}

bool LegacyStore::activate(soci::session& tx, const std::string& id,
                           const std::string& application_id, long long now) const {
  const std::string activated(kActivated);
  soci::statement st =
      (tx.prepare << "UPDATE legacy_members SET status = :s, application_id = :app, "
                     "activated_at = :at, updated_at = :up WHERE id = :id AND status = 'pending'",
       soci::use(activated), soci::use(application_id), soci::use(now), soci::use(now),
       soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<LegacyRow> LegacyStore::list(soci::session& sql, const LegacyQuery& query) const {
  if (query.tenants.empty()) {
    return {};
  }
  const auto [where, params] = where_of(query);
  return select(sql, where, params,
                " ORDER BY imported_at DESC, member_number LIMIT " + std::to_string(query.limit) +
                    " OFFSET " + std::to_string(query.offset));
}

long long LegacyStore::count(soci::session& sql, const LegacyQuery& query) const {
  if (query.tenants.empty()) {
    return 0;
  }
  const auto [where, params] = where_of(query);
  long long n = 0;
  soci::statement st(sql);
  st.exchange(soci::into(n));
  for (const auto& p : params) {
    st.exchange(soci::use(p));
  }
  st.alloc();
  st.prepare("SELECT COUNT(*) FROM legacy_members WHERE " + where);
  st.define_and_bind();
  st.execute(true);
  return n;
}

}  // namespace guildhall::legacy
