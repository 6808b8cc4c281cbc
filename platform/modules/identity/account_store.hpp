// SQL for accounts and their roles. Every function runs on a session the service passes in
// (inside its transaction when it writes), so that several stores join one transaction.
// Mobile numbers and e-mail addresses never reach the database in clear: rows hold their
// FieldCipher text (read back and decrypted here) and their BlindIndex digest (uniqueness and
// exact look-ups); records carry the plain values in memory only.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "modules/identity/principal.hpp"
#include "privacy/blind_index.hpp"
#include "privacy/field_cipher.hpp"

namespace soci {
class session;
}

namespace guildhall::identity {

struct AccountRecord {
  std::string id;
  std::string realm;
  std::string mobile;  // normalised
  std::optional<std::string> email;
  std::string password_hash;
  std::string status = "active";  // "active" | "frozen"
  std::optional<std::string> frozen_reason;
  bool must_change_password = false;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::optional<std::int64_t> last_sign_in_at;
  std::vector<RoleGrant> roles;  // filled by the find functions
};

// Contact data can only be matched exactly (through its blind index): a part of a mobile number
// finds nothing, by design. Partial matches work on non-secret fields only.
struct AccountSearch {
  std::string realm;
  // Accounts holding a role on one of these tenants; nullopt: every account of the realm.
  std::optional<std::vector<std::string>> tenants;
  std::optional<std::string> mobile;  // the full number
  std::optional<std::string> email;   // the full address
  std::string id_prefix;              // the start of an account id; empty: any
  std::string status;                 // empty: any
};

class AccountStore {
 public:
  explicit AccountStore(const std::shared_ptr<const privacy::KeyRing>& keys);

  std::optional<AccountRecord> find_by_id(soci::session& sql, const std::string& id) const;
  std::optional<AccountRecord> find_by_mobile(soci::session& sql, const std::string& realm,
                                              const std::string& mobile) const;
  std::optional<AccountRecord> find_by_email(soci::session& sql, const std::string& realm,
                                             const std::string& email) const;
  // Ids of matching accounts, newest first.
  std::vector<std::string> search(soci::session& sql, const AccountSearch& search) const;

  void insert(soci::session& tx, const AccountRecord& account) const;
  void set_password(soci::session& tx, const std::string& id, const std::string& hash,
                    bool must_change, std::int64_t now_ms) const;
  void set_status(soci::session& tx, const std::string& id, const std::string& status,
                  const std::optional<std::string>& reason, std::int64_t now_ms) const;
  void record_sign_in(soci::session& tx, const std::string& id, std::int64_t now_ms) const;

  std::vector<RoleGrant> roles(soci::session& sql, const std::string& account_id) const;
  // The grants of `role` held by active accounts of `realm`, as (account id, tenant) pairs ordered
  // by account.
  std::vector<std::pair<std::string, std::string>> holders(soci::session& sql,
                                                           const std::string& realm,
                                                           Role role) const;
  void grant(soci::session& tx, const std::string& account_id, const RoleGrant& grant,
             const std::optional<std::string>& granted_by, std::int64_t now_ms) const;
  void revoke(soci::session& tx, const std::string& account_id, const RoleGrant& grant) const;
  bool any_platform_admin(soci::session& sql) const;

 private:
  std::optional<AccountRecord> find_one(soci::session& sql, const std::string& where,
                                        const std::vector<std::string>& params) const;

  privacy::FieldCipher cipher_;
  privacy::BlindIndex index_;
};

}  // namespace guildhall::identity
