// The rules of accounts, sign-in, sessions, roles and the audit log (issue #3). No HTTP, no SQL:
// handlers call it with what they parsed, it calls the stores inside db::Database transactions
// and throws core::AppError with stable codes for everything a client may see.
//
//   IdentityService identity(db, clock, hasher, sink, config, keys);
//   identity.request_sms_code(*tenant, "138 0013 8000", SmsPurpose::register_account, ctx);
//   auto signed_in = identity.register_account(*tenant, {mobile, code, password, {}}, ctx);
//   auto principal = identity.authenticate(signed_in.session_token);
//
// Anonymous answers never depend on whether an account exists: unknown logins fail, throttle
// and respond exactly like known ones. Mobile numbers and e-mail addresses are stored encrypted
// with a blind index (`keys`, the data-protection key ring); records returned here carry them in
// clear, and every response must show them masked except the audited reveal_contact.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "modules/identity/account_store.hpp"
#include "modules/identity/audit_store.hpp"
#include "modules/identity/identity_config.hpp"
#include "modules/identity/notification_sink.hpp"
#include "modules/identity/principal.hpp"
#include "modules/identity/rate_store.hpp"
#include "modules/identity/reset_token_store.hpp"
#include "modules/identity/session_store.hpp"
#include "modules/identity/sms_code_store.hpp"
#include "privacy/blind_index.hpp"

namespace guildhall::db {
class Database;
}
namespace guildhall::tenancy {
struct Tenant;
class TenantDirectory;
}  // namespace guildhall::tenancy

namespace guildhall::identity {

class PasswordHasher;

enum class SmsPurpose { register_account, sign_in };

enum class ContactField { mobile, email };

struct RequestContext {
  std::string ip;
  std::string user_agent;
  std::string locale = "zh-CN";
};

struct RegisterInput {
  std::string mobile;
  std::string code;
  std::string password;
  std::optional<std::string> email;
};

struct SignedIn {
  AccountRecord account;
  std::string session_token;  // the cookie value; shown to nobody else, stored only hashed
  std::shared_ptr<const Principal> principal;
};

struct SessionView {
  std::string id;  // public id
  bool current = false;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  std::string ip;
  std::string user_agent;
};

struct AccountPage {
  std::vector<AccountRecord> items;
  long long total = 0;
};

struct AccountQuery {
  // A full mobile number or e-mail address (matched exactly, through the blind index), or the
  // start of an account id; part of a mobile number matches nothing.
  std::string text;
  std::string status;
  int page = 1;
  int page_size = 20;
};

struct AuditQuery {
  std::string event;
  std::string account;
  std::optional<std::int64_t> from_ms;
  std::optional<std::int64_t> to_ms;
  int page = 1;
  int page_size = 50;
};

// What to print once when the first platform admin was created.
struct BootstrapAdmin {
  std::string realm;
  std::string mobile;
  std::string one_time_password;
};

class IdentityService {
 public:
  IdentityService(std::shared_ptr<db::Database> db, const core::Clock& clock,
                  PasswordHasher& hasher, NotificationSink sink, IdentityConfig config,
                  const std::shared_ptr<const privacy::KeyRing>& keys);

  const IdentityConfig& config() const { return config_; }

  // The tenant whose old roster (modules/legacy) lists a member, not yet activated, with this
  // mobile in the realm: an SMS code signs such a person in, opening their account (without a
  // password, which they set afterwards) as the manuals' 原会员激活 says. Set once by the
  // composition root before serving.
  using LegacyLookup = std::function<std::optional<std::string>(const std::string& realm,
                                                                const std::string& mobile)>;
  void recognise_legacy_members(LegacyLookup lookup) { legacy_ = std::move(lookup); }

  // Sends a code when the purpose applies to the phone (register: no account yet; sign_in: an
  // active member account without admin roles) and answers the same in every case: the seconds
  // until another code may be asked for. Throws too_many_requests with a retry time.
  int request_sms_code(const tenancy::Tenant& tenant, const std::string& mobile, SmsPurpose purpose,
                       const RequestContext& ctx);
  SignedIn register_account(const tenancy::Tenant& tenant, const RegisterInput& input,
                            const RequestContext& ctx);
  SignedIn sign_in_with_password(const tenancy::Tenant& tenant, const std::string& mobile,
                                 const std::string& password, const RequestContext& ctx);
  SignedIn sign_in_with_code(const tenancy::Tenant& tenant, const std::string& mobile,
                             const std::string& code, const RequestContext& ctx);

