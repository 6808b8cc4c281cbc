// SQL for certificates and their number counters, and nothing else; CertificateService owns the
// rules.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace guildhall::certificates {

struct CertificateRow {
  std::string id;
  std::string tenant;
  std::string number;
  std::string account_id;
  std::string membership_id;
  std::string member_type;
  std::string template_path;
  std::string template_version;
  std::string issued_on;  // YYYYMMDD, mainland time
  long long issued_at = 0;
  std::string issued_by;
  std::string status;  // active | superseded | revoked
  std::optional<std::string> superseded_by;
  std::optional<long long> revoked_at;
  std::optional<std::string> revoked_by;
  std::optional<std::string> revoked_reason;
  std::string printed_json = "{}";
  std::string pdf_key;
  std::optional<long long> downloaded_at;
  long long updated_at = 0;
};

// What the public check reads: the certificate and its membership, in one query.
struct CertificateCheck {
  std::string tenant;
  std::string status;
  std::string issued_on;
  std::string member_type;
  std::string printed_json;
  std::string membership_status;  // empty when the membership is gone
  std::optional<long long> valid_until;
};

class CertificateStore {
 public:
  std::optional<CertificateCheck> check(soci::session& sql, const std::string& tenant,
                                        const std::string& number) const;
  void insert(soci::session& tx, const CertificateRow& row) const;
  std::optional<CertificateRow> find(soci::session& sql, const std::string& id) const;
  std::optional<CertificateRow> find_by_number(soci::session& sql, const std::string& tenant,
                                               const std::string& number) const;
  // Newest first.
  std::vector<CertificateRow> of_account(soci::session& sql, const std::string& account_id) const;
  std::vector<CertificateRow> of_tenant(soci::session& sql, const std::string& tenant) const;
  // The account's active certificates of `tenant` become superseded by `by`.
  void supersede(soci::session& tx, const std::string& tenant, const std::string& account_id,
                 const std::string& by, long long now) const;
  // False when it was not active.
  bool revoke(soci::session& tx, const std::string& id, const std::string& by,
              const std::string& reason, long long now) const;
  void mark_downloaded(soci::session& tx, const std::string& id, long long now) const;
  // The next sequence of the tenant's certificate numbers of `year` (1, 2, …), in the caller's
  // transaction, whose row lock serialises concurrent issues.
  long long next_sequence(soci::session& tx, const std::string& tenant, int year) const;
};

}  // namespace guildhall::certificates
