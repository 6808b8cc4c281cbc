#include "modules/legacy/http/legacy_handlers.hpp"

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/errors.hpp"
#include "http/router.hpp"
#include "modules/identity/http/session_middleware.hpp"
#include "modules/identity/principal.hpp"
#include "modules/legacy/legacy_service.hpp"
#include "tenancy/tenant.hpp"

namespace guildhall::legacy {
namespace {

using identity::signed_in;
using nlohmann::json;

json optional_text(const std::optional<std::string>& text) {
  return text ? json(*text) : json();
}

json entry_json(const LegacyEntry& e) {
  const auto& r = e.row;
  return {{"id", r.id},
          {"tenant", r.tenant},
          {"memberNumber", r.member_number},
          {"certificateNumber", optional_text(r.certificate_number)},
          {"name", r.name},
          {"memberType", r.member_type},
          {"memberTypeName", e.member_type_name},
          {"mobile", e.mobile_masked},
          {"joinedOn", optional_text(r.joined_on)},
          {"validUntil", optional_text(r.valid_until)},
          {"status", r.status},
          {"applicationId", optional_text(r.application_id)},
          {"activatedAt", r.activated_at ? json(core::iso_utc(*r.activated_at)) : json()},
          {"importedAt", core::iso_utc(r.imported_at)}};
}

json issues_json(const std::vector<RosterIssue>& issues, const std::string& locale) {
  json out = json::array();
  for (const auto& i : issues) {
    out.push_back({{"row", i.row},
                   {"column", i.column},
                   {"code", i.code},
                   {"message", i.message.in(locale)}});
  }
  return out;
}

http::Response reply(int status, const json& body) {
  return http::Response::private_json(status, body.dump());
}

core::AppError malformed(const std::string& field, core::Message message) {
  return core::AppError(core::ErrorKind::validation, "form_invalid",
                        {"请检查提交的内容。", "Please check the request."})
      .with_fields({{field, "invalid", std::move(message)}});
}

// A cell as the browser read it: text, or a number it did not turn into text.
std::string cell_text(const json& cell) {
  if (cell.is_string()) {
    return cell.get<std::string>();
  }
  if (cell.is_number_integer()) {
    return std::to_string(cell.get<long long>());
  }
  if (cell.is_number()) {
    return cell.dump();
  }
  return {};
}

}  // namespace

void register_legacy_routes(http::Router& router, const LegacyService& legacy) {
  using http::Execution;
  using http::Method;

  router.add(
      Method::get, "/api/v1/t/{slug}/admin/legacy-members/columns", Execution::worker,
      {"The columns a roster import reads (the template's headers)", "legacy", {200}},
      [&legacy](http::Request& request) {
        json items = json::array();
        for (const auto& c : legacy.columns(*request.tenant, signed_in(request))) {
          items.push_back({{"header", c.header}, {"target", c.target}, {"required", c.required}});
        }
        return reply(200, {{"items", items}, {"maxRows", kMaxImportRows}});
      });

  router.add(
      Method::post, "/api/v1/t/{slug}/admin/legacy-members/import", Execution::worker,
      {"Imports a part of the old system's roster: {header: [...], rows: [{row, cells}], "
       "dryRun}; the report lists each row's errors and warnings",
       "legacy",
       {200}},
      [&legacy](http::Request& request) {
        const json body = json::parse(request.body, nullptr, false);
        if (!body.is_object()) {
          throw core::AppError(
              core::ErrorKind::validation, "invalid_json",
              {"请求内容不是有效的 JSON 对象。", "The body must be a JSON object."});
        }
        std::vector<std::string> header;
        const auto h = body.find("header");
        if (h == body.end() || !h->is_array()) {
          throw malformed("header", {"缺少表头。", "The header row is missing."});
        }
        for (const auto& cell : *h) {
          header.push_back(cell_text(cell));
        }
        std::vector<RosterRow> rows;
        const auto r = body.find("rows");
        if (r == body.end() || !r->is_array()) {
          throw malformed("rows", {"缺少要导入的行。", "The rows are missing."});
        }
        for (const auto& item : *r) {
          if (!item.is_object() || !item.contains("row") || !item["row"].is_number_integer() ||
              !item.contains("cells") || !item["cells"].is_array()) {
            throw malformed("rows",
                            {"每行须有行号和单元格。", "Each row needs its number and its cells."});
          }
          RosterRow row;
          row.row = item["row"].get<int>();
          for (const auto& cell : item["cells"]) {
            row.cells.push_back(cell_text(cell));
          }
          rows.push_back(std::move(row));
        }
        const bool dry_run = body.value("dryRun", false);
        const auto report =
            legacy.import_rows(*request.tenant, signed_in(request), header, rows, dry_run);
        return reply(200, {{"created", report.created},
                           {"updated", report.updated},
                           {"unchanged", report.unchanged},
                           {"skipped", report.skipped},
                           {"errors", issues_json(report.errors, request.locale)},
                           {"warnings", issues_json(report.warnings, request.locale)},
                           {"ignoredColumns", report.ignored_columns},
                           {"dryRun", dry_run}});
      });

  router.add(
      Method::get, "/api/v1/t/{slug}/admin/legacy-members", Execution::worker,
      {"The old roster of the tenant and its subtree: q, status (pending | activated), "
       "page, pageSize",
       "legacy",
       {200}},
      [&legacy](http::Request& request) {
        const auto number = [&](std::string_view name, int fallback) {
          const auto text = request.query_param(name).value_or("");
          try {
            return text.empty() ? fallback : std::stoi(text);
          } catch (const std::exception&) {
            return fallback;
          }
        };
        const int page = number("page", 1);
        const int size = number("pageSize", 20);
        const auto found =
            legacy.list(*request.tenant, signed_in(request), request.query_param("q").value_or(""),
                        request.query_param("status").value_or(""), page, size);
        json items = json::array();
        for (const auto& e : found.items) {
          items.push_back(entry_json(e));
        }
        return reply(
            200, {{"items", items}, {"total", found.total}, {"page", page}, {"pageSize", size}});
      });

  router.add(
      Method::get, "/api/v1/t/{slug}/legacy/me", Execution::worker,
      {"The signed-in account's records on the realm's old rosters (原会员)", "legacy", {200}},
      [&legacy](http::Request& request) {
        json items = json::array();
        for (const auto& e : legacy.mine(signed_in(request))) {
          json item = entry_json(e);
          item.erase("mobile");
          items.push_back(std::move(item));
        }
        return reply(200, {{"items", items}});
      });
}

}  // namespace guildhall::legacy