  // The principal of a session cookie value, or null when it is unknown, ended, expired or its
  // account is frozen. Refreshes the idle timer.
  std::shared_ptr<const Principal> authenticate(const std::string& session_token);
  void sign_out(const Principal& principal, const RequestContext& ctx);
  void change_password(const Principal& principal, const std::string& current,
                       const std::string& next, const RequestContext& ctx);
  std::vector<SessionView> sessions(const Principal& principal);
  void end_session(const Principal& principal, const std::string& public_id,
                   const RequestContext& ctx);
  AccountRecord account(const Principal& principal);

  // Always succeeds for the caller (202), whether or not `login` names an account.
  void request_password_reset(const tenancy::Tenant& tenant, const std::string& login,
                              const RequestContext& ctx);
  void complete_password_reset(const std::string& token, const std::string& password,
                               const RequestContext& ctx);

  // Admin operations on {tenant}; see authorize_admin for who may call them.
  AccountPage list_accounts(const Principal& actor, const tenancy::Tenant& tenant,
                            const tenancy::TenantDirectory& directory, const AccountQuery& query);
  void admin_reset_password(const Principal& actor, const tenancy::Tenant& tenant,
                            const tenancy::TenantDirectory& directory,
                            const std::string& account_id, const RequestContext& ctx);
  void set_frozen(const Principal& actor, const tenancy::Tenant& tenant,
                  const tenancy::TenantDirectory& directory, const std::string& account_id,
                  bool frozen, const std::string& reason, const RequestContext& ctx);
  // set_frozen(true) for an account the caller has found among the members (or applicants) of
  // {tenant}'s subtree: one who registered at an ancestor and joined a branch holds no role in
  // the branch, so identity alone would not know the account to be within the branch admin's
  // reach. The same rules and audit otherwise.
  void freeze_member(const Principal& actor, const tenancy::Tenant& tenant,
                     const tenancy::TenantDirectory& directory, const std::string& account_id,
                     const std::string& reason, const RequestContext& ctx);
  // Replaces the account's roles on the tenants of {tenant}'s subtree with `roles`.
  void set_roles(const Principal& actor, const tenancy::Tenant& tenant,
                 const tenancy::TenantDirectory& directory, const std::string& account_id,
                 const std::vector<RoleGrant>& roles, const RequestContext& ctx);
  AuditPage audit(const Principal& actor, const tenancy::Tenant& tenant,
                  const tenancy::TenantDirectory& directory, const AuditQuery& query);
  // The account's mobile number or e-mail address in full, for an admin of {tenant} who may act
  // on the account. The audit entry (who, whose, which field) is committed before the value is
  // returned. not_found "contact_not_set" when the account has no e-mail address.
  std::string reveal_contact(const Principal& actor, const tenancy::Tenant& tenant,
                             const tenancy::TenantDirectory& directory,
                             const std::string& account_id, ContactField field,
                             const RequestContext& ctx);

  // Platform admin: finds or creates the account of `mobile` in the tenant's realm, grants it
  // tenant_admin there and e-mails it a link to set its password.
  AccountRecord appoint_tenant_admin(const Principal& actor, const tenancy::Tenant& tenant,
                                     const std::string& mobile,
                                     const std::optional<std::string>& email,
                                     const RequestContext& ctx);

  // Creates the first platform admin when there is none, in the realm of the first root tenant
  // (by slug), with `mobile` or config().bootstrap_admin_mobile and a one-time password that
  // must be changed at first sign-in. nullopt when a platform admin exists or no tenant does.
  std::optional<BootstrapAdmin> ensure_platform_admin(const tenancy::TenantDirectory& directory,
                                                      const std::optional<std::string>& mobile);

