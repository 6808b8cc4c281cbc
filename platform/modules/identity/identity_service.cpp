#include "modules/identity/identity_service.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "core/errors.hpp"
#include "db/database.hpp"
#include "modules/identity/contact_fields.hpp"
#include "modules/identity/mobile_number.hpp"
#include "modules/identity/password_hasher.hpp"
#include "modules/identity/password_policy.hpp"
#include "modules/identity/secrets.hpp"
#include "modules/identity/security_rules.hpp"
#include "privacy/masking.hpp"
#include "tenancy/tenant_directory.hpp"

namespace guildhall::identity {

namespace {

using core::AppError;
using core::ErrorKind;
using core::FieldIssue;
using privacy::mask_mobile;

std::string_view purpose_name(SmsPurpose p) {
  return p == SmsPurpose::register_account ? "register" : "sign_in";
}

std::string bucket(std::string_view kind, std::string_view a, std::string_view b = {}) {
  std::string key(kind);
  key += '|';
  key += a;
  key += '|';
  key += b;
  return sha256_hex(key);
}

std::string code_hash(const std::string& code_id, std::string_view code) {
  return sha256_hex(code_id + ":" + std::string(code));
}

AppError invalid_credentials() {
  return AppError(ErrorKind::unauthenticated, "invalid_credentials",
                  {"手机号、密码或验证码不正确。", "Wrong mobile number, password or code."});
}

AppError too_many(std::int64_t wait_ms) {
  const int seconds = static_cast<int>((std::max<std::int64_t>(wait_ms, 1) + 999) / 1000);
  return AppError(ErrorKind::too_many_requests, "too_many_requests",
                  {"尝试次数过多，请稍后再试。", "Too many attempts; please try again later."})
      .with_retry_after(seconds);
}

AppError not_found(std::string code = "not_found") {
  return AppError(ErrorKind::not_found, std::move(code), {"找不到该对象。", "Not found."});
}

AppError forbidden(std::string code = "forbidden") {
  return AppError(ErrorKind::forbidden, std::move(code),
                  {"您没有执行此操作的权限。", "You are not allowed to do this."});
}

AppError invalid(std::vector<FieldIssue> fields) {
  return AppError(ErrorKind::validation, "validation_failed",
                  {"提交的内容有误，请检查标出的项目。", "Some fields are invalid."})
      .with_fields(std::move(fields));
}

FieldIssue password_issue(const std::string& field, const std::string& problem) {
  if (problem == "too_short") {
    return {field, problem, {"密码至少 8 个字符。", "The password needs at least 8 characters."}};
  }
  if (problem == "too_long") {
    return {
        field, problem, {"密码最多 128 个字符。", "The password may have at most 128 characters."}};
  }
  if (problem == "too_common") {
    return {field, problem, {"这个密码太常见，请换一个。", "This password is too common."}};
  }
  if (problem == "contains_mobile") {
    return {field,
            problem,
            {"密码不能包含手机号。", "The password must not contain the mobile number."}};
  }
  return {field, problem, {"密码包含无效字符。", "The password contains invalid characters."}};
}

FieldIssue mobile_issue() {
  return {"mobile", "invalid_format", {"手机号格式不正确。", "This is not a valid mobile number."}};
}

bool plausible_email(const std::string& email) {
  const auto at = email.find('@');
  if (email.size() > 254 || at == std::string::npos || at == 0 ||
      email.find('@', at + 1) != std::string::npos) {
    return false;
  }
  const auto dot = email.find('.', at);
  if (dot == std::string::npos || dot == at + 1 || email.back() == '.') {
    return false;
  }
  return std::none_of(email.begin(), email.end(), [](unsigned char c) { return c <= ' '; });
}

bool only_member_roles(const AccountRecord& account) {
  return std::all_of(account.roles.begin(), account.roles.end(),
                     [](const RoleGrant& g) { return g.role == Role::member; });
}

bool is_admin_account(const AccountRecord& account) {
  return std::any_of(account.roles.begin(), account.roles.end(), [](const RoleGrant& g) {
    return g.role == Role::tenant_admin || g.role == Role::platform_admin;
  });
}

nlohmann::json grants_json(const std::vector<RoleGrant>& grants) {
  auto out = nlohmann::json::array();
  for (const auto& g : grants) {
    out.push_back({{"tenant", g.tenant}, {"role", std::string(to_string(g.role))}});
  }
  return out;
}

}  // namespace

std::vector<std::string> subtree_of(const tenancy::TenantDirectory& directory,
                                    const std::string& root) {
  std::vector<std::string> out;
  for (const auto& t : directory.all()) {
    if (directory.in_subtree(t->slug(), root)) {
      out.push_back(t->slug());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

IdentityService::IdentityService(std::shared_ptr<db::Database> db, const core::Clock& clock,
                                 PasswordHasher& hasher, NotificationSink sink,
                                 IdentityConfig config,
                                 const std::shared_ptr<const privacy::KeyRing>& keys)
    : db_(std::move(db)),
      clock_(clock),
      hasher_(hasher),
      sink_(std::move(sink)),
      config_(std::move(config)),
      rate_index_(keys),
      accounts_(keys),
      codes_(keys) {}

std::string IdentityService::contact_key(privacy::ValueKind kind, std::string_view value) const {
  return rate_index_.of(kRateBucketPurpose, kind, value);
}

std::string IdentityService::sign_in_bucket(const std::string& realm,
                                            const std::string& mobile) const {
  return bucket("signin", realm, contact_key(privacy::ValueKind::mobile, mobile));
}

void IdentityService::audit_event(soci::session& tx, AuditEvent event,
                                  const RequestContext& ctx) const {
  event.ip = ctx.ip;
  audit_.append(tx, event);
}

std::shared_ptr<const Principal> IdentityService::make_principal(
    const AccountRecord& account, const std::string& public_id) const {
  auto p = std::make_shared<Principal>();
  p->account_id = account.id;
  p->realm = account.realm;
  p->session_id = public_id;
  p->roles = account.roles;
  p->is_platform_admin =
      std::any_of(account.roles.begin(), account.roles.end(),
                  [](const RoleGrant& g) { return g.role == Role::platform_admin; });
  p->must_change_password = account.must_change_password;
  return p;
}

int IdentityService::request_sms_code(const tenancy::Tenant& tenant, const std::string& mobile_in,
                                      SmsPurpose purpose, const RequestContext& ctx) {
  const auto mobile = normalise_mobile(mobile_in);
  if (!mobile) {
    throw invalid({mobile_issue()});
  }
  const auto now = clock_.now_ms();
  const auto phone_bucket = bucket("sms", contact_key(privacy::ValueKind::mobile, *mobile));
  const auto ip_bucket = bucket("sms-ip", ctx.ip);
  db_->transaction([&](soci::session& tx) {
    const auto ip_wait = window_wait(rates_.times(tx, ip_bucket, now - kHourMs), now, kHourMs,
                                     config_.ip_sms_per_hour);
    const auto phone_wait = sms_wait(rates_.times(tx, phone_bucket, now - kDayMs), now);
    if (ip_wait || phone_wait) {
      throw too_many(std::max(ip_wait.value_or(0), phone_wait.value_or(0)));
    }
    rates_.record(tx, phone_bucket, now);
    rates_.record(tx, ip_bucket, now);
    const auto account = accounts_.find_by_mobile(tx, tenant.realm, *mobile);
    const bool send = purpose == SmsPurpose::register_account ? !account.has_value()
                      : account ? account->status == "active" && only_member_roles(*account)
                                : legacy_ && legacy_(tenant.realm, *mobile).has_value();
    if (!send) {
      return;
    }
    const std::string code = random_sms_code();
    SmsCodeRecord record;
    record.id = new_id(now);
    record.realm = tenant.realm;
    record.mobile = *mobile;
    record.purpose = std::string(purpose_name(purpose));
    record.code_hash = code_hash(record.id, code);
    record.created_at = now;
    record.expires_at = now + kSmsCodeLifetimeMs;
    codes_.insert(tx, record);
    notifications::OutboundMessage message;
    message.id = "sms-code-" + record.id;
    message.tenant_slug = tenant.slug();
    message.channel = notifications::Channel::sms;
    message.recipient = *mobile;
    message.template_key = "sms_code";
    message.locale = ctx.locale;
    message.params = {{"code", code}, {"minutes", std::to_string(kSmsCodeLifetimeMs / kMinuteMs)}};
    message.expires_at_ms = record.expires_at;
    sink_.enqueue(tx, message, now);
  });
  return static_cast<int>(kSmsCooldownMs / 1000);
}

bool IdentityService::verify_code(const std::string& realm, const std::string& mobile,
                                  const std::string& purpose, const std::string& code,
                                  std::int64_t now) {
  bool ok = false;
  db_->transaction([&](soci::session& tx) {
    const auto record = codes_.latest_open(tx, realm, mobile, purpose);
    if (!record || record->expires_at <= now ||
        !codes_.claim_attempt(tx, record->id, kSmsCodeMaxAttempts)) {
      return;
    }
    if (equal_secrets(record->code_hash, code_hash(record->id, code))) {
      ok = codes_.consume(tx, record->id, now);
    }
  });
  return ok;
}

SignedIn IdentityService::start_session(soci::session& tx, AccountRecord account,
                                        const tenancy::Tenant& tenant, const RequestContext& ctx,
                                        std::int64_t now) {
  const bool admin = is_admin_account(account);
  SessionRecord s;
  const std::string token = random_token(32);
  s.id_hash = sha256_hex(token);
  s.public_id = new_id(now);
  s.account_id = account.id;
  s.realm = account.realm;
  s.idle_timeout_ms = (admin ? config_.admin_idle : config_.member_idle).count();
  s.created_at = now;
  s.last_seen_at = now;
  s.expires_at = now + (admin ? config_.admin_absolute : config_.member_absolute).count();
  s.ip = ctx.ip.substr(0, 64);
  s.user_agent = ctx.user_agent.substr(0, 512);
  sessions_.insert(tx, s);
  accounts_.record_sign_in(tx, account.id, now);
  account.last_sign_in_at = now;
  audit_event(tx,
              {0,
               now,
               "sign_in",
               account.realm,
               tenant.slug(),
               account.id,
               account.id,
               {},
               nlohmann::json{{"session", s.public_id}}.dump()},
              ctx);
  SignedIn out;
  out.principal = make_principal(account, s.public_id);
  out.account = std::move(account);
  out.session_token = token;
  return out;
}

void IdentityService::check_sign_in_throttle(const std::string& account_bucket,
                                             const std::string& ip_bucket, std::int64_t now) {
  std::vector<std::int64_t> account_times;
  std::vector<std::int64_t> ip_times;
  db_->run([&](soci::session& sql) {
    account_times = rates_.times(sql, account_bucket, now - kFailureWindowMs);
    ip_times = rates_.times(sql, ip_bucket, now - kFailureWindowMs);
  });
  if (const auto until = locked_until(account_times, now)) {
    throw too_many(*until - now);
  }
  if (const auto wait =
          window_wait(ip_times, now, kFailureWindowMs, config_.ip_sign_in_failures_per_15_min)) {
    throw too_many(*wait);
  }
}

void IdentityService::fail_sign_in(const tenancy::Tenant& tenant, const std::string& mobile,
                                   const std::optional<AccountRecord>& account,
                                   const std::string& reason, const RequestContext& ctx,
                                   std::int64_t now) {
  const auto account_bucket = sign_in_bucket(tenant.realm, mobile);
  db_->transaction([&](soci::session& tx) {
    rates_.record(tx, account_bucket, now);
    rates_.record(tx, bucket("signin-ip", ctx.ip), now);
    std::optional<std::string> subject;
    if (account) {
      subject = account->id;
    }
    audit_event(tx,
                {0,
                 now,
                 "sign_in_failed",
                 tenant.realm,
                 tenant.slug(),
                 {},
                 subject,
                 {},
                 nlohmann::json{{"mobile", mask_mobile(mobile)}, {"reason", reason}}.dump()},
                ctx);
    const auto times = rates_.times(tx, account_bucket, now - kFailureWindowMs);
    if (const auto until = locked_until(times, now)) {
      audit_event(tx,
                  {0,
                   now,
                   "lockout",
                   tenant.realm,
                   tenant.slug(),
                   {},
                   subject,
                   {},
                   nlohmann::json{{"mobile", mask_mobile(mobile)},
                                  {"failures", times.size()},
                                  {"lockedMinutes", (*until - now) / kMinuteMs}}
                       .dump()},
                  ctx);
    }
  });
  throw invalid_credentials();
}

SignedIn IdentityService::register_account(const tenancy::Tenant& tenant,
                                           const RegisterInput& input, const RequestContext& ctx) {
  std::vector<FieldIssue> issues;
  const auto mobile = normalise_mobile(input.mobile);
  if (!mobile) {
    issues.push_back(mobile_issue());
  }
  if (input.code.size() != 6 || !std::all_of(input.code.begin(), input.code.end(),
                                             [](char c) { return c >= '0' && c <= '9'; })) {
    issues.push_back(
        {"code", "code_invalid", {"验证码不正确或已过期。", "The code is wrong or has expired."}});
  }
  if (const auto problem = password_problem(input.password, mobile.value_or(""))) {
    issues.push_back(password_issue("password", *problem));
  }
  if (input.email && !plausible_email(*input.email)) {
    issues.push_back(
        {"email", "invalid_format", {"邮箱格式不正确。", "This is not a valid e-mail address."}});
  }
  if (!issues.empty()) {
    throw invalid(std::move(issues));
  }
  const auto now = clock_.now_ms();
  if (!verify_code(tenant.realm, *mobile, "register", input.code, now)) {
    throw invalid({{"code",
                    "code_invalid",
                    {"验证码不正确或已过期。", "The code is wrong or has expired."}}});
  }
  const auto taken = [&] {
    return invalid({{"mobile",
                     "mobile_taken",
                     {"该手机号已注册，请直接登录。",
                      "This mobile number is registered already; please sign in."}}});
  };
  const std::string hash = hasher_.hash(input.password);
  SignedIn out;
  db_->transaction([&](soci::session& tx) {
    if (accounts_.find_by_mobile(tx, tenant.realm, *mobile)) {
      throw taken();
    }
    AccountRecord account;
    account.id = new_id(now);
    account.realm = tenant.realm;
    account.mobile = *mobile;
    account.email = input.email;
    account.password_hash = hash;
    account.created_at = now;
    account.updated_at = now;
    accounts_.insert(tx, account);
    const RoleGrant member{tenant.slug(), Role::member};
    accounts_.grant(tx, account.id, member, std::nullopt, now);
    account.roles.push_back(member);
    audit_event(tx,
                {0,
                 now,
                 "account_registered",
                 tenant.realm,
                 tenant.slug(),
                 account.id,
                 account.id,
                 {},
                 nlohmann::json{{"mobile", mask_mobile(*mobile)}}.dump()},
                ctx);
    out = start_session(tx, std::move(account), tenant, ctx, now);
  });
  return out;
}

SignedIn IdentityService::sign_in_with_password(const tenancy::Tenant& tenant,
                                                const std::string& mobile_in,
                                                const std::string& password,
                                                const RequestContext& ctx) {
  const auto mobile = normalise_mobile(mobile_in);
  if (!mobile) {
    throw invalid({mobile_issue()});
  }
  const auto now = clock_.now_ms();
  const auto account_bucket = sign_in_bucket(tenant.realm, *mobile);
  check_sign_in_throttle(account_bucket, bucket("signin-ip", ctx.ip), now);
  std::optional<AccountRecord> account;
  db_->run(
      [&](soci::session& sql) { account = accounts_.find_by_mobile(sql, tenant.realm, *mobile); });
  // Over-long input is refused without hashing it, for known and unknown accounts alike.
  const bool ok = password.size() <= 4 * kMaxPasswordLength && account
                      ? hasher_.verify(account->password_hash, password)
                      : (hasher_.verify_nothing(password.substr(0, 4 * kMaxPasswordLength)), false);
  if (!ok) {
    fail_sign_in(tenant, *mobile, account, "wrong_password", ctx, now);
  }
  if (account->status != "active") {
    db_->transaction([&](soci::session& tx) {
      audit_event(tx,
                  {0,
                   now,
                   "sign_in_refused",
                   tenant.realm,
                   tenant.slug(),
                   {},
                   account->id,
                   {},
                   nlohmann::json{{"reason", "frozen"}}.dump()},
                  ctx);
    });
    throw AppError(ErrorKind::forbidden, "account_frozen",
                   {"该账号已被冻结，请联系管理员。",
                    "This account is frozen; please contact an administrator."});
  }
  std::optional<std::string> rehash;
  if (hasher_.needs_rehash(account->password_hash)) {
    rehash = hasher_.hash(password);
  }
  SignedIn out;
  db_->transaction([&](soci::session& tx) {
    if (rehash) {
      accounts_.set_password(tx, account->id, *rehash, account->must_change_password, now);
    }
    rates_.clear(tx, account_bucket);
    out = start_session(tx, *account, tenant, ctx, now);
  });
  return out;
}

SignedIn IdentityService::sign_in_with_code(const tenancy::Tenant& tenant,
                                            const std::string& mobile_in, const std::string& code,
                                            const RequestContext& ctx) {
  const auto mobile = normalise_mobile(mobile_in);
  if (!mobile) {
    throw invalid({mobile_issue()});
  }
  const auto now = clock_.now_ms();
  const auto account_bucket = sign_in_bucket(tenant.realm, *mobile);
  check_sign_in_throttle(account_bucket, bucket("signin-ip", ctx.ip), now);
  std::optional<AccountRecord> account;
  db_->run(
      [&](soci::session& sql) { account = accounts_.find_by_mobile(sql, tenant.realm, *mobile); });
  const bool ok = verify_code(tenant.realm, *mobile, "sign_in", code, now);
  // A member of an old roster signs in for the first time: the account opens with the code.
  if (ok && !account && legacy_) {
    if (const auto roster = legacy_(tenant.realm, *mobile)) {
      SignedIn out;
      db_->transaction([&](soci::session& tx) {
        if (accounts_.find_by_mobile(tx, tenant.realm, *mobile)) {
          throw AppError(ErrorKind::conflict, "account_exists",
                         {"该手机号的账号已存在，请重新登录。",
                          "An account with this mobile exists already; sign in again."});
        }
        AccountRecord created;
        created.id = new_id(now);
        created.realm = tenant.realm;
        created.mobile = *mobile;
        created.created_at = now;
        created.updated_at = now;
        accounts_.insert(tx, created);
        const RoleGrant member{*roster, Role::member};
        accounts_.grant(tx, created.id, member, std::nullopt, now);
        created.roles.push_back(member);
        audit_event(tx,
                    {0,
                     now,
                     "account_opened_by_legacy_member",
                     tenant.realm,
                     *roster,
                     created.id,
                     created.id,
                     {},
                     nlohmann::json{{"mobile", mask_mobile(*mobile)}}.dump()},
                    ctx);
        rates_.clear(tx, account_bucket);
        out = start_session(tx, std::move(created), tenant, ctx, now);
      });
      return out;
    }
  }
  // Codes are never sent to admins; the check also refuses a code issued before a promotion.
  if (!ok || !account || !only_member_roles(*account)) {
    fail_sign_in(tenant, *mobile, account, "wrong_code", ctx, now);
  }
  if (account->status != "active") {
    throw AppError(ErrorKind::forbidden, "account_frozen",
                   {"该账号已被冻结，请联系管理员。",
                    "This account is frozen; please contact an administrator."});
  }
  SignedIn out;
  db_->transaction([&](soci::session& tx) {
    rates_.clear(tx, account_bucket);
    out = start_session(tx, *account, tenant, ctx, now);
  });
  return out;
}

std::shared_ptr<const Principal> IdentityService::authenticate(const std::string& session_token) {
  if (session_token.size() != 64) {
    return nullptr;
  }
  const auto hash = sha256_hex(session_token);
  const auto now = clock_.now_ms();
  std::shared_ptr<const Principal> out;
  db_->run([&](soci::session& sql) {
    out = nullptr;
    const auto s = sessions_.find(sql, hash);
    if (!s || s->ended_at ||
        session_expired({s->last_seen_at, s->expires_at, s->idle_timeout_ms}, now)) {
      return;
    }
    const auto account = accounts_.find_by_id(sql, s->account_id);
    if (!account || account->status != "active") {
      return;
    }
    // One write a minute at most per session: the idle timer does not need more precision.
    if (now - s->last_seen_at >= kMinuteMs) {
      sessions_.touch(sql, hash, now);
    }
    out = make_principal(*account, s->public_id);
  });
  return out;
}

void IdentityService::sign_out(const Principal& principal, const RequestContext& ctx) {
  const auto now = clock_.now_ms();
  db_->transaction([&](soci::session& tx) {
    sessions_.end_by_public_id(tx, principal.account_id, principal.session_id, now);
    audit_event(tx,
                {0,
                 now,
                 "sign_out",
                 principal.realm,
                 principal.realm,
                 principal.account_id,
                 principal.account_id,
                 {},
                 nlohmann::json{{"session", principal.session_id}}.dump()},
                ctx);
  });
}

AccountRecord IdentityService::account(const Principal& principal) {
  std::optional<AccountRecord> account;
  db_->run([&](soci::session& sql) { account = accounts_.find_by_id(sql, principal.account_id); });
  if (!account) {
    throw AppError(ErrorKind::unauthenticated, "unauthenticated",
                   {"请先登录。", "Please sign in."});
  }
  return *account;
}

void IdentityService::change_password(const Principal& principal, const std::string& current,
                                      const std::string& next, const RequestContext& ctx) {
  const auto now = clock_.now_ms();
  const AccountRecord acc = account(principal);
  const auto account_bucket = sign_in_bucket(acc.realm, acc.mobile);
  check_sign_in_throttle(account_bucket, bucket("signin-ip", ctx.ip), now);
  // An account opened by an SMS code (an old roster's member) has no password to confirm yet.
  const bool has_password = !acc.password_hash.empty();
  if (has_password &&
      (current.size() > 4 * kMaxPasswordLength || !hasher_.verify(acc.password_hash, current))) {
    db_->transaction([&](soci::session& tx) { rates_.record(tx, account_bucket, now); });
    throw invalid({{"currentPassword",
                    "wrong_password",
                    {"当前密码不正确。", "The current password is wrong."}}});
  }
  if (const auto problem = password_problem(next, acc.mobile)) {
    throw invalid({password_issue("newPassword", *problem)});
  }
  const auto hash = hasher_.hash(next);
  db_->transaction([&](soci::session& tx) {
    accounts_.set_password(tx, acc.id, hash, false, now);
    sessions_.end_all(tx, acc.id, principal.session_id, now);
    resets_.retire_all(tx, acc.id, now);
    audit_event(tx, {0, now, "password_changed", acc.realm, acc.realm, acc.id, acc.id, {}, "{}"},
                ctx);
  });
}

std::vector<SessionView> IdentityService::sessions(const Principal& principal) {
  const auto now = clock_.now_ms();
  std::vector<SessionRecord> records;
  db_->run([&](soci::session& sql) {
    records = sessions_.open_sessions(sql, principal.account_id, now);
  });
  std::vector<SessionView> out;
  for (const auto& s : records) {
    if (session_expired({s.last_seen_at, s.expires_at, s.idle_timeout_ms}, now)) {
      continue;
    }
    out.push_back({s.public_id, s.public_id == principal.session_id, s.created_at, s.last_seen_at,
                   s.ip, s.user_agent});
  }
  return out;
}

void IdentityService::end_session(const Principal& principal, const std::string& public_id,
                                  const RequestContext& ctx) {
  const auto now = clock_.now_ms();
  db_->transaction([&](soci::session& tx) {
    if (!sessions_.end_by_public_id(tx, principal.account_id, public_id, now)) {
      throw not_found("session_not_found");
    }
    audit_event(tx,
                {0,
                 now,
                 "session_revoked",
                 principal.realm,
                 principal.realm,
                 principal.account_id,
                 principal.account_id,
                 {},
                 nlohmann::json{{"session", public_id}}.dump()},
                ctx);
  });
}

void IdentityService::issue_reset(soci::session& tx, const AccountRecord& account,
                                  const std::string& tenant_slug, const std::string& template_key,
                                  const RequestContext& ctx, std::int64_t now) {
  const std::string token = random_token(32);
  ResetTokenRecord record;
  record.token_hash = sha256_hex(token);
  record.account_id = account.id;
  record.tenant_slug = tenant_slug;
  record.created_at = now;
  record.expires_at = now + kResetTokenLifetimeMs;
  resets_.insert(tx, record);
  notifications::OutboundMessage message;
  message.id = "password-reset-" + record.token_hash.substr(0, 32);
  message.tenant_slug = tenant_slug;
  message.channel = notifications::Channel::email;
  message.recipient = account.email.value_or("");
  message.template_key = template_key;
  message.locale = ctx.locale;
  const std::string link =
      config_.public_url + "/t/" + tenant_slug + "/reset-password?token=" + token;
  message.params = {{"link", link}};
  if (template_key == "password_reset") {
    message.params["minutes"] = std::to_string(kResetTokenLifetimeMs / kMinuteMs);
  }
  message.expires_at_ms = record.expires_at;
  sink_.enqueue(tx, message, now);
}

void IdentityService::request_password_reset(const tenancy::Tenant& tenant,
                                             const std::string& login, const RequestContext& ctx) {
  const auto now = clock_.now_ms();
  const auto mobile = normalise_mobile(login);
  const auto login_bucket =
      bucket("reset", tenant.realm,
             mobile                   ? contact_key(privacy::ValueKind::mobile, *mobile)
             : plausible_email(login) ? contact_key(privacy::ValueKind::email, login)
                                      : contact_key(privacy::ValueKind::exact, login));
  const auto ip_bucket = bucket("reset-ip", ctx.ip);
  db_->transaction([&](soci::session& tx) {
    // Over the limit the request is dropped silently: the answer must not differ from any other.
    if (window_wait(rates_.times(tx, login_bucket, now - kHourMs), now, kHourMs,
                    config_.resets_per_login_per_hour) ||
        window_wait(rates_.times(tx, ip_bucket, now - kHourMs), now, kHourMs,
                    config_.ip_resets_per_hour)) {
      return;
    }
    rates_.record(tx, login_bucket, now);
    rates_.record(tx, ip_bucket, now);
    std::optional<AccountRecord> account;
    if (mobile) {
      account = accounts_.find_by_mobile(tx, tenant.realm, *mobile);
    } else if (plausible_email(login)) {
      account = accounts_.find_by_email(tx, tenant.realm, login);
    }
    std::optional<std::string> subject;
    if (account && account->email) {
      subject = account->id;
      issue_reset(tx, *account, tenant.slug(), "password_reset", ctx, now);
    }
    audit_event(
        tx,
        {0,
         now,
         "password_reset_requested",
         tenant.realm,
         tenant.slug(),
         {},
         subject,
         {},
         nlohmann::json{{"login", mobile ? mask_mobile(*mobile) : std::string("e-mail")}}.dump()},
        ctx);
  });
}

void IdentityService::complete_password_reset(const std::string& token, const std::string& password,
                                              const RequestContext& ctx) {
  const auto now = clock_.now_ms();
  const auto invalid_link = [] {
    return AppError(ErrorKind::not_found, "reset_link_invalid",
                    {"重置链接无效或已过期，请重新申请。",
                     "This reset link is invalid or has expired; please ask for a new one."});
  };
  const auto hash = sha256_hex(token);
  std::optional<ResetTokenRecord> record;
  std::optional<AccountRecord> acc;
  db_->run([&](soci::session& sql) {
    record = resets_.find(sql, hash);
    if (record) {
      acc = accounts_.find_by_id(sql, record->account_id);
    }
  });
  if (!record || record->used_at || record->expires_at <= now || !acc) {
    throw invalid_link();
  }
  if (const auto problem = password_problem(password, acc->mobile)) {
    throw invalid({password_issue("password", *problem)});
  }
  const auto new_hash = hasher_.hash(password);
  db_->transaction([&](soci::session& tx) {
    if (!resets_.use(tx, hash, now)) {
      throw invalid_link();
    }
    accounts_.set_password(tx, acc->id, new_hash, false, now);
    sessions_.end_all(tx, acc->id, "", now);
    resets_.retire_all(tx, acc->id, now);
    rates_.clear(tx, sign_in_bucket(acc->realm, acc->mobile));
    audit_event(tx,
                {0,
                 now,
                 "password_reset_completed",
                 acc->realm,
                 record->tenant_slug,
                 acc->id,
                 acc->id,
                 {},
                 "{}"},
                ctx);
  });
}

void IdentityService::authorize_admin(const Principal& actor, const tenancy::Tenant& tenant,
                                      const tenancy::TenantDirectory& directory) const {
  if (actor.must_change_password) {
    throw AppError(ErrorKind::forbidden, "password_change_required",
                   {"请先修改初始密码。", "Please change your one-time password first."});
  }
  if (actor.is_platform_admin) {
    return;
  }
  if (actor.realm != tenant.realm) {
    throw not_found();
  }
  bool admin_elsewhere = false;
  for (const auto& g : actor.roles) {
    if (g.role == Role::tenant_admin) {
      if (directory.in_subtree(tenant.slug(), g.tenant)) {
        return;
      }
      admin_elsewhere = true;
    }
  }
  if (admin_elsewhere) {
    throw not_found();
  }
  throw forbidden();
}

AccountRecord IdentityService::account_in_reach(soci::session& sql, const tenancy::Tenant& tenant,
                                                const tenancy::TenantDirectory& directory,
                                                const std::string& account_id) const {
  auto account = accounts_.find_by_id(sql, account_id);
  if (!account || account->realm != tenant.realm) {
    throw not_found("account_not_found");
  }
  if (tenant.slug() != tenant.realm &&
      std::none_of(account->roles.begin(), account->roles.end(), [&](const RoleGrant& g) {
        return directory.in_subtree(g.tenant, tenant.slug());
      })) {
    throw not_found("account_not_found");
  }
  return *account;
}

bool IdentityService::has_account(const std::string& realm, const std::string& account_id) const {
  bool found = false;
  db_->run([&](soci::session& sql) {
    const auto account = accounts_.find_by_id(sql, account_id);
    found = account && account->realm == realm && account->status == "active";
  });
  return found;
}

std::pair<std::string, std::string> IdentityService::contact_in(
    soci::session& sql, const std::string& account_id) const {
  const auto account = accounts_.find_by_id(sql, account_id);
  if (!account) {
    return {};
  }
  return {account->mobile, account->email.value_or("")};
}

std::vector<std::pair<std::string, std::string>> IdentityService::role_holders(
    const std::string& realm, Role role) const {
  std::vector<std::pair<std::string, std::string>> out;
  db_->run([&](soci::session& sql) { out = accounts_.holders(sql, realm, role); });
  return out;
}

void IdentityService::authorize_staff_view(const Principal& actor, const tenancy::Tenant& tenant,
                                           const tenancy::TenantDirectory& directory,
                                           const std::string& account_id) const {
  if (!actor.holds(Role::reviewer, tenant.slug())) {
    authorize_admin(actor, tenant, directory);
  }
  db_->run([&](soci::session& sql) { account_in_reach(sql, tenant, directory, account_id); });
}

AccountRecord IdentityService::account_in_scope(soci::session& sql, const Principal& actor,
                                                const tenancy::Tenant& tenant,
                                                const tenancy::TenantDirectory& directory,
                                                const std::string& account_id) const {
  auto account = account_in_reach(sql, tenant, directory, account_id);
  refuse_takeover(actor, account, directory);
  return account;
}

void IdentityService::refuse_takeover(const Principal& actor, const AccountRecord& account,
                                      const tenancy::TenantDirectory& directory) const {
  if (actor.is_platform_admin) {
    return;
  }
  // An admin must not take over an account that administers more than the admin does.
  for (const auto& g : account.roles) {
    const bool covered =
        std::any_of(actor.roles.begin(), actor.roles.end(), [&](const RoleGrant& a) {
          return a.role == Role::tenant_admin && directory.in_subtree(g.tenant, a.tenant);
        });
    if (g.role == Role::platform_admin || (g.role == Role::tenant_admin && !covered)) {
      throw forbidden("insufficient_privilege");
    }
  }
}

AccountPage IdentityService::list_accounts(const Principal& actor, const tenancy::Tenant& tenant,
                                           const tenancy::TenantDirectory& directory,
                                           const AccountQuery& query) {
  authorize_admin(actor, tenant, directory);
  AccountSearch search;
  search.realm = tenant.realm;
  const bool whole_realm = tenant.slug() == tenant.realm;
  const auto scope = subtree_of(directory, tenant.slug());
  if (!whole_realm) {
    search.tenants = scope;
  }
  const auto start = query.text.find_first_not_of(" \t");
  const std::string text =
      start == std::string::npos
          ? std::string()
          : query.text.substr(start, query.text.find_last_not_of(" \t") - start + 1);
  if (const auto mobile = normalise_mobile(text)) {
    search.mobile = *mobile;
  } else if (text.find('@') != std::string::npos) {
    search.email = text;
  } else {
    // Account ids are upper-case ULIDs.
    search.id_prefix = text;
    std::transform(search.id_prefix.begin(), search.id_prefix.end(), search.id_prefix.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  }
  search.status = query.status;
  const int size = std::clamp(query.page_size, 1, 100);
  const int page = std::max(query.page, 1);
  AccountPage out;
  db_->run([&](soci::session& sql) {
    out.items.clear();
    const auto ids = accounts_.search(sql, search);
    out.total = static_cast<long long>(ids.size());
    const auto first = static_cast<std::size_t>(page - 1) * static_cast<std::size_t>(size);
    for (std::size_t i = first; i < ids.size() && i < first + static_cast<std::size_t>(size); ++i) {
      if (auto a = accounts_.find_by_id(sql, ids[i])) {
        if (!whole_realm) {
          std::erase_if(a->roles, [&](const RoleGrant& g) {
            return std::find(scope.begin(), scope.end(), g.tenant) == scope.end();
          });
        }
        out.items.push_back(std::move(*a));
      }
    }
  });
  return out;
}

void IdentityService::admin_reset_password(const Principal& actor, const tenancy::Tenant& tenant,
                                           const tenancy::TenantDirectory& directory,
                                           const std::string& account_id,
                                           const RequestContext& ctx) {
  authorize_admin(actor, tenant, directory);
  const auto now = clock_.now_ms();
  db_->transaction([&](soci::session& tx) {
    const auto account = account_in_scope(tx, actor, tenant, directory, account_id);
    if (!account.email) {
      throw AppError(ErrorKind::conflict, "no_email",
                     {"该账号没有登记邮箱，无法发送重置链接。",
                      "This account has no e-mail address to send a reset link to."});
    }
    issue_reset(tx, account, tenant.slug(), "admin_password_reset", ctx, now);
    if (sink_.post_site_message) {
      sink_.post_site_message(
          tx,
          {tenant.slug(),
           account.id,
           {"密码重置", "Password reset"},
           {"管理员为您的账号发起了密码重置，请在 30 分钟内通过邮件中的链接设置新密码。",
            "An administrator started a password reset for your account; set a new password "
            "through the link in your e-mail within 30 minutes."}},
          now);
    }
    audit_event(tx,
                {0,
                 now,
                 "password_reset_requested",
                 tenant.realm,
                 tenant.slug(),
                 actor.account_id,
                 account.id,
                 {},
                 nlohmann::json{{"by", "admin"}}.dump()},
                ctx);
  });
}

void IdentityService::set_frozen(const Principal& actor, const tenancy::Tenant& tenant,
                                 const tenancy::TenantDirectory& directory,
                                 const std::string& account_id, bool frozen,
                                 const std::string& reason, const RequestContext& ctx) {
  change_frozen(actor, tenant, directory, account_id, frozen, reason, ctx, false);
}

void IdentityService::freeze_member(const Principal& actor, const tenancy::Tenant& tenant,
                                    const tenancy::TenantDirectory& directory,
                                    const std::string& account_id, const std::string& reason,
                                    const RequestContext& ctx) {
  change_frozen(actor, tenant, directory, account_id, true, reason, ctx, true);
}

void IdentityService::change_frozen(const Principal& actor, const tenancy::Tenant& tenant,
                                    const tenancy::TenantDirectory& directory,
                                    const std::string& account_id, bool frozen,
                                    const std::string& reason, const RequestContext& ctx,
                                    bool member_of_subtree) {
  authorize_admin(actor, tenant, directory);
  if (reason.size() > 500) {
    throw invalid({{"reason",
                    "too_long",
                    {"原因最多 500 个字符。", "The reason may have at most 500 characters."}}});
  }
  const auto now = clock_.now_ms();
  db_->transaction([&](soci::session& tx) {
    const auto account = [&] {
      if (!member_of_subtree) {
        return account_in_scope(tx, actor, tenant, directory, account_id);
      }
      auto found = accounts_.find_by_id(tx, account_id);
      if (!found || found->realm != tenant.realm) {
        throw not_found("account_not_found");
      }
      refuse_takeover(actor, *found, directory);
      return std::move(*found);
    }();
    if (account.id == actor.account_id) {
      throw AppError(ErrorKind::conflict, "cannot_freeze_self",
                     {"不能冻结自己的账号。", "You cannot freeze your own account."});
    }
    accounts_.set_status(tx, account.id, frozen ? "frozen" : "active",
                         frozen ? std::optional(reason) : std::nullopt, now);
    if (frozen) {
      sessions_.end_all(tx, account.id, "", now);
    }
    audit_event(tx,
                {0,
                 now,
                 frozen ? "account_frozen" : "account_unfrozen",
                 tenant.realm,
                 tenant.slug(),
                 actor.account_id,
                 account.id,
                 {},
                 nlohmann::json{{"reason", reason}}.dump()},
                ctx);
  });
}

void IdentityService::set_roles(const Principal& actor, const tenancy::Tenant& tenant,
                                const tenancy::TenantDirectory& directory,
                                const std::string& account_id, const std::vector<RoleGrant>& roles,
                                const RequestContext& ctx) {
  authorize_admin(actor, tenant, directory);
  for (const auto& g : roles) {
    if (g.role == Role::platform_admin) {
      throw invalid(
          {{"roles",
            "role_not_assignable",
            {"不能在此分配平台管理员角色。", "The platform admin role cannot be assigned here."}}});
    }
    if (!directory.find(g.tenant) || !directory.in_subtree(g.tenant, tenant.slug())) {
      throw not_found("tenant_not_found");
    }
  }
  const auto now = clock_.now_ms();
  db_->transaction([&](soci::session& tx) {
    const auto account = account_in_scope(tx, actor, tenant, directory, account_id);
    std::vector<RoleGrant> removed;
    std::vector<RoleGrant> added;
    for (const auto& g : account.roles) {
      if (g.tenant != kPlatformTenant && directory.in_subtree(g.tenant, tenant.slug()) &&
          std::find(roles.begin(), roles.end(), g) == roles.end()) {
        accounts_.revoke(tx, account.id, g);
        removed.push_back(g);
      }
    }
    for (const auto& g : roles) {
      if (std::find(account.roles.begin(), account.roles.end(), g) == account.roles.end() &&
          std::find(added.begin(), added.end(), g) == added.end()) {
        accounts_.grant(tx, account.id, g, actor.account_id, now);
        added.push_back(g);
      }
    }
    if (!added.empty() || !removed.empty()) {
      // A session's timeouts follow the roles it was opened with; new rights start fresh.
      sessions_.end_all(tx, account.id, account.id == actor.account_id ? actor.session_id : "",
                        now);
      audit_event(
          tx,
          {0,
           now,
           "role_changed",
           tenant.realm,
           tenant.slug(),
           actor.account_id,
           account.id,
           {},
           nlohmann::json{{"added", grants_json(added)}, {"removed", grants_json(removed)}}.dump()},
          ctx);
    }
  });
}

AuditPage IdentityService::audit(const Principal& actor, const tenancy::Tenant& tenant,
                                 const tenancy::TenantDirectory& directory,
                                 const AuditQuery& query) {
  authorize_admin(actor, tenant, directory);
  AuditFilter filter;
  filter.tenants = subtree_of(directory, tenant.slug());
  filter.event = query.event;
  filter.account = query.account;
  filter.from_ms = query.from_ms;
  filter.to_ms = query.to_ms;
  filter.limit = std::clamp(query.page_size, 1, 200);
  filter.offset = (std::max(query.page, 1) - 1) * filter.limit;
  AuditPage page;
  db_->run([&](soci::session& sql) { page = audit_.query(sql, filter); });
  return page;
}

std::string IdentityService::reveal_contact(const Principal& actor, const tenancy::Tenant& tenant,
                                            const tenancy::TenantDirectory& directory,
                                            const std::string& account_id, ContactField field,
                                            const RequestContext& ctx) {
  authorize_admin(actor, tenant, directory);
  const auto now = clock_.now_ms();
  const std::string field_name = field == ContactField::mobile ? "mobile" : "email";
  std::optional<std::string> value;
  db_->transaction([&](soci::session& tx) {
    const auto account = account_in_scope(tx, actor, tenant, directory, account_id);
    value = field == ContactField::mobile ? std::optional(account.mobile) : account.email;
    if (!value) {
      return;
    }
    audit_event(tx,
                {0,
                 now,
                 "contact_revealed",
                 tenant.realm,
                 tenant.slug(),
                 actor.account_id,
                 account.id,
                 {},
                 nlohmann::json{{"field", field_name}}.dump()},
                ctx);
  });
  if (!value) {
    throw AppError(ErrorKind::not_found, "contact_not_set",
                   {"该账号没有登记邮箱。", "This account has no e-mail address."});
  }
  return *value;
}

AccountRecord IdentityService::appoint_tenant_admin(const Principal& actor,
                                                    const tenancy::Tenant& tenant,
                                                    const std::string& mobile_in,
                                                    const std::optional<std::string>& email,
                                                    const RequestContext& ctx) {
  if (!actor.is_platform_admin) {
    throw forbidden();
  }
  if (actor.must_change_password) {
    throw AppError(ErrorKind::forbidden, "password_change_required",
                   {"请先修改初始密码。", "Please change your one-time password first."});
  }
  const auto mobile = normalise_mobile(mobile_in);
  std::vector<FieldIssue> issues;
  if (!mobile) {
    issues.push_back(mobile_issue());
  }
  if (email && !plausible_email(*email)) {
    issues.push_back(
        {"email", "invalid_format", {"邮箱格式不正确。", "This is not a valid e-mail address."}});
  }
  if (!issues.empty()) {
    throw invalid(std::move(issues));
  }
  const auto now = clock_.now_ms();
  std::optional<AccountRecord> existing;
  db_->run(
      [&](soci::session& sql) { existing = accounts_.find_by_mobile(sql, tenant.realm, *mobile); });
  std::string unusable_hash;
  if (!existing) {
    if (!email) {
      throw invalid({{"email",
                      "required",
                      {"新账号需要邮箱以接收设置密码的链接。",
                       "A new account needs an e-mail address for its set-password link."}}});
    }
    unusable_hash = hasher_.hash(random_token(32));
  }
  AccountRecord out;
  db_->transaction([&](soci::session& tx) {
    auto account = accounts_.find_by_mobile(tx, tenant.realm, *mobile);
    if (!account) {
      AccountRecord fresh;
      fresh.id = new_id(now);
      fresh.realm = tenant.realm;
      fresh.mobile = *mobile;
      fresh.email = email;
      fresh.password_hash = unusable_hash.empty() ? hasher_.hash(random_token(32)) : unusable_hash;
      fresh.created_at = now;
      fresh.updated_at = now;
      accounts_.insert(tx, fresh);
      issue_reset(tx, fresh, tenant.slug(), "admin_password_reset", ctx, now);
      account = fresh;
    }
    const RoleGrant grant{tenant.slug(), Role::tenant_admin};
    accounts_.grant(tx, account->id, grant, actor.account_id, now);
    if (std::find(account->roles.begin(), account->roles.end(), grant) == account->roles.end()) {
      account->roles.push_back(grant);
    }
    audit_event(
        tx,
        {0,
         now,
         "role_changed",
         tenant.realm,
         tenant.slug(),
         actor.account_id,
         account->id,
         {},
         nlohmann::json{{"added", grants_json({grant})}, {"removed", nlohmann::json::array()}}
             .dump()},
        ctx);
    out = *account;
  });
  return out;
}

std::optional<BootstrapAdmin> IdentityService::ensure_platform_admin(
    const tenancy::TenantDirectory& directory, const std::optional<std::string>& mobile_in) {
  const auto now = clock_.now_ms();
  db_->transaction([&](soci::session& tx) { rates_.prune(tx, now - kDayMs); });
  bool exists = false;
  db_->run([&](soci::session& sql) { exists = accounts_.any_platform_admin(sql); });
  if (exists) {
    return std::nullopt;
  }
  std::string realm;
  for (const auto& t : directory.all()) {
    if (t->config->parent.empty() && (realm.empty() || t->slug() < realm)) {
      realm = t->slug();
    }
  }
  if (realm.empty()) {
    return std::nullopt;
  }
  const auto mobile = normalise_mobile(mobile_in.value_or(config_.bootstrap_admin_mobile));
  if (!mobile) {
    throw std::invalid_argument(
        "the first platform admin's mobile number is not a mainland mobile number");
  }
  BootstrapAdmin out{realm, *mobile, random_password(16)};
  const auto hash = hasher_.hash(out.one_time_password);
  db_->transaction([&](soci::session& tx) {
    auto account = accounts_.find_by_mobile(tx, realm, *mobile);
    if (!account) {
      AccountRecord fresh;
      fresh.id = new_id(now);
      fresh.realm = realm;
      fresh.mobile = *mobile;
      fresh.password_hash = hash;
      fresh.must_change_password = true;
      fresh.created_at = now;
      fresh.updated_at = now;
      accounts_.insert(tx, fresh);
      account = fresh;
    } else {
      accounts_.set_password(tx, account->id, hash, true, now);
      accounts_.set_status(tx, account->id, "active", std::nullopt, now);
    }
    accounts_.grant(tx, account->id, {std::string(kPlatformTenant), Role::platform_admin},
                    std::nullopt, now);
    audit_event(tx,
                {0,
                 now,
                 "role_changed",
                 realm,
                 realm,
                 {},
                 account->id,
                 {},
                 nlohmann::json{
                     {"added", grants_json({{std::string(kPlatformTenant), Role::platform_admin}})},
                     {"removed", nlohmann::json::array()}}
                     .dump()},
                RequestContext{"local", "", "zh-CN"});
  });
  return out;
}

}  // namespace guildhall::identity
