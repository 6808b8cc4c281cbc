// Certificates: a member confirms the values their certificate prints and downloads it; admins
// issue, re-issue, revoke and generate many at once; anyone verifies one by its QR code.
//
// A certificate is issued for an active membership with the tenant's SVG template
// (`certificate_template`) filled with the printed profile fields (`certificate_fields`), the
// membership and the certificate number, and a QR code of the verification URL. The URL carries
// an HMAC (the data-protection key ring's blind-index keys, purpose "certificates.qr") over
// tenant, number and issue date, so a forged or altered URL is refused before the database is
// read. Issuing again supersedes the account's active certificate of the tenant; its number then
// verifies as superseded. Once the member downloads the PDF, the printed fields are locked until
// a change request is approved (the composition root releases the lock with the change).
#pragma once

#include <atomic>
#include <functional>
#include <guildhall/sdk/value.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "modules/certificates/certificate_store.hpp"

namespace guildhall::db {
class Database;
}
namespace guildhall::identity {
struct Principal;
}
namespace guildhall::privacy {
class KeyRing;
}
namespace guildhall::tenancy {
struct Tenant;
class TenantRegistry;
}  // namespace guildhall::tenancy
namespace guildhall::uploads {
class BlobStore;
}
namespace guildhall::workflow {
struct MembershipRow;
}

namespace guildhall::certificates {

struct Photo {
  std::string bytes;
  std::string content_type;
};

struct CertificateDeps {
  std::function<bool(const identity::Principal&, const tenancy::Tenant&)> administers;
  // The account's profile in full (ProfileService::values).
  std::function<sdk::Value(const std::string& account_id)> profile_values;
  // The bytes of an upload of that account; nullopt when it is not the account's.
  std::function<std::optional<Photo>(const std::string& account_id, const std::string& upload_id)>
      photo;
};

struct PrintedField {
  std::string key;
  std::string label;
  std::string text;  // as printed; for the photo, the upload id
  bool photo = false;
};

// The values a certificate prints, and the required ones still missing (field -> message).
struct Printed {
  std::vector<PrintedField> fields;
  std::map<std::string, std::string> missing;
};

// What the member centre shows for one membership.
struct MemberCertificate {
  std::string membership_id;
  std::string member_type_name;
  std::string member_number;
  std::string membership_status;  // active | expired | frozen | superseded
  long long valid_from = 0;
  std::optional<long long> valid_until;
  Printed printed;
  std::optional<CertificateRow> current;  // the active certificate of this membership
  bool printed_changed = false;           // the profile no longer matches `current`
  bool locked = false;                    // the printed fields are locked by a download
  bool dues_required = false;             // the tenant issues only once the year's dues are paid
  bool dues_paid = false;                 // and they are
};

struct CertificateEntry {
  CertificateRow row;
  std::string holder_name;
  std::string member_number;
  std::string member_type_name;
};

struct Verification {
  std::string status;  // valid | superseded | revoked | expired | suspended
  // A number the association's old system printed (its certificate or member number), found on
  // the imported roster rather than signed here.
  bool legacy = false;
  std::string tenant_name;
  std::string member_type_name;
  std::string holder;  // masked
  std::string number;
  std::string issued_on;  // YYYY-MM-DD
  std::optional<long long> valid_until;
};

struct CertificatePdf {
  std::string bytes;
  std::string number;
};

struct BatchProgress {
  std::string id;
  std::string tenant;
  int total = 0;
  int done = 0;
  int issued = 0;
  std::vector<std::pair<std::string, std::string>> failures;  // holder name, message
  bool finished = false;
};

class CertificateService {
 public:
  CertificateService(db::Database& database, const tenancy::TenantRegistry& registry,
                     std::shared_ptr<const privacy::KeyRing> keys,
                     std::shared_ptr<uploads::BlobStore> blobs, const core::Clock& clock,
                     std::string templates_dir, std::string public_url, CertificateDeps deps);
  ~CertificateService();
  CertificateService(const CertificateService&) = delete;
  CertificateService& operator=(const CertificateService&) = delete;

