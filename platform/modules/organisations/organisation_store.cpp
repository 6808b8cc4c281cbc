#include "modules/organisations/organisation_store.hpp"

#include <soci/soci.h>

#include "db/sql_list.hpp"
#include "modules/organisations/organisation_rules.hpp"

namespace guildhall::organisations {

namespace {

const std::string kColumns =
    "id, tenant_slug, name, name_normalised, credit_code, region, status, merged_into, "
    "created_at, updated_at, created_by";

// Bound by reference in statements, so the row lives as long as the statement.
struct Row {
  OrganisationRecord r;
  std::string credit_code;
  std::string region;
  std::string merged_into;
  std::string created_by;
  long long created_at = 0;
  long long updated_at = 0;
  soci::indicator credit_code_ind = soci::i_null;
  soci::indicator region_ind = soci::i_null;
  soci::indicator merged_into_ind = soci::i_null;
  soci::indicator created_by_ind = soci::i_null;

  void bind(soci::statement& st) {
    st.exchange(soci::into(r.id));
    st.exchange(soci::into(r.tenant));
    st.exchange(soci::into(r.name));
    st.exchange(soci::into(r.name_normalised));
    st.exchange(soci::into(credit_code, credit_code_ind));
    st.exchange(soci::into(region, region_ind));
    st.exchange(soci::into(r.status));
    st.exchange(soci::into(merged_into, merged_into_ind));
    st.exchange(soci::into(created_at));
    st.exchange(soci::into(updated_at));
    st.exchange(soci::into(created_by, created_by_ind));
  }

