#include "modules/certificates/http/certificate_handlers.hpp"

#include <memory>
#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/errors.hpp"
#include "documents/svg_template.hpp"
#include "http/rate_limiter.hpp"
#include "http/router.hpp"
#include "modules/certificates/certificate_service.hpp"
#include "modules/identity/http/session_middleware.hpp"
#include "modules/identity/principal.hpp"
#include "tenancy/tenant.hpp"

namespace guildhall::certificates {
namespace {

using identity::signed_in;
using nlohmann::json;

constexpr std::int64_t kVerifyWindowMs = 60'000;

json optional_time(const std::optional<long long>& ms) {
  return ms ? json(core::iso_utc(*ms)) : json();
}

json certificate_json(const CertificateRow& c) {
  return {{"id", c.id},
          {"tenant", c.tenant},
          {"number", c.number},
          {"membershipId", c.membership_id},
          {"memberType", c.member_type},
          {"status", c.status},
          {"issuedAt", core::iso_utc(c.issued_at)},
          {"issuedOn", c.issued_on.substr(0, 4) + "-" + c.issued_on.substr(4, 2) + "-" +
                           c.issued_on.substr(6, 2)},
          {"downloadedAt", optional_time(c.downloaded_at)},
          {"revokedAt", optional_time(c.revoked_at)},
          {"revokedReason", c.revoked_reason ? json(*c.revoked_reason) : json()},
          {"supersededBy", c.superseded_by ? json(*c.superseded_by) : json()}};
}

json printed_json(const Printed& p) {
  json fields = json::array();
  for (const auto& f : p.fields) {
    fields.push_back({{"key", f.key},
                      {"label", f.label},
                      {"text", f.photo ? "" : f.text},
                      {"photo", f.photo},
                      {"missing", p.missing.contains(f.key)}});
  }
  json missing = json::object();
  for (const auto& [k, v] : p.missing) {
    missing[k] = v;
  }
  return {{"fields", fields}, {"missing", missing}};
}

http::Response reply(int status, const json& body) {
  return http::Response::private_json(status, body.dump());
}

http::Response binary(std::string bytes, const std::string& type, const std::string& disposition) {
  http::Response response;
  response.body = std::move(bytes);
  response.set_header("Content-Type", type);
  if (!disposition.empty()) {
    response.set_header("Content-Disposition", disposition);
  }
  response.set_header("Cache-Control", "private, no-store");
  return response;
}

json progress_json(const BatchProgress& p) {
  json failures = json::array();
  for (const auto& [holder, message] : p.failures) {
    failures.push_back({{"holder", holder}, {"message", message}});
  }
  return {{"id", p.id},         {"total", p.total},     {"done", p.done},
          {"issued", p.issued}, {"failures", failures}, {"finished", p.finished}};
}

std::string body_text(const http::Request& request, const char* key) {
  const json body = json::parse(request.body, nullptr, false);
  return body.is_object() && body.contains(key) && body[key].is_string()
             ? body[key].get<std::string>()
             : "";
}

struct StatusText {
  const char* title;
  const char* detail;
  const char* colour;
};

StatusText status_text(const std::string& status, bool legacy) {
  if (legacy && status == "valid") {
    return {"原会员证书有效", "该证书由本会原会员系统签发，持有人尚未在本平台激活会员资格。",
            "#1a7f37"};
  }
  if (legacy && status == "superseded") {
    return {"原证书已失效",
            "持有人已激活会员资格并领取新证书，原证书与原会员编号随之失效，请以新证书为准。",
            "#9a6700"};
  }
  if (status == "valid") {
    return {"证书有效", "该证书由本平台签发，持有人的会员资格有效。", "#1a7f37"};
  }
  if (status == "superseded") {
    return {"证书已失效", "该证书已被新签发的证书替代，此编号不再有效。", "#9a6700"};
  }
  if (status == "revoked") {
    return {"证书已撤销", "该证书已被发证机构撤销。", "#b3261e"};
  }
  if (status == "suspended") {
    return {"会员资格已暂停", "持有人的会员资格目前处于冻结状态。", "#b3261e"};
  }
  if (status == "expired") {
    return {"会员资格已过期", "持有人的会员资格已不在有效期内。", "#9a6700"};
  }
  return {"无法验证", "未找到该证书，或链接已被修改。请直接扫描证书上的二维码。", "#b3261e"};
}

// The page a phone opens from the QR code: small, self-contained, no script.
std::string verify_page(const std::optional<Verification>& v) {
  using documents::xml_escape;
  const StatusText s = status_text(v ? v->status : "", v && v->legacy);
  std::string rows;
  if (v) {
    const auto row = [&](const char* label, const std::string& value) {
      rows += "<tr><th>" + std::string(label) + "</th><td>" + xml_escape(value) + "</td></tr>";
    };
    row("发证机构", v->tenant_name);
    row("会员类型", v->member_type_name);
    row("持有人", v->holder);
    row("证书编号", v->number);
    if (!v->issued_on.empty()) {
      row("发证日期", v->issued_on);
    }
    if (v->valid_until) {
      row("有效期至", core::mainland_date(*v->valid_until));
    }
  }
  return "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<meta name=\"robots\" content=\"noindex\"><title>证书验证</title><style>"
         "body{font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;margin:0;"
         "background:#f5f6f8;color:#1f2328}main{max-width:32rem;margin:0 auto;padding:1.5rem}"
         "h1{font-size:1.1rem;color:#57606a;margin:0 0 1rem}.status{font-size:1.6rem;"
         "font-weight:600;margin:0 0 .5rem}p{line-height:1.6}table{width:100%;"
         "border-collapse:collapse;background:#fff;border-radius:8px}th,td{padding:.6rem .8rem;"
         "border-bottom:1px solid #eaeef2;text-align:left}th{color:#57606a;font-weight:400;"
         "width:6rem}</style></head><body><main><h1>会员证书验证</h1>"
         "<p class=\"status\" data-status=\"" +
         std::string(v ? v->status : "unknown") + "\" style=\"color:" + s.colour + "\">" + s.title +
         "</p><p>" + s.detail + "</p>" + (rows.empty() ? "" : "<table>" + rows + "</table>") +
         "</main></body></html>";
}

}  // namespace

void register_certificate_routes(http::Router& router, CertificateService& certificates,
                                 const core::Clock& clock, int verify_per_minute,
                                 OldNumberCheck old_numbers) {
  // A check with a signature is one of ours; without, an old number or nothing.
  const auto check = [&certificates, old_numbers](const http::Request& request) {
    const auto signature = request.query_param("s");
    if (!signature && old_numbers) {
      if (auto found = old_numbers(request.param("tenant"), request.param("number"))) {
        return *found;
      }
    }
    return certificates.verify(request.param("tenant"), request.param("number"),
                               request.query_param("d").value_or(""), signature.value_or(""));
  };
  using http::Execution;
  using http::Method;

  router.add(
      Method::get, "/api/v1/t/{slug}/me/certificates", Execution::worker,
      {"The signed-in member's memberships of the tenant with their certificates and the "
       "values a certificate prints",
       "certificates",
       {200}},
      [&certificates](http::Request& request) {
        json items = json::array();
        for (const auto& c : certificates.mine(*request.tenant, signed_in(request))) {
          items.push_back({{"membershipId", c.membership_id},
                           {"memberTypeName", c.member_type_name},
                           {"memberNumber", c.member_number},
                           {"membershipStatus", c.membership_status},
                           {"validFrom", core::iso_utc(c.valid_from)},
                           {"validUntil", optional_time(c.valid_until)},
                           {"printed", printed_json(c.printed)},
                           {"certificate", c.current ? certificate_json(*c.current) : json()},
                           {"printedChanged", c.printed_changed},
                           {"locked", c.locked},
                           {"duesRequired", c.dues_required},
                           {"duesPaid", c.dues_paid}});
        }
        return reply(200, {{"items", items}});
      });

  router.add(Method::get, "/api/v1/t/{slug}/me/memberships/{id}/certificate/preview",
             Execution::worker,
             {"The certificate as it would be issued now, as a PNG with a sample QR code",
              "certificates",
              {200},
              "image/png"},
             [&certificates](http::Request& request) {
               return binary(
                   certificates.preview(*request.tenant, signed_in(request), request.param("id")),
                   "image/png", "");
             });

  router.add(Method::post, "/api/v1/t/{slug}/me/memberships/{id}/certificate", Execution::worker,
             {"The member confirms the printed values: issues the certificate (or returns the "
              "active one when it prints exactly these values)",
              "certificates",
              {200}},
             [&certificates](http::Request& request) {
               return reply(200, certificate_json(certificates.confirm(
                                     *request.tenant, signed_in(request), request.param("id"))));
             });

  router.add(
      Method::get, "/api/v1/t/{slug}/certificates/{id}/pdf", Execution::worker,
      {"A certificate as PDF, for its holder (the first download locks the printed "
       "fields) or the tenant's admins",
       "certificates",
       {200},
       "application/pdf"},
      [&certificates](http::Request& request) {
        auto pdf = certificates.pdf(*request.tenant, signed_in(request), request.param("id"));
        return binary(std::move(pdf.bytes), "application/pdf",
                      http::content_disposition("attachment", "会员证书-" + pdf.number + ".pdf"));
      });

  router.add(Method::get, "/api/v1/t/{slug}/admin/certificates", Execution::worker,
             {"The certificates of the tenant and its subtree: q (holder, certificate or member "
              "number), status (active, superseded, revoked)",
              "certificates",
              {200}},
             [&certificates](http::Request& request) {
               json items = json::array();
               for (const auto& e : certificates.list(*request.tenant, signed_in(request),
                                                      request.query_param("q").value_or(""),
                                                      request.query_param("status").value_or(""))) {
                 json item = certificate_json(e.row);
                 item["holderName"] = e.holder_name;
                 item["memberNumber"] = e.member_number;
                 item["memberTypeName"] = e.member_type_name;
                 items.push_back(std::move(item));
               }
               return reply(200, {{"items", items}});
             });

  router.add(Method::post, "/api/v1/t/{slug}/admin/memberships/{id}/certificate", Execution::worker,
             {"Issues (or re-issues) the membership's certificate; the active one is superseded",
              "certificates",
              {200}},
             [&certificates](http::Request& request) {
               return reply(200, certificate_json(certificates.issue(
                                     *request.tenant, signed_in(request), request.param("id"))));
             });

  router.add(Method::post, "/api/v1/t/{slug}/admin/certificates/{id}/revoke", Execution::worker,
             {"Revokes a valid certificate: {reason}", "certificates", {200}},
             [&certificates](http::Request& request) {
               return reply(200, certificate_json(certificates.revoke(
                                     *request.tenant, signed_in(request), request.param("id"),
                                     body_text(request, "reason"))));
             });

  router.add(Method::post, "/api/v1/t/{slug}/admin/certificate-batches", Execution::worker,
             {"Issues certificates in the background: {membershipIds} (none: every active "
              "membership of the subtree without a valid certificate); poll the job",
              "certificates",
              {202}},
             [&certificates](http::Request& request) {
               std::vector<std::string> ids;
               const json body = json::parse(request.body, nullptr, false);
               if (body.is_object() && body.contains("membershipIds") &&
                   body["membershipIds"].is_array()) {
                 for (const auto& id : body["membershipIds"]) {
                   if (id.is_string()) {
                     ids.push_back(id.get<std::string>());
                   }
                 }
               }
               return reply(202, progress_json(certificates.start_batch(
                                     *request.tenant, signed_in(request), std::move(ids))));
             });

  router.add(
      Method::get, "/api/v1/t/{slug}/admin/certificate-batches/{id}", Execution::worker,
      {"The progress of a batch: total, done, issued and the failures", "certificates", {200}},
      [&certificates](http::Request& request) {
        return reply(200, progress_json(certificates.batch(*request.tenant, signed_in(request),
                                                           request.param("id"))));
      });

  auto limiter = std::make_shared<http::RateLimiter>(verify_per_minute, kVerifyWindowMs);
  const auto allowed = [limiter, &clock](const http::Request& request) {
    int retry = 0;
    if (!limiter->allow(request.remote_address, clock.now_ms(), &retry)) {
      throw core::AppError(core::ErrorKind::too_many_requests, "too_many_requests",
                           {"请求过于频繁，请稍后再试。", "Too many requests; try again shortly."})
          .with_retry_after(retry);
    }
  };

  router.add(Method::get, "/api/v1/verify/{tenant}/{number}", Execution::worker,
             {"Public: whether a certificate is valid, superseded, revoked, expired or "
              "suspended; d (issue date YYYYMMDD) and s (signature) from the QR code. A forged "
              "or altered URL is 404 like an unknown number. Without s: a certificate or member "
              "number of the association's old system (legacy: true)",
              "certificates",
              {200}},
             [check, allowed](http::Request& request) {
               allowed(request);
               const auto v = check(request);
               auto response = http::Response::json(
                   200, json{{"status", v.status},
                             {"legacy", v.legacy},
                             {"tenantName", v.tenant_name},
                             {"memberTypeName", v.member_type_name},
                             {"holder", v.holder},
                             {"number", v.number},
                             {"issuedOn", v.issued_on.empty() ? json() : json(v.issued_on)},
                             {"validUntil", optional_time(v.valid_until)}}
                            .dump());
               response.set_header("Cache-Control", "no-store");
               return response;
             });

  router.add(Method::get, "/v/{tenant}/{number}", Execution::worker,
             {"Public: the page a scanned certificate QR code opens",
              "certificates",
              {200, 404},
              "text/html",
              false},
             [check, allowed](http::Request& request) {
               allowed(request);
               std::optional<Verification> v;
               int status = 200;
               try {
                 v = check(request);
               } catch (const core::AppError& e) {
                 if (e.kind() != core::ErrorKind::not_found) {
                   throw;
                 }
                 status = 404;
               }
               auto response =
                   http::Response::text(status, verify_page(v), "text/html; charset=utf-8");
               response.set_header("Cache-Control", "no-store");
               response.set_header("X-Robots-Tag", "noindex");
               return response;
             });
}

}  // namespace guildhall::certificates
