#include "modules/organisations/http/organisation_handlers.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "http/router.hpp"
#include "modules/identity/http/session_middleware.hpp"
#include "modules/organisations/organisation_rules.hpp"
#include "modules/organisations/organisation_service.hpp"

namespace guildhall::organisations {

namespace {

using identity::signed_in;

using core::AppError;
using core::ErrorKind;
using http::Execution;
using http::Method;
using http::Request;
using http::Response;
using nlohmann::json;

AppError bad_field(std::string field, std::string code, core::Message message) {
  return AppError(ErrorKind::validation, "validation_failed",
                  {"请检查填写的内容。", "Please check the form."})
      .with_fields({{std::move(field), std::move(code), std::move(message)}});
}

AppError not_text(std::string field) {
  return bad_field(std::move(field), std::string(kInvalid), {"必须是文本。", "Must be text."});
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
      throw bad_field(key, "unknown_field", {"不认识的字段。", "Unknown field."});
    }
  }
  return body;
}

// A text member; absent and null are "".
std::string text(const json& body, const std::string& key) {
  const auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    return {};
  }
  if (!it->is_string()) {
    throw not_text(key);
  }
  return it->get<std::string>();
}

// The signed-in admin of the request's tenant, checked before the body is looked at.
const identity::Principal& admin(const OrganisationService& service, const Request& request) {
  const auto& actor = signed_in(request);
  service.require_admin(actor, *request.tenant);
  return actor;
}

int int_param(const Request& request, std::string_view name, int fallback) {
  const auto value = request.query_param(name);
  if (!value || value->empty()) {
    return fallback;
  }
  int n = 0;
  const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
  if (ec != std::errc() || end != value->data() + value->size() || n < 1) {
    throw bad_field(std::string(name), std::string(kInvalid),
                    {"必须是正整数。", "Must be a whole number greater than 0."});
  }
  return n;
}

OrganisationInput input_of(const Request& request) {
  const json body = body_of(request, {"name", "credit_code", "region"});
  OrganisationInput input;
  input.name = text(body, "name");
  input.credit_code = text(body, "credit_code");
  if (const auto it = body.find("region"); it != body.end() && !it->is_null()) {
    if (!it->is_array()) {
      throw bad_field("region", std::string(kInvalid),
                      {"地区必须是代码列表。", "The region must be a list of codes."});
    }
    for (const auto& code : *it) {
      if (!code.is_string()) {
        throw bad_field("region", std::string(kInvalid),
                        {"地区代码必须是文本。", "Region codes must be text."});
      }
      input.region.push_back(code.get<std::string>());
    }
  }
  return input;
}

// A spreadsheet cell as text: numbers as their digits (a sheet may type a credit code of digits
// as a number), null as empty; false when the value cannot be a cell.
bool cell_text(const json& value, std::string& out) {
  if (value.is_null()) {
    out.clear();
  } else if (value.is_string()) {
    out = value.get<std::string>();
  } else if (value.is_number_integer()) {
    out = value.dump();
  } else if (value.is_number_float()) {
    const double d = value.get<double>();
    if (!std::isfinite(d) || std::floor(d) != d || std::fabs(d) >= 1e15) {
      return false;
    }
    out = std::to_string(static_cast<long long>(d));
  } else {
    return false;
  }
  return true;
}

std::vector<ImportRow> import_rows_of(const json& rows) {
  if (!rows.is_array()) {
    throw bad_field("rows", std::string(kRequired),
                    {"请提供要导入的行。", "Provide the rows to import."});
  }
  if (rows.size() > kMaxImportRows) {
    // Refused before the rows are converted: the service says the same with the limit.
    throw bad_field("rows", "too_many_rows",
                    {"一次最多导入5000行，请分批导入",
                     "At most 5000 rows can be imported at once; split the sheet"});
  }
  std::vector<ImportRow> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const json& cells = rows[i];
    if (!cells.is_object()) {
      throw bad_field("rows", std::string(kInvalid),
                      {"每一行必须是一个对象。", "Each row must be an object."});
    }
    ImportRow row;
    row.row = static_cast<int>(i) + 2;
    for (const auto& [key, value] : cells.items()) {
      if (key == "row") {
        if (!value.is_number_integer() || value.get<long long>() < 2 ||
            value.get<long long>() > 1'048'576) {
          throw bad_field(
              "rows", std::string(kInvalid),
              {"行号必须是不小于2的整数。", "A row number is a whole number of 2 or more."});
        }
        row.row = value.get<int>();
      } else if (key == "name" || key == "credit_code") {
        if (!cell_text(value, key == "name" ? row.name : row.credit_code)) {
          row.malformed.push_back(key);
        }
      } else if (key == "region") {
        if (value.is_array()) {
          for (const auto& code : value) {
            std::string part;
            if (!cell_text(code, part)) {
              row.malformed.push_back(key);
              break;
            }
            row.region += (row.region.empty() ? "" : "/") + part;
          }
        } else if (!cell_text(value, row.region)) {
          row.malformed.push_back(key);
        }
      } else {
        throw bad_field("rows", "unknown_field", {"不认识的列：" + key, "Unknown column: " + key});
      }
    }
    out.push_back(std::move(row));
  }
  return out;
}