  OrganisationRecord take() const {
    OrganisationRecord out = r;
    out.credit_code = credit_code_ind == soci::i_ok ? std::optional(credit_code) : std::nullopt;
    out.region = region_ind == soci::i_ok ? split_region_text(region) : std::vector<std::string>{};
    out.merged_into = merged_into_ind == soci::i_ok ? std::optional(merged_into) : std::nullopt;
    out.created_by = created_by_ind == soci::i_ok ? std::optional(created_by) : std::nullopt;
    out.created_at = created_at;
    out.updated_at = updated_at;
    return out;
  }
};

// The bindings of a nullable text column: the value and whether it is NULL.
struct Nullable {
  explicit Nullable(const std::optional<std::string>& value)
      : text(value.value_or("")), ind(value ? soci::i_ok : soci::i_null) {}
  std::string text;
  soci::indicator ind;
};

std::optional<std::string> stored_region(const std::vector<std::string>& codes) {
  if (codes.empty()) {
    return std::nullopt;
  }
  return join_region(codes);
}

// '!' escapes LIKE's wildcards: unlike a backslash it means the same to SQLite and MySQL.
using db::contains_pattern;

std::vector<OrganisationRecord> select_rows(soci::session& sql, const std::string& where,
                                            const std::vector<const std::string*>& params,
                                            const std::string& tail = {},
                                            const std::vector<const int*>& numbers = {}) {
  Row row;
  soci::statement st(sql);
  row.bind(st);
  for (const auto* p : params) {
    st.exchange(soci::use(*p));
  }
  for (const auto* n : numbers) {
    st.exchange(soci::use(*n));
  }
  st.alloc();
  st.prepare("SELECT " + kColumns + " FROM organisations WHERE " + where + tail);
  st.define_and_bind();
  st.execute(false);
  std::vector<OrganisationRecord> out;
  while (st.fetch()) {
    out.push_back(row.take());
  }
  return out;
}

std::optional<OrganisationRecord> first(std::vector<OrganisationRecord> rows) {
  if (rows.empty()) {
    return std::nullopt;
  }
  return std::move(rows.front());
}

}  // namespace

void OrganisationStore::insert(soci::session& tx, const OrganisationRecord& r) const {
  Nullable credit_code(r.credit_code);
  Nullable region(stored_region(r.region));
  Nullable merged_into(r.merged_into);
  Nullable created_by(r.created_by);
  const long long created_at = r.created_at;
  const long long updated_at = r.updated_at;
  tx << "INSERT INTO organisations (" + kColumns +
            ") VALUES (:id, :t, :n, :nn, :cc, :rg, :st, :mi, :ca, :ua, :cb)",
      soci::use(r.id), soci::use(r.tenant), soci::use(r.name), soci::use(r.name_normalised),
      soci::use(credit_code.text, credit_code.ind), soci::use(region.text, region.ind),
      soci::use(r.status), soci::use(merged_into.text, merged_into.ind), soci::use(created_at),
      soci::use(updated_at), soci::use(created_by.text, created_by.ind);
}

void OrganisationStore::update(soci::session& tx, const OrganisationRecord& r) const {
  Nullable credit_code(r.credit_code);
  Nullable region(stored_region(r.region));
  const long long updated_at = r.updated_at;
  tx << "UPDATE organisations SET name = :n, name_normalised = :nn, credit_code = :cc, "
        "region = :rg, updated_at = :ua WHERE id = :id AND tenant_slug = :t",
      soci::use(r.name), soci::use(r.name_normalised), soci::use(credit_code.text, credit_code.ind),
      soci::use(region.text, region.ind), soci::use(updated_at), soci::use(r.id),
      soci::use(r.tenant);
}

void OrganisationStore::mark_merged(soci::session& tx, const std::string& id,
                                    const std::string& into, std::int64_t now_ms) const {
  const long long now = now_ms;
  const std::string status(kStatusMerged);
  tx << "UPDATE organisations SET status = :s, merged_into = :into, updated_at = :ua "
        "WHERE id = :id",
      soci::use(status), soci::use(into), soci::use(now), soci::use(id);
}

void OrganisationStore::repoint_merged(soci::session& tx, const std::string& tenant,
                                       const std::string& from, const std::string& to,
                                       std::int64_t now_ms) const {
  const long long now = now_ms;
  tx << "UPDATE organisations SET merged_into = :to, updated_at = :ua "
        "WHERE tenant_slug = :t AND merged_into = :from",
      soci::use(to), soci::use(now), soci::use(tenant), soci::use(from);
}

std::optional<OrganisationRecord> OrganisationStore::find(soci::session& sql,
                                                          const std::string& tenant,
                                                          const std::string& id) const {
  return first(select_rows(sql, "tenant_slug = :t AND id = :id", {&tenant, &id}));
}

std::optional<OrganisationRecord> OrganisationStore::find_by_name(
    soci::session& sql, const std::string& tenant, const std::string& name_normalised) const {
  return first(
      select_rows(sql, "tenant_slug = :t AND name_normalised = :nn", {&tenant, &name_normalised}));
}

std::optional<OrganisationRecord> OrganisationStore::find_by_credit_code(
    soci::session& sql, const std::string& tenant, const std::string& credit_code) const {
  return first(select_rows(sql, "tenant_slug = :t AND credit_code = :cc", {&tenant, &credit_code}));
}

OrganisationRows OrganisationStore::search(soci::session& sql, const OrganisationSearch& s) const {
  const std::string status(kStatusActive);
  std::string where =
      "tenant_slug IN (" + db::placeholders("t", s.tenants.size()) + ") AND status = :s";
  std::vector<const std::string*> params;
  for (const auto& tenant : s.tenants) {
    params.push_back(&tenant);
  }
  params.push_back(&status);
  const std::string name_pattern = contains_pattern(s.name_part);
  const std::string code_pattern = contains_pattern(s.credit_code_part);
  if (!s.name_part.empty() && !s.credit_code_part.empty()) {
    where += " AND (name_normalised LIKE :np ESCAPE '!' OR credit_code LIKE :cp ESCAPE '!')";
    params.push_back(&name_pattern);
    params.push_back(&code_pattern);
  } else if (!s.name_part.empty()) {
    where += " AND name_normalised LIKE :np ESCAPE '!'";
    params.push_back(&name_pattern);
  } else if (!s.credit_code_part.empty()) {
    where += " AND credit_code LIKE :cp ESCAPE '!'";
    params.push_back(&code_pattern);
  }
  OrganisationRows out;
  {
    soci::statement st(sql);
    st.exchange(soci::into(out.total));
    for (const auto* p : params) {
      st.exchange(soci::use(*p));
    }
    st.alloc();
    st.prepare("SELECT COUNT(*) FROM organisations WHERE " + where);
    st.define_and_bind();
    st.execute(true);
  }
  out.items =
      select_rows(sql, where, params, " ORDER BY name_normalised, id LIMIT :limit OFFSET :offset",
                  {&s.limit, &s.offset});
  return out;
}

std::vector<OrganisationRecord> OrganisationStore::all(soci::session& sql,
                                                       const std::string& tenant) const {
  return select_rows(sql, "tenant_slug = :t", {&tenant}, " ORDER BY id");
}

}  // namespace guildhall::organisations