  // The signed-in account's memberships of `tenant` with their certificates.
  std::vector<MemberCertificate> mine(const tenancy::Tenant& tenant,
                                      const identity::Principal& who) const;
  // The certificate as it would be issued now, as PNG, with a sample QR code.
  std::string preview(const tenancy::Tenant& tenant, const identity::Principal& who,
                      const std::string& membership_id) const;
  // The member confirms the printed values: issues the certificate, or returns the active one
  // when it already prints exactly these values.
  CertificateRow confirm(const tenancy::Tenant& tenant, const identity::Principal& who,
                         const std::string& membership_id) const;
  // The PDF; the owner's first download locks the printed fields.
  CertificatePdf pdf(const tenancy::Tenant& tenant, const identity::Principal& who,
                     const std::string& certificate_id) const;

  // Admins: the certificates of the tenant and its subtree (q: name or number; status).
  std::vector<CertificateEntry> list(const tenancy::Tenant& tenant, const identity::Principal& who,
                                     const std::string& q, const std::string& status) const;
  // Issues a new certificate for the membership, superseding the active one.
  CertificateRow issue(const tenancy::Tenant& tenant, const identity::Principal& who,
                       const std::string& membership_id) const;
  CertificateRow revoke(const tenancy::Tenant& tenant, const identity::Principal& who,
                        const std::string& certificate_id, const std::string& reason) const;
  // Issues certificates, in the background, for the given memberships (empty: every active
  // membership of the subtree without an active certificate); returns the job to poll.
  BatchProgress start_batch(const tenancy::Tenant& tenant, const identity::Principal& who,
                            std::vector<std::string> membership_ids);
  BatchProgress batch(const tenancy::Tenant& tenant, const identity::Principal& who,
                      const std::string& job_id) const;

  // The public check of a scanned QR code. `signature` is checked before the database is read:
  // 404 certificate_not_found for a forged or altered URL, exactly as for an unknown number.
  Verification verify(const std::string& tenant, const std::string& number,
                      const std::string& issued_on, const std::string& signature) const;
  // The URL the QR code of that certificate encodes.
  std::string verification_url(const std::string& tenant, const std::string& number,
                               const std::string& issued_on) const;

 private:
  CertificateRow issue_for(const tenancy::Tenant& tenant, const workflow::MembershipRow& m,
                           const std::string& actor) const;
  Printed printed_of(const tenancy::Tenant& tenant, const std::string& account_id) const;
  // The filled SVG.
  std::string render(const tenancy::Tenant& tenant, const workflow::MembershipRow& m,
                     const Printed& printed, const std::string& number,
                     const std::string& issued_on, const std::string& qr_text,
                     std::string* template_version) const;
  workflow::MembershipRow own_membership(const tenancy::Tenant& tenant,
                                         const identity::Principal& who,
                                         const std::string& membership_id) const;
  void authorize_admin(const tenancy::Tenant& tenant, const identity::Principal& who) const;
  std::vector<std::string> subtree(const tenancy::Tenant& tenant) const;
  std::string sign(const std::string& tenant, const std::string& number,
                   const std::string& issued_on) const;

  db::Database& database_;
  const tenancy::TenantRegistry& registry_;
  std::shared_ptr<const privacy::KeyRing> keys_;
  std::shared_ptr<uploads::BlobStore> blobs_;
  const core::Clock& clock_;
  std::string templates_dir_;
  std::string public_url_;
  CertificateDeps deps_;
  CertificateStore store_;

  mutable std::mutex jobs_mutex_;
  std::map<std::string, BatchProgress> jobs_;
  std::vector<std::thread> workers_;
  std::atomic<bool> stopping_{false};
};

}  // namespace guildhall::certificates
