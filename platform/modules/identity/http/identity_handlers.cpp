#include "modules/identity/http/identity_handlers.hpp"

#include <ctime>
#include <nlohmann/json.hpp>
#include <set>

#include "core/clock.hpp"
#include "core/errors.hpp"
#include "http/router.hpp"
#include "modules/identity/http/session_middleware.hpp"
#include "modules/identity/identity_service.hpp"
#include "modules/identity/secrets.hpp"
#include "privacy/masking.hpp"
#include "tenancy/tenant_directory.hpp"

namespace guildhall::identity {

namespace {

using core::AppError;
using core::ErrorKind;
using http::Execution;
using http::Method;
using http::Request;
using http::Response;
using nlohmann::json;
using privacy::mask_email;
using privacy::mask_mobile;

AppError bad_body(std::string field, std::string code) {
  return AppError(ErrorKind::validation, "validation_failed",
                  {"提交的内容有误，请检查标出的项目。", "Some fields are invalid."})
      .with_fields({{std::move(field), std::move(code), {"该项无效。", "This field is invalid."}}});
}

// The JSON object of the body, with only the allowed keys.
json body_of(const Request& request, std::initializer_list<std::string_view> allowed) {
  json body = json::parse(request.body.empty() ? std::string("{}") : request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    throw AppError(ErrorKind::bad_request, "malformed_json",
                   {"请求体不是有效的 JSON 对象。", "The request body is not a JSON object."});
  }
  for (const auto& [key, value] : body.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      throw bad_body(key, "unknown_field");
    }
  }
  return body;
}

std::string text(const json& body, const std::string& key, bool required = true) {
  const auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    if (required) {
      throw bad_body(key, "required");
    }
    return {};
  }
  if (!it->is_string()) {
    throw bad_body(key, "not_a_string");
  }
  return it->get<std::string>();
}

std::string iso(std::int64_t ms) {
  return core::iso_utc(ms);
}

RequestContext context_of(const Request& request) {
  RequestContext ctx;
  ctx.ip = request.remote_address;
  if (const std::string* ua = request.header("user-agent")) {
    ctx.user_agent = *ua;
  }
  ctx.locale = request.locale;
  return ctx;
}

std::string cookie(std::string_view name, const std::string& value, bool http_only, bool secure,
                   bool clear = false) {
  std::string out(name);
  out += "=" + value + "; Path=/; SameSite=Lax";
  if (http_only) {
    out += "; HttpOnly";
  }
  if (secure) {
    out += "; Secure";
  }
  if (clear) {
    out += "; Max-Age=0";
  }
  return out;
}

// Contact data is masked in every response, the account owner's own included; only the audited
// reveal route shows it in full.
json account_json(const AccountRecord& a) {
  return {{"id", a.id},
          {"mobile", mask_mobile(a.mobile)},
          {"email", a.email ? json(mask_email(*a.email)) : json()},
          {"realm", a.realm},
          {"mustChangePassword", a.must_change_password},
          {"hasPassword", !a.password_hash.empty()},
          {"mustCompleteProfile", false}};
}

Response signed_in_response(int status, const SignedIn& s, const IdentityConfig& config) {
  Response r = Response::json(status, json{{"account", account_json(s.account)}}.dump());
  r.headers.emplace_back("Set-Cookie",
                         cookie(kSessionCookie, s.session_token, true, config.secure_cookies()));
  r.headers.emplace_back("Set-Cookie",
                         cookie(kCsrfCookie, random_token(32), false, config.secure_cookies()));
  r.set_header("Cache-Control", "no-store");
  return r;
}

int int_param(const Request& request, std::string_view name, int fallback) {
  const auto v = request.query_param(name);
  if (!v || v->empty()) {
    return fallback;
  }
  try {
    std::size_t used = 0;
    const int n = std::stoi(*v, &used);
    if (used == v->size()) {
      return n;
    }
  } catch (const std::exception&) {
  }
  throw bad_body(std::string(name), "not_an_integer");
}

// "2024-05-01" (UTC midnight), or milliseconds since the epoch.
std::optional<std::int64_t> time_param(const Request& request, std::string_view name) {
  const auto v = request.query_param(name);
  if (!v || v->empty()) {
    return std::nullopt;
  }
  std::tm tm{};
  int y = 0;
  int m = 0;
  int d = 0;
  char tail = 0;
  if (std::sscanf(v->c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && m >= 1 && m <= 12 &&
      d >= 1 && d <= 31) {
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    return static_cast<std::int64_t>(timegm(&tm)) * 1000;
  }
  if (v->find_first_not_of("0123456789") == std::string::npos && v->size() < 16) {
    return std::stoll(*v);
  }
  throw bad_body(std::string(name), "invalid_time");
}

std::shared_ptr<const tenancy::Tenant> tenant_of(const Request& request) {
  if (!request.tenant) {
    throw AppError(ErrorKind::not_found, "tenant_not_found",
                   {"找不到该机构。", "No such organisation."});
  }
  return request.tenant;
}

}  // namespace