  // Throws unless `actor` administers `tenant`: unauthenticated (401), not an admin at all
  // (403), an admin elsewhere or another realm (404, as if the tenant were not there).
  void authorize_admin(const Principal& actor, const tenancy::Tenant& tenant,
                       const tenancy::TenantDirectory& directory) const;

  // Whether `account_id` is an active account of `realm`.
  bool has_account(const std::string& realm, const std::string& account_id) const;

  // The mobile and e-mail address (empty when none) of `account_id`, read inside `sql`, for a
  // module that notifies the account within its own transaction.
  std::pair<std::string, std::string> contact_in(soci::session& sql,
                                                 const std::string& account_id) const;

  // Who holds `role` where in `realm` (active accounts only): (account id, tenant) pairs.
  std::vector<std::pair<std::string, std::string>> role_holders(const std::string& realm,
                                                                Role role) const;

  // Throws unless `actor` reviews or administers `tenant` and `account_id` is an account within
  // its reach (of its realm; below the realm's top, one with a role in the tenant's subtree), so
  // that the actor may see what the account submitted. Unknown and out-of-reach accounts are 404.
  void authorize_staff_view(const Principal& actor, const tenancy::Tenant& tenant,
                            const tenancy::TenantDirectory& directory,
                            const std::string& account_id) const;

 private:
  SignedIn start_session(soci::session& tx, AccountRecord account, const tenancy::Tenant& tenant,
                         const RequestContext& ctx, std::int64_t now);
  void check_sign_in_throttle(const std::string& account_bucket, const std::string& ip_bucket,
                              std::int64_t now);
  [[noreturn]] void fail_sign_in(const tenancy::Tenant& tenant, const std::string& mobile,
                                 const std::optional<AccountRecord>& account,
                                 const std::string& reason, const RequestContext& ctx,
                                 std::int64_t now);
  bool verify_code(const std::string& realm, const std::string& mobile, const std::string& purpose,
                   const std::string& code, std::int64_t now);
  AccountRecord account_in_reach(soci::session& sql, const tenancy::Tenant& tenant,
                                 const tenancy::TenantDirectory& directory,
                                 const std::string& account_id) const;
  AccountRecord account_in_scope(soci::session& sql, const Principal& actor,
                                 const tenancy::Tenant& tenant,
                                 const tenancy::TenantDirectory& directory,
                                 const std::string& account_id) const;
  void refuse_takeover(const Principal& actor, const AccountRecord& account,
                       const tenancy::TenantDirectory& directory) const;
  // `member_of_subtree`: the caller vouches that the account belongs to the tenant's subtree.
  void change_frozen(const Principal& actor, const tenancy::Tenant& tenant,
                     const tenancy::TenantDirectory& directory, const std::string& account_id,
                     bool frozen, const std::string& reason, const RequestContext& ctx,
                     bool member_of_subtree);
  void issue_reset(soci::session& tx, const AccountRecord& account, const std::string& tenant_slug,
                   const std::string& template_key, const RequestContext& ctx, std::int64_t now);
  void audit_event(soci::session& tx, AuditEvent event, const RequestContext& ctx) const;
  // Throttling keys that contain a mobile number or e-mail address hold its keyed digest, so
  // rate_events cannot be reversed with a dictionary of numbers.
  std::string contact_key(privacy::ValueKind kind, std::string_view value) const;
  std::string sign_in_bucket(const std::string& realm, const std::string& mobile) const;
  std::shared_ptr<const Principal> make_principal(const AccountRecord& account,
                                                  const std::string& public_id) const;

  std::shared_ptr<db::Database> db_;
  const core::Clock& clock_;
  PasswordHasher& hasher_;
  NotificationSink sink_;
  IdentityConfig config_;
  privacy::BlindIndex rate_index_;
  AccountStore accounts_;
  SessionStore sessions_;
  SmsCodeStore codes_;
  ResetTokenStore resets_;
  RateStore rates_;
  AuditStore audit_;
  LegacyLookup legacy_;
};

// Every tenant of the subtree rooted at `root`, `root` included, in slug order.
std::vector<std::string> subtree_of(const tenancy::TenantDirectory& directory,
                                    const std::string& root);

}  // namespace guildhall::identity
