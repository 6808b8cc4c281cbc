#include "modules/certificates/certificate_store.hpp"

#include <soci/soci.h>

#include "db/soci_values.hpp"

namespace guildhall::certificates {
namespace {

using db::optional_of;

constexpr const char* kColumns =
    "id, tenant_slug, number, account_id, membership_id, member_type, template, "
    "template_version, issued_on, issued_at, issued_by, status, superseded_by, revoked_at, "
    "revoked_by, revoked_reason, printed_json, pdf_key, downloaded_at, updated_at";

CertificateRow row_of(const soci::row& r) {
  CertificateRow c;
  c.id = r.get<std::string>("id");
  c.tenant = r.get<std::string>("tenant_slug");
  c.number = r.get<std::string>("number");
  c.account_id = r.get<std::string>("account_id");
  c.membership_id = r.get<std::string>("membership_id");
  c.member_type = r.get<std::string>("member_type");
  c.template_path = r.get<std::string>("template");
  c.template_version = r.get<std::string>("template_version");
  c.issued_on = r.get<std::string>("issued_on");
  c.issued_at = r.get<long long>("issued_at");
  c.issued_by = r.get<std::string>("issued_by");
  c.status = r.get<std::string>("status");
  c.superseded_by = optional_of<std::string>(r, "superseded_by");
  c.revoked_at = optional_of<long long>(r, "revoked_at");
  c.revoked_by = optional_of<std::string>(r, "revoked_by");
  c.revoked_reason = optional_of<std::string>(r, "revoked_reason");
  c.printed_json = r.get<std::string>("printed_json");
  c.pdf_key = r.get<std::string>("pdf_key");
  c.downloaded_at = optional_of<long long>(r, "downloaded_at");
  c.updated_at = r.get<long long>("updated_at");
  return c;
}

std::vector<CertificateRow> rows_of(soci::rowset<soci::row>& rows) {
  std::vector<CertificateRow> out;
  for (const auto& r : rows) {
    out.push_back(row_of(r));
  }
  return out;
}

}  // namespace

void CertificateStore::insert(soci::session& tx, const CertificateRow& c) const {
  tx << "INSERT INTO certificates (id, tenant_slug, number, account_id, membership_id, "
        "member_type, template, template_version, issued_on, issued_at, issued_by, status, "
        "printed_json, pdf_key, updated_at) VALUES (:id, :t, :n, :a, :m, :type, :tpl, :ver, "
        ":on, :at, :by, :s, :printed, :pdf, :up)",
      soci::use(c.id), soci::use(c.tenant), soci::use(c.number), soci::use(c.account_id),
      soci::use(c.membership_id), soci::use(c.member_type), soci::use(c.template_path),
      soci::use(c.template_version), soci::use(c.issued_on), soci::use(c.issued_at),
      soci::use(c.issued_by), soci::use(c.status), soci::use(c.printed_json), soci::use(c.pdf_key),
      soci::use(c.updated_at);
}

std::optional<CertificateCheck> CertificateStore::check(soci::session& sql,
                                                        const std::string& tenant,
                                                        const std::string& number) const {
  CertificateCheck c;
  soci::indicator membership = soci::i_null;
  soci::indicator until = soci::i_null;
  long long valid_until = 0;
  sql << "SELECT c.tenant_slug, c.status, c.issued_on, c.member_type, c.printed_json, m.status, "
         "m.valid_until FROM certificates c LEFT JOIN memberships m ON m.id = c.membership_id "
         "WHERE c.tenant_slug = :t AND c.number = :n",
      soci::use(tenant), soci::use(number), soci::into(c.tenant), soci::into(c.status),
      soci::into(c.issued_on), soci::into(c.member_type), soci::into(c.printed_json),
      soci::into(c.membership_status, membership), soci::into(valid_until, until);
  if (!sql.got_data()) {
    return std::nullopt;
  }
  if (membership != soci::i_ok) {
    c.membership_status.clear();
  }
  if (until == soci::i_ok) {
    c.valid_until = valid_until;
  }
  return c;
}

std::optional<CertificateRow> CertificateStore::find(soci::session& sql,
                                                     const std::string& id) const {
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string("SELECT ") + kColumns + " FROM certificates WHERE id = :id",
       soci::use(id));
  auto out = rows_of(rows);
  return out.empty() ? std::nullopt : std::optional(std::move(out.front()));
}

