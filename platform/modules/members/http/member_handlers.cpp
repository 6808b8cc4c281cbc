#include "modules/members/http/member_handlers.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/errors.hpp"
#include "forms/region_catalog.hpp"
#include "http/router.hpp"
#include "modules/identity/http/session_middleware.hpp"
#include "modules/identity/principal.hpp"
#include "modules/members/member_service.hpp"
#include "modules/members/member_sheet.hpp"
#include "tenancy/tenant.hpp"

namespace guildhall::members {
namespace {

using identity::signed_in;
using nlohmann::json;

json optional_time(const std::optional<long long>& ms) {
  return ms ? json(core::iso_utc(*ms)) : json();
}

json entry_json(const MemberEntry& e) {
  const auto& m = e.membership;
  return {{"membershipId", m.id},
          {"accountId", m.account_id},
          {"tenant", m.tenant},
          {"tenantName", e.tenant_name},
          {"name", e.name},
          {"gender", e.gender},
          {"memberType", m.member_type},
          {"memberTypeName", e.member_type_name},
          {"memberNumber", m.member_number},
          {"status", m.status},
          {"accountStatus", e.account_status},
          {"duesPaid", e.dues_paid},
          {"region", e.region},
          {"regionText", e.region_text},
          {"employer", e.employer},
          {"employerName", e.employer_name},
          {"validFrom", core::iso_utc(m.valid_from)},
          {"validUntil", optional_time(m.valid_until)}};
}

json record_json(const MemberRecord& r) {
  json memberships = json::array();
  for (const auto& e : r.memberships) {
    memberships.push_back(entry_json(e));
  }
  json applications = json::array();
  for (const auto& a : r.applications) {
    json events = json::array();
    for (const auto& e : a.events) {
      events.push_back({{"at", core::iso_utc(e.at)},
                        {"action", e.action},
                        {"from", e.from_status},
                        {"to", e.to_status},
                        {"reason", e.reason ? json(*e.reason) : json()}});
    }
    applications.push_back({{"id", a.row.id},
                            {"tenant", a.row.tenant},
                            {"kind", a.row.kind},
                            {"status", a.row.status},
                            {"reason", a.row.reason ? json(*a.row.reason) : json()},
                            {"submittedAt", optional_time(a.row.submitted_at)},
                            {"decidedAt", optional_time(a.row.decided_at)},
                            {"events", events}});
  }
  json violations = json::array();
  for (const auto& v : r.violations) {
    violations.push_back({{"tenant", v.tenant},
                          {"reason", v.reason},
                          {"recordedBy", v.recorded_by},
                          {"recordedAt", core::iso_utc(v.recorded_at)}});
  }
  return {{"accountId", r.account_id},         {"name", r.name},
          {"accountStatus", r.account_status}, {"memberships", memberships},
          {"applications", applications},      {"violations", violations}};
}

core::AppError bad_filter(const std::string& field, core::Message message) {
  return core::AppError(core::ErrorKind::validation, "form_invalid",
                        {"请检查标出的内容。", "Please check the marked fields."})
      .with_fields({{field, "invalid_value", std::move(message)}});
}

MemberFilter filter_of(const http::Request& request) {
  MemberFilter f;
  f.q = request.query_param("q").value_or("");
  f.member_type = request.query_param("member_type").value_or("");
  f.status = request.query_param("status").value_or("");
  static const std::vector<std::string> kStatuses = {"", "active", "frozen", "superseded",
                                                     "expired"};
  if (std::find(kStatuses.begin(), kStatuses.end(), f.status) == kStatuses.end()) {
    throw bad_filter("status", {"状态只能是有效、已过期、已冻结或已失效。",
                                "Status is one of active, frozen, superseded, expired."});
  }
  f.region = request.query_param("region").value_or("");
  if (!f.region.empty() && !forms::RegionCatalog::mainland().contains(f.region)) {
    throw bad_filter("region", {"请选择有效的省份、城市或区县。",
                                "Choose a province, city or district from the list."});
  }
  f.employer = request.query_param("employer").value_or("");
  for (const auto& [name, target] :
       {std::pair{"joined_from", &f.joined_from}, std::pair{"joined_to", &f.joined_to}}) {
    const auto text = request.query_param(name).value_or("");
    if (text.empty()) {
      continue;
    }
    *target = forms::CivilDate::parse(text);
    if (!*target) {
      throw bad_filter(
          name, {"请输入有效日期，格式如 2026-11-22。", "Give a real date such as 2026-11-22."});
    }
  }
  const auto number = [&](const char* name, int fallback) {
    const auto text = request.query_param(name).value_or("");
    try {
      return text.empty() ? fallback : std::stoi(text);
    } catch (const std::exception&) {
      throw bad_filter(name, {"请输入数字。", "Give a number."});
    }
  };
  f.page = number("page", 1);
  f.page_size = number("page_size", 20);
  return f;
}

http::Response reply(int status, const json& body) {
  return http::Response::private_json(status, body.dump());
}

}  // namespace

void register_member_routes(http::Router& router, const MemberService& members) {
  using http::Execution;
  using http::Method;

  router.add(Method::get, "/api/v1/t/{slug}/admin/members", Execution::worker,
             {"The members of the tenant and its subtree: q, member_type, status, region, "
              "employer, joined_from, joined_to, page, page_size",
              "members",
              {200}},
             [&members](http::Request& request) {
               const auto page =
                   members.list(*request.tenant, signed_in(request), filter_of(request));
               json items = json::array();
               for (const auto& e : page.items) {
                 items.push_back(entry_json(e));
               }
               return reply(200, {{"items", items}, {"total", page.total}});
             });

  router.add(
      Method::get, "/api/v1/t/{slug}/admin/members.xlsx", Execution::worker,
      {"The same list, every match, as an Excel workbook", "members", {200}},
      [&members](http::Request& request) {
        const auto all = members.all(*request.tenant, signed_in(request), filter_of(request));
        http::Response response;
        response.body = member_sheet(all);
        response.set_header("Content-Type",
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.set_header(
            "Content-Disposition",
            http::content_disposition("attachment", members.workbook_name(*request.tenant)));
        response.set_header("Cache-Control", "private, no-store");
        return response;
      });

  router.add(
      Method::get, "/api/v1/t/{slug}/admin/members/{account}", Execution::worker,
      {"A member's memberships, applications with their history, and violations", "members", {200}},
      [&members](http::Request& request) {
        return reply(200, record_json(members.member(*request.tenant, signed_in(request),
                                                     request.param("account"))));
      });

  router.add(
      Method::post, "/api/v1/t/{slug}/admin/memberships/{id}/dues", Execution::worker,
      {"Records this year's dues of the membership as paid; the member's page", "members", {200}},
      [&members](http::Request& request) {
        return reply(200, record_json(members.record_dues(*request.tenant, signed_in(request),
                                                          request.param("id"))));
      });

  router.add(Method::post, "/api/v1/t/{slug}/admin/members/{account}/freeze", Execution::worker,
             {"Freezes a member who supplied false data: {reason}; the account is frozen and "
              "the violation recorded",
              "members",
              {200}},
             [&members](http::Request& request) {
               const json body = json::parse(request.body, nullptr, false);
               const std::string reason =
                   body.is_object() && body.contains("reason") && body["reason"].is_string()
                       ? body["reason"].get<std::string>()
                       : "";
               return reply(200, record_json(members.freeze(*request.tenant, signed_in(request),
                                                            request.param("account"), reason,
                                                            request.remote_address)));
             });
}

}  // namespace guildhall::members
