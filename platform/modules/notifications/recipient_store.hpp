// Read-only look-up of message recipients in the identity module's tables: `accounts` (id,
// realm_slug, mobile_cipher, email_cipher, status) and `account_roles` (account_id, tenant_slug,
// role). An account belongs to a tenant when it holds any role there; frozen accounts receive
// nothing. The contact columns are decrypted with the names the identity module encrypted them
// under (identity/contact_fields.hpp).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "privacy/field_cipher.hpp"

namespace soci {
class session;
}

namespace guildhall::notifications {

struct Recipient {
  std::string account_id{};
  std::optional<std::string> mobile{};
  std::optional<std::string> email{};
};

class RecipientStore {
 public:
  explicit RecipientStore(const std::shared_ptr<const privacy::KeyRing>& keys) : cipher_(keys) {}

  // Active accounts holding a role in one of `tenant_slugs`; when `account_ids` is given, only
  // those of them (ids outside the tenants are left out, never revealed). Ordered by id.
  std::vector<Recipient> find(soci::session& sql, const std::vector<std::string>& tenant_slugs,
                              const std::optional<std::vector<std::string>>& account_ids) const;

 private:
  privacy::FieldCipher cipher_;
};

}  // namespace guildhall::notifications