json item_json(const OrganisationRecord& o) {
  return {{"id", o.id},
          {"name", o.name},
          {"credit_code", o.credit_code ? json(*o.credit_code) : json()},
          {"region", o.region}};
}

json report_json(const ImportReport& report, const std::string& locale) {
  json errors = json::array();
  for (const auto& e : report.errors) {
    errors.push_back(
        {{"row", e.row}, {"field", e.field}, {"code", e.code}, {"message", e.message.in(locale)}});
  }
  return {{"created", report.created},
          {"updated", report.updated},
          {"unchanged", report.unchanged},
          {"skipped", report.skipped},
          {"errors", errors}};
}

}  // namespace

void register_organisation_routes(http::Router& router, OrganisationService& service) {
  router.add(Method::get, "/api/v1/t/{slug}/organisations", Execution::worker,
             {"Searches the tenant's organisation registry by part of a name or credit code",
              "organisations",
              {200}},
             [&service](Request& request) {
               OrganisationQuery query;
               query.text = request.query_param("q").value_or("");
               query.page = int_param(request, "page", 1);
               query.page_size = int_param(request, "page_size", 20);
               const auto page = service.search(signed_in(request), *request.tenant, query);
               json items = json::array();
               for (const auto& o : page.items) {
                 items.push_back(item_json(o));
               }
               return Response::json(200, json{{"items", items}, {"total", page.total}}.dump());
             });

  router.add(Method::get, "/api/v1/t/{slug}/organisations/{id}", Execution::worker,
             {"One organisation of the registry; a merged one answers the organisation it was "
              "merged into, with merged_into",
              "organisations",
              {200}},
             [&service](Request& request) {
               const auto found =
                   service.get(signed_in(request), *request.tenant, request.param("id"));
               json body = item_json(found.organisation);
               if (found.redirected) {
                 body["merged_into"] = found.organisation.id;
               }
               return Response::json(200, body.dump());
             });

  router.add(Method::post, "/api/v1/t/{slug}/admin/organisations", Execution::worker,
             {"Adds an organisation to the tenant's registry", "organisations", {201}},
             [&service](Request& request) {
               const auto& actor = admin(service, request);
               const auto created = service.create(actor, *request.tenant, input_of(request),
                                                   request.remote_address);
               return Response::json(201, item_json(created).dump());
             });

  router.add(Method::put, "/api/v1/t/{slug}/admin/organisations/{id}", Execution::worker,
             {"Changes an organisation of the tenant's registry", "organisations", {200}},
             [&service](Request& request) {
               const auto& actor = admin(service, request);
               const auto updated = service.update(actor, *request.tenant, request.param("id"),
                                                   input_of(request), request.remote_address);
               return Response::json(200, item_json(updated).dump());
             });

  router.add(Method::post, "/api/v1/t/{slug}/admin/organisations/{id}/merge", Execution::worker,
             {"Merges a duplicate organisation into another one", "organisations", {200}},
             [&service](Request& request) {
               const auto& actor = admin(service, request);
               const json body = body_of(request, {"into"});
               const auto survivor = service.merge(actor, *request.tenant, request.param("id"),
                                                   text(body, "into"), request.remote_address);
               return Response::json(200, item_json(survivor).dump());
             });

  router.add(Method::post, "/api/v1/t/{slug}/admin/organisations/import", Execution::worker,
             {"Imports spreadsheet rows into the registry, row by row, or only checks them "
              "(dry_run)",
              "organisations",
              {200}},
             [&service](Request& request) {
               const auto& actor = admin(service, request);
               const json body = body_of(request, {"rows", "dry_run"});
               const auto dry_run = body.find("dry_run");
               if (dry_run != body.end() && !dry_run->is_boolean() && !dry_run->is_null()) {
                 throw bad_field("dry_run", std::string(kInvalid),
                                 {"必须是 true 或 false。", "Must be true or false."});
               }
               const auto rows = body.find("rows");
               const auto report = service.import_rows(
                   actor, *request.tenant, import_rows_of(rows == body.end() ? json() : *rows),
                   dry_run != body.end() && dry_run->is_boolean() && dry_run->get<bool>(),
                   request.remote_address);
               return Response::json(200, report_json(report, request.locale).dump());
             });
}

}  // namespace guildhall::organisations
