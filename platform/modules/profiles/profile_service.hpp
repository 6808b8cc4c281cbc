// One personal profile per account and realm, entered once and reused by every tenant of the
// realm: each tenant's `profile` form shows the fields it needs, and a field key means the same
// value in all of them. ID numbers and mobiles (the protected field types) are stored only
// encrypted, with a blind index on the ID number so that one person has one profile per realm;
// responses carry them masked, and the full value only through an audited reveal. Fields that
// an application under review covers are locked (the workflow takes and releases the locks).
#pragma once

#include <functional>
#include <guildhall/sdk/value.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "modules/profiles/form_service.hpp"
#include "modules/profiles/profile_store.hpp"

namespace guildhall::db {
class Database;
}
namespace guildhall::privacy {
class KeyRing;
}
namespace guildhall::identity {
struct Principal;
}

namespace guildhall::profiles {

inline constexpr std::string_view kProfileForm = "profile";

struct ProfileView {
  std::string form_json;
  sdk::Value values = sdk::Value::Object{};   // never a protected field
  std::map<std::string, std::string> masked;  // protected field -> masked text
  std::vector<std::string> locked;
};

struct RequestOrigin {
  std::string ip;
};

// Throws unless `staff` may see the profile of `account_id` through `tenant` (its reviewers and
// admins, for accounts within its reach); the composition root asks identity.
using StaffCheck =
    std::function<void(const identity::Principal& staff, const tenancy::Tenant& tenant,
                       const std::string& account_id)>;

// How a protected value shows outside an audited reveal: an ID number 6+4, a mobile 3+4.
std::string masked_text(forms::FieldType type, const std::string& value);

class ProfileService {
 public:
  ProfileService(db::Database& database, const FormService& forms,
                 std::shared_ptr<const privacy::KeyRing> keys, const core::Clock& clock,
                 StaffCheck may_see);
  ~ProfileService();

  // The profile of `account_id`: the signed-in account's own, or, for its reviewers and admins,
  // another account's. Protected fields masked (ID number 6+4, mobile 3+4).
  ProfileView get(const tenancy::Tenant& tenant, const identity::Principal& who,
                  const std::string& account_id) const;

  // Checks `input` with the tenant's profile form and stores it. A protected field absent from
  // `input` keeps its stored value; changing a locked field is a conflict (409, field_locked).
  ProfileView save(const tenancy::Tenant& tenant, const identity::Principal& who,
                   const sdk::Value& input, const RequestOrigin& origin) const;

  // A protected value of `account_id`'s profile in full, for the owner or the staff get() lets
  // see it; the audit entry (who, whose, which field) is committed before the value is returned.
  std::string reveal(const tenancy::Tenant& tenant, const identity::Principal& who,
                     const std::string& account_id, std::string_view field,
                     const RequestOrigin& origin) const;

  // The account's profile in full, protected values (ID numbers, mobiles) included, for an
  // application of the same person to start from and a change request to compare with; never
  // for a response.
  sdk::Value values(const std::string& account_id) const;

  // Writes the approved values of a change request (field -> value; null removes) into the
  // profile of `account_id`, inside the caller's transaction; audited as `actor`'s
  // (none: approved automatically). 409 id_number_taken when another profile has the new number.
  void apply_changes(soci::session& tx, const tenancy::Tenant& tenant,
                     const std::string& account_id, const sdk::Value& changes,
                     const std::optional<std::string>& actor, long long now) const;
  // What a membership application says of the person (the profile form's fields among
  // `values`) becomes their profile, inside the submitting transaction, so that one profile
  // serves the realm's other applications. A field locked by another holder than `holder` (a
  // review under way, a downloaded certificate) keeps its value; a different value there is a
  // 409 field_locked with the field, as on the profile page.
  void adopt(soci::session& tx, const tenancy::Tenant& tenant, const std::string& account_id,
             const sdk::Value& values, const std::string& holder, long long now) const;

 private:
  struct Stored {
    sdk::Value data = sdk::Value::Object{};
    sdk::Value protected_values = sdk::Value::Object{};
    bool exists = false;
  };
  Stored load(soci::session& sql, const std::string& account_id) const;
  ProfileRow row_of(const std::string& realm, const std::string& account_id, const Stored& stored,
                    const std::optional<std::string>& id_number, long long now) const;
  ProfileView view(const tenancy::Tenant& tenant, const Stored& stored,
                   std::vector<std::string> locked) const;
  void authorize(const tenancy::Tenant& tenant, const identity::Principal& who,
                 const std::string& account_id) const;

  db::Database& database_;
  const FormService& forms_;
  std::shared_ptr<const privacy::KeyRing> keys_;
  const core::Clock& clock_;
  StaffCheck may_see_;
  ProfileStore store_;
};

}  // namespace guildhall::profiles
