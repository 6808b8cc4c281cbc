#include "modules/profiles/http/profile_handlers.hpp"

#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "forms/region_catalog.hpp"
#include "forms/value_json.hpp"
#include "http/router.hpp"
#include "modules/identity/http/session_middleware.hpp"
#include "modules/identity/principal.hpp"
#include "modules/profiles/form_service.hpp"
#include "modules/profiles/profile_service.hpp"

namespace guildhall::profiles {
namespace {

using identity::signed_in;
using nlohmann::json;

// The body's "values" object; the whole body is that object's envelope so that fields can be
// added beside it later.
sdk::Value values_of(const http::Request& request) {
  const sdk::Value body = forms::value_from_json(request.body);
  const sdk::Value* values = body.find("values");
  if (values == nullptr || !values->is_object()) {
    throw core::AppError(core::ErrorKind::validation, "invalid_json",
                         {"请求缺少 values 对象。", "The body needs a \"values\" object."});
  }
  return *values;
}

http::Response profile_response(const ProfileView& view) {
  json masked = json::object();
  for (const auto& [key, text] : view.masked) {
    masked[key] = text;
  }
  json body = {{"form", json::parse(view.form_json)},
               {"values", json::parse(forms::value_to_json(view.values))},
               {"masked", masked},
               {"locked", view.locked}};
  auto response = http::Response::json(200, body.dump());
  response.set_header("Cache-Control", "private, no-store");
  return response;
}

http::Response reveal_response(const ProfileService& profiles, http::Request& request,
                               const std::string& account_id) {
  const auto& who = signed_in(request);
  const sdk::Value body = forms::value_from_json(request.body);
  const sdk::Value* field = body.find("field");
  if (field == nullptr || !field->is_string()) {
    throw core::AppError(core::ErrorKind::validation, "invalid_json",
                         {"请指定要查看的项目。", "Name the field to reveal."});
  }
  const std::string value = profiles.reveal(*request.tenant, who, account_id, field->as_string(),
                                            {request.remote_address});
  auto response = http::Response::json(200, json{{"value", value}}.dump());
  response.set_header("Cache-Control", "private, no-store");
  return response;
}

}  // namespace

void register_profile_routes(http::Router& router, const FormService& forms,
                             const ProfileService& profiles) {
  router.add(http::Method::get, "/api/v1/regions", http::Execution::io_thread,
             {"The mainland's provinces, cities and districts (GB/T 2260 codes) that region "
              "fields choose from",
              "forms",
              {200}},
             [](http::Request&) {
               auto response =
                   http::Response::json(200, std::string(forms::RegionCatalog::mainland().json()));
               response.set_header("Cache-Control", "public, max-age=86400");
               return response;
             });

  router.add(http::Method::get, "/api/v1/t/{slug}/forms/{key}", http::Execution::io_thread,
             {"A form of the tenant (its own or inherited from its parent), as the renderer "
              "draws it; dictionaries are written into the fields that use them",
              "forms",
              {200}},
             [&forms](http::Request& request) {
               return http::Response::json(
                   200, forms.definition_json(*request.tenant, request.param("key")));
             });

  router.add(http::Method::post, "/api/v1/t/{slug}/forms/{key}/check", http::Execution::worker,
             {"Checks values against a form with the server's rules and the tenant plugin's "
              "cross-field rules: 200 with the cleaned values, or 422 with an error per field",
              "forms",
              {200}},
             [&forms](http::Request& request) {
               const std::string account = request.principal ? request.principal->account_id : "";
               const auto result =
                   forms.check(*request.tenant, request.param("key"), values_of(request), account);
               if (!result.ok()) {
                 throw FormService::invalid(result);
               }
               std::vector<std::string> visible =
                   forms::visible_fields(*forms.resolve(*request.tenant, request.param("key")).form,
                                         result.values, forms.today());
               const json body = {{"values", json::parse(forms::value_to_json(result.values))},
                                  {"visible", visible}};
               return http::Response::json(200, body.dump());
             });

  router.add(http::Method::get, "/api/v1/t/{slug}/profile", http::Execution::worker,
             {"The signed-in account's personal profile in this realm, drawn with the tenant's "
              "profile form; ID numbers and mobiles only masked",
              "profiles",
              {200}},
             [&profiles](http::Request& request) {
               const auto& who = signed_in(request);
               return profile_response(profiles.get(*request.tenant, who, who.account_id));
             });

  router.add(http::Method::put, "/api/v1/t/{slug}/profile", http::Execution::worker,
             {"Saves the profile: 422 with field errors, 409 when a field under review changes; "
              "a protected field left out keeps its value",
              "profiles",
              {200}},
             [&profiles](http::Request& request) {
               return profile_response(profiles.save(*request.tenant, signed_in(request),
                                                     values_of(request), {request.remote_address}));
             });

  router.add(
      http::Method::post, "/api/v1/t/{slug}/profile/reveal", http::Execution::worker,
      {"The full value of one of the account's own protected fields; audited", "profiles", {200}},
      [&profiles](http::Request& request) {
        return reveal_response(profiles, request, signed_in(request).account_id);
      });

  router.add(http::Method::get, "/api/v1/t/{slug}/profiles/{account}", http::Execution::worker,
             {"Another account's profile, for the tenant's reviewers and admins; ID numbers and "
              "mobiles only masked",
              "profiles",
              {200}},
             [&profiles](http::Request& request) {
               return profile_response(
                   profiles.get(*request.tenant, signed_in(request), request.param("account")));
             });

  router.add(http::Method::post, "/api/v1/t/{slug}/profiles/{account}/reveal",
             http::Execution::worker,
             {"The full value of a protected field of another account's profile, for the "
              "tenant's reviewers and admins; every call is written to the audit log (event "
              "profile_revealed) before the answer",
              "profiles",
              {200}},
             [&profiles](http::Request& request) {
               return reveal_response(profiles, request, request.param("account"));
             });
}

}  // namespace guildhall::profiles