std::optional<CertificateRow> CertificateStore::find_by_number(soci::session& sql,
                                                               const std::string& tenant,
                                                               const std::string& number) const {
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string("SELECT ") + kColumns +
                          " FROM certificates WHERE tenant_slug = :t AND number = :n",
       soci::use(tenant), soci::use(number));
  auto out = rows_of(rows);
  return out.empty() ? std::nullopt : std::optional(std::move(out.front()));
}

std::vector<CertificateRow> CertificateStore::of_account(soci::session& sql,
                                                         const std::string& account_id) const {
  soci::rowset<soci::row> rows =
      (sql.prepare
           << std::string("SELECT ") + kColumns +
                  " FROM certificates WHERE account_id = :a ORDER BY issued_at DESC, id DESC",
       soci::use(account_id));
  return rows_of(rows);
}

std::vector<CertificateRow> CertificateStore::of_tenant(soci::session& sql,
                                                        const std::string& tenant) const {
  soci::rowset<soci::row> rows =
      (sql.prepare
           << std::string("SELECT ") + kColumns +
                  " FROM certificates WHERE tenant_slug = :t ORDER BY issued_at DESC, id DESC",
       soci::use(tenant));
  return rows_of(rows);
}

void CertificateStore::supersede(soci::session& tx, const std::string& tenant,
                                 const std::string& account_id, const std::string& by,
                                 long long now) const {
  tx << "UPDATE certificates SET status = 'superseded', superseded_by = :by, updated_at = :up "
        "WHERE tenant_slug = :t AND account_id = :a AND status = 'active' AND id <> :by2",
      soci::use(by), soci::use(now), soci::use(tenant), soci::use(account_id), soci::use(by);
}

bool CertificateStore::revoke(soci::session& tx, const std::string& id, const std::string& by,
                              const std::string& reason, long long now) const {
  soci::statement st =
      (tx.prepare << "UPDATE certificates SET status = 'revoked', revoked_at = :at, "
                     "revoked_by = :by, revoked_reason = :why, updated_at = :up "
                     "WHERE id = :id AND status = 'active'",
       soci::use(now), soci::use(by), soci::use(reason), soci::use(now), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

void CertificateStore::mark_downloaded(soci::session& tx, const std::string& id,
                                       long long now) const {
  tx << "UPDATE certificates SET downloaded_at = :at WHERE id = :id AND downloaded_at IS NULL",
      soci::use(now), soci::use(id);
}

long long CertificateStore::next_sequence(soci::session& tx, const std::string& tenant,
                                          int year) const {
  const bool mysql = tx.get_backend_name() == "mysql";
  tx << std::string(
            "INSERT INTO certificate_number_counters (tenant_slug, year, last_value) VALUES "
            "(:t, :y, 0)") +
            (mysql ? " ON DUPLICATE KEY UPDATE last_value = last_value"
                   : " ON CONFLICT (tenant_slug, year) DO NOTHING"),
      soci::use(tenant), soci::use(year);
  tx << "UPDATE certificate_number_counters SET last_value = last_value + 1 "
        "WHERE tenant_slug = :t AND year = :y",
      soci::use(tenant), soci::use(year);
  long long value = 0;
  tx << "SELECT last_value FROM certificate_number_counters WHERE tenant_slug = :t AND year = :y",
      soci::into(value), soci::use(tenant), soci::use(year);
  return value;
}

}  // namespace guildhall::certificates