void register_identity_routes(http::Router& router, IdentityService& service,
                              const tenancy::TenantRegistry& registry) {
  const auto& config = service.config();
  const bool secure = config.secure_cookies();

  router.add(Method::get, "/api/v1/auth/csrf", Execution::io_thread,
             {"Sets a fresh gh_csrf cookie for clients that have none", "accounts", {204}},
             [secure](Request&) {
               Response r;
               r.status = 204;
               r.headers.emplace_back("Set-Cookie",
                                      cookie(kCsrfCookie, random_token(32), false, secure));
               r.set_header("Cache-Control", "no-store");
               return r;
             });

  router.add(Method::post, "/api/v1/t/{slug}/auth/sms-codes", Execution::worker,
             {"Sends an SMS code for registration or sign-in (same answer for any number)",
              "accounts",
              {202}},
             [&service](Request& request) {
               const auto body = body_of(request, {"mobile", "purpose"});
               const auto purpose = text(body, "purpose");
               if (purpose != "register" && purpose != "sign_in") {
                 throw bad_body("purpose", "invalid_value");
               }
               const int cooldown = service.request_sms_code(
                   *tenant_of(request), text(body, "mobile"),
                   purpose == "register" ? SmsPurpose::register_account : SmsPurpose::sign_in,
                   context_of(request));
               return Response::json(202, json{{"cooldownSeconds", cooldown}}.dump());
             });

  router.add(Method::post, "/api/v1/t/{slug}/auth/register", Execution::worker,
             {"Creates an account in the tenant's realm and signs it in", "accounts", {201}},
             [&service](Request& request) {
               const auto body = body_of(request, {"mobile", "code", "password", "email"});
               RegisterInput input{text(body, "mobile"), text(body, "code"), text(body, "password"),
                                   std::nullopt};
               if (auto email = text(body, "email", false); !email.empty()) {
                 input.email = email;
               }
               const auto result =
                   service.register_account(*tenant_of(request), input, context_of(request));
               return signed_in_response(201, result, service.config());
             });

  router.add(Method::post, "/api/v1/t/{slug}/auth/sign-in", Execution::worker,
             {"Signs in with mobile and password, or mobile and SMS code", "accounts", {200}},
             [&service](Request& request) {
               const auto body = body_of(request, {"mobile", "password", "code"});
               const auto tenant = tenant_of(request);
               const bool by_code = body.contains("code") && !body.contains("password");
               const auto result =
                   by_code
                       ? service.sign_in_with_code(*tenant, text(body, "mobile"),
                                                   text(body, "code"), context_of(request))
                       : service.sign_in_with_password(*tenant, text(body, "mobile"),
                                                       text(body, "password"), context_of(request));
               return signed_in_response(200, result, service.config());
             });

  router.add(Method::post, "/api/v1/t/{slug}/auth/password-resets", Execution::worker,
             {"E-mails a password-reset link (same answer for unknown logins)", "accounts", {202}},
             [&service](Request& request) {
               const auto body = body_of(request, {"login"});
               service.request_password_reset(*tenant_of(request), text(body, "login"),
                                              context_of(request));
               return Response::json(202, "{}");
             });

  router.add(Method::post, "/api/v1/auth/password-resets/{token}", Execution::worker,
             {"Sets a new password through a reset link (single use)", "accounts", {204}},
             [&service](Request& request) {
               const auto body = body_of(request, {"password"});
               service.complete_password_reset(request.param("token"), text(body, "password"),
                                               context_of(request));
               Response r;
               r.status = 204;
               return r;
             });

  router.add(
      Method::get, "/api/v1/auth/me", Execution::worker,
      {"The signed-in account and the tenants it can switch to", "accounts", {200}},
      [&service, &registry](Request& request) {
        const auto& p = signed_in(request);
        const auto account = service.account(p);
        const auto directory = registry.current();
        json tenants = json::array();
        for (const auto& t : directory->all()) {
          json roles = json::array();
          for (const auto& g : p.roles) {
            if (g.tenant == t->slug() && t->realm == p.realm) {
              roles.push_back(std::string(to_string(g.role)));
            }
          }
          if (p.is_platform_admin) {
            roles.push_back("platform_admin");
          }
          if (!roles.empty()) {
            tenants.push_back(
                {{"slug", t->slug()},
                 {"name", {{"zh-CN", t->config->name.zh_cn}, {"en", t->config->name.in("en")}}},
                 {"roles", roles}});
          }
        }
        Response r = Response::json(
            200, json{{"account", account_json(account)}, {"tenants", tenants}}.dump());
        r.set_header("Cache-Control", "no-store");
        return r;
      });

  router.add(Method::post, "/api/v1/auth/sign-out", Execution::worker,
             {"Ends the current session", "accounts", {204}}, [&service, secure](Request& request) {
               service.sign_out(signed_in(request), context_of(request));
               Response r;
               r.status = 204;
               r.headers.emplace_back("Set-Cookie", cookie(kSessionCookie, "", true, secure, true));
               r.headers.emplace_back("Set-Cookie", cookie(kCsrfCookie, "", false, secure, true));
               return r;
             });

  router.add(Method::post, "/api/v1/auth/password", Execution::worker,
             {"Changes the password; every other session ends", "accounts", {204}},
             [&service](Request& request) {
               const auto body = body_of(request, {"currentPassword", "newPassword"});
               // An account without a password yet (opened by an SMS code) sends none.
               service.change_password(signed_in(request), text(body, "currentPassword", false),
                                       text(body, "newPassword"), context_of(request));
               Response r;
               r.status = 204;
               return r;
             });

  router.add(Method::get, "/api/v1/auth/sessions", Execution::worker,
             {"The account's open sessions", "accounts", {200}}, [&service](Request& request) {
               json items = json::array();
               for (const auto& s : service.sessions(signed_in(request))) {
                 items.push_back({{"id", s.id},
                                  {"current", s.current},
                                  {"createdAt", iso(s.created_at)},
                                  {"lastSeenAt", iso(s.last_seen_at)},
                                  {"ip", s.ip},
                                  {"userAgent", s.user_agent}});
               }
               return Response::json(200, json{{"items", items}}.dump());
             });

  router.add(Method::del, "/api/v1/auth/sessions/{id}", Execution::worker,
             {"Ends one of the account's sessions", "accounts", {204}},
             [&service](Request& request) {
               service.end_session(signed_in(request), request.param("id"), context_of(request));
               Response r;
               r.status = 204;
               return r;
             });

  router.add(
      Method::get, "/api/v1/t/{slug}/admin/accounts", Execution::worker,
      {"Accounts of the tenant's subtree (tenant admins). Mobiles and e-mails are masked. q "
       "matches a full mobile number or a full e-mail address exactly (they are stored "
       "encrypted, found through a keyed index), or the start of an account id; part of a "
       "mobile number or e-mail address matches nothing",
       "accounts-admin",
       {200}},
      [&service, &registry](Request& request) {
        AccountQuery q;
        q.text = request.query_param("q").value_or("");
        q.status = request.query_param("status").value_or("");
        if (!q.status.empty() && q.status != "active" && q.status != "frozen") {
          throw bad_body("status", "invalid_value");
        }
        q.page = int_param(request, "page", 1);
        q.page_size = int_param(request, "pageSize", 20);
        const auto page =
            service.list_accounts(signed_in(request), *tenant_of(request), *registry.current(), q);
        json items = json::array();
        for (const auto& a : page.items) {
          json roles = json::array();
          for (const auto& g : a.roles) {
            roles.push_back({{"tenant", g.tenant}, {"role", std::string(to_string(g.role))}});
          }
          items.push_back(
              {{"id", a.id},
               {"mobile", mask_mobile(a.mobile)},
               {"email", a.email ? json(mask_email(*a.email)) : json()},
               {"status", a.status},
               {"roles", roles},
               {"createdAt", iso(a.created_at)},
               {"lastSignInAt", a.last_sign_in_at ? json(iso(*a.last_sign_in_at)) : json()}});
        }
        return Response::json(200, json{{"items", items},
                                        {"total", page.total},
                                        {"page", std::max(q.page, 1)},
                                        {"pageSize", std::clamp(q.page_size, 1, 100)}}
                                       .dump());
      });

  router.add(
      Method::post, "/api/v1/t/{slug}/admin/accounts/{id}/reveal", Execution::worker,
      {"Shows one account's full mobile number or e-mail address, body {\"field\": "
       "\"mobile\"|\"email\"} (tenant admins of the account's tenants, platform admins); "
       "every call is written to the audit log (event contact_revealed) before the answer",
       "accounts-admin",
       {200}},
      [&service, &registry](Request& request) {
        const auto body = body_of(request, {"field"});
        const auto field = text(body, "field");
        if (field != "mobile" && field != "email") {
          throw bad_body("field", "invalid_value");
        }
        const auto value = service.reveal_contact(
            signed_in(request), *tenant_of(request), *registry.current(), request.param("id"),
            field == "mobile" ? ContactField::mobile : ContactField::email, context_of(request));
        Response r = Response::json(200, json{{"value", value}}.dump());
        r.set_header("Cache-Control", "no-store");
        return r;
      });

  router.add(Method::post, "/api/v1/t/{slug}/admin/accounts/{id}/password-reset", Execution::worker,
             {"Sends the account a reset link and a site message (tenant admins)",
              "accounts-admin",
              {204}},
             [&service, &registry](Request& request) {
               service.admin_reset_password(signed_in(request), *tenant_of(request),
                                            *registry.current(), request.param("id"),
                                            context_of(request));
               Response r;
               r.status = 204;
               return r;
             });

  for (const bool frozen : {true, false}) {
    router.add(
        Method::post,
        std::string("/api/v1/t/{slug}/admin/accounts/{id}/") + (frozen ? "freeze" : "unfreeze"),
        Execution::worker,
        {frozen ? "Freezes an account: it cannot sign in, its data is kept"
                : "Unfreezes an account",
         "accounts-admin",
         {204}},
        [&service, &registry, frozen](Request& request) {
          const auto body = body_of(request, {"reason"});
          service.set_frozen(signed_in(request), *tenant_of(request), *registry.current(),
                             request.param("id"), frozen, text(body, "reason", false),
                             context_of(request));
          Response r;
          r.status = 204;
          return r;
        });
  }

  router.add(Method::put, "/api/v1/t/{slug}/admin/accounts/{id}/roles", Execution::worker,
             {"Replaces the account's roles within the tenant's subtree", "accounts-admin", {204}},
             [&service, &registry](Request& request) {
               const auto body = body_of(request, {"roles"});
               const auto it = body.find("roles");
               if (it == body.end() || !it->is_array()) {
                 throw bad_body("roles", "required");
               }
               std::vector<RoleGrant> roles;
               for (const auto& item : *it) {
                 if (!item.is_object() || !item.contains("tenant") || !item.contains("role") ||
                     !item["tenant"].is_string() || !item["role"].is_string() || item.size() != 2) {
                   throw bad_body("roles", "invalid_value");
                 }
                 const auto role = parse_role(item["role"].get<std::string>());
                 if (!role) {
                   throw bad_body("roles", "invalid_value");
                 }
                 roles.push_back({item["tenant"].get<std::string>(), *role});
               }
               service.set_roles(signed_in(request), *tenant_of(request), *registry.current(),
                                 request.param("id"), roles, context_of(request));
               Response r;
               r.status = 204;
               return r;
             });

  router.add(Method::get, "/api/v1/t/{slug}/admin/audit", Execution::worker,
             {"Security events of the tenant's subtree (tenant admins)", "accounts-admin", {200}},
             [&service, &registry](Request& request) {
               AuditQuery q;
               q.event = request.query_param("event").value_or("");
               q.account = request.query_param("account").value_or("");
               q.from_ms = time_param(request, "from");
               q.to_ms = time_param(request, "to");
               q.page = int_param(request, "page", 1);
               q.page_size = int_param(request, "pageSize", 50);
               const auto page =
                   service.audit(signed_in(request), *tenant_of(request), *registry.current(), q);
               json items = json::array();
               for (const auto& e : page.items) {
                 json detail = json::parse(e.detail, nullptr, false);
                 items.push_back({{"id", std::to_string(e.id)},
                                  {"at", iso(e.at)},
                                  {"event", e.event},
                                  {"actor", e.actor ? json(*e.actor) : json()},
                                  {"subject", e.subject ? json(*e.subject) : json()},
                                  {"tenant", e.tenant},
                                  {"ip", e.ip},
                                  {"detail", detail.is_discarded() ? json::object() : detail}});
               }
               return Response::json(200, json{{"items", items},
                                               {"total", page.total},
                                               {"page", std::max(q.page, 1)},
                                               {"pageSize", std::clamp(q.page_size, 1, 200)}}
                                              .dump());
             });

  router.add(Method::post, "/api/v1/platform/tenants/{slug}/admins", Execution::worker,
             {"Makes an account (created if needed) an admin of the tenant (platform admins)",
              "accounts-admin",
              {201}},
             [&service, &registry](Request& request) {
               const auto& p = signed_in(request);
               const auto tenant = registry.current()->find(request.param("slug"));
               if (!tenant) {
                 throw AppError(ErrorKind::not_found, "tenant_not_found",
                                {"找不到该机构。", "No such organisation."});
               }
               const auto body = body_of(request, {"mobile", "email"});
               std::optional<std::string> email;
               if (auto e = text(body, "email", false); !e.empty()) {
                 email = e;
               }
               const auto account = service.appoint_tenant_admin(p, *tenant, text(body, "mobile"),
                                                                 email, context_of(request));
               return Response::json(201, json{{"account", account_json(account)}}.dump());
             });
}

}  // namespace guildhall::identity
