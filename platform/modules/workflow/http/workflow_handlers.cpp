#include "modules/workflow/http/workflow_handlers.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/errors.hpp"
#include "forms/value_json.hpp"
#include "http/router.hpp"
#include "modules/identity/http/session_middleware.hpp"
#include "modules/identity/principal.hpp"
#include "modules/workflow/committee_directory.hpp"
#include "modules/workflow/workflow_service.hpp"
#include "tenancy/tenant.hpp"
#include "tenancy/workflow_config.hpp"

namespace guildhall::workflow {
namespace {

using identity::signed_in;
using nlohmann::json;

json optional_time(const std::optional<long long>& ms) {
  return ms ? json(core::iso_utc(*ms)) : json();
}

json optional_text(const std::optional<std::string>& text) {
  return text ? json(*text) : json();
}

json membership_json(const MembershipRow& m) {
  return {{"id", m.id},
          {"tenant", m.tenant},
          {"memberType", m.member_type},
          {"memberNumber", m.member_number},
          {"status", m.status},
          {"applicationId", m.application_id},
          {"validFrom", core::iso_utc(m.valid_from)},
          {"validUntil", optional_time(m.valid_until)}};
}

json application_json(const ApplicationView& v) {
  const auto& r = v.row;
  json masked = json::object();
  for (const auto& [key, text] : v.masked) {
    masked[key] = text;
  }
  json out = {
      {"id", r.id},
      {"tenant", r.tenant},
      {"kind", r.kind},
      {"status", r.status},
      {"step", optional_text(r.step_key)},
      {"stepTitle",
       r.step_key ? json{{"zh-CN", v.step_title.zh_cn}, {"en", v.step_title.in("en")}} : json()},
      {"reason", optional_text(r.reason)},
      {"version", r.version},
      {"values", json::parse(forms::value_to_json(v.values))},
      {"masked", masked},
      {"createdAt", core::iso_utc(r.created_at)},
      {"submittedAt", optional_time(r.submitted_at)},
      {"dueAt", optional_time(r.due_at)},
      {"decidedAt", optional_time(r.decided_at)},
      {"parentId", optional_text(r.parent_id)},
      {"institution", optional_text(r.institution)},
      {"applicantName", v.applicant_name},
      {"institutionName", r.institution ? json{{"zh-CN", v.institution_name.zh_cn},
                                               {"en", v.institution_name.in("en")}}
                                        : json()}};
  json institutions = json::array();
  for (const auto& [key, name] : v.institutions) {
    institutions.push_back(
        {{"key", key}, {"name", {{"zh-CN", name.zh_cn}, {"en", name.in("en")}}}});
  }
  out["institutions"] = std::move(institutions);
  json events = json::array();
  for (const auto& e : v.events) {
    events.push_back({{"at", core::iso_utc(e.at)},
                      {"actor", optional_text(e.actor)},
                      {"action", e.action},
                      {"from", e.from_status},
                      {"to", e.to_status},
                      {"step", optional_text(e.step_key)},
                      {"reason", optional_text(e.reason)}});
  }
  out["events"] = std::move(events);
  out["membership"] = v.membership ? membership_json(*v.membership) : json();
  out["changes"] = r.changes_json ? json::parse(*r.changes_json) : json();
  json comments = json::array();
  for (const auto& c : v.comments) {
    comments.push_back({{"at", core::iso_utc(c.row.at)},
                        {"author", c.row.author},
                        {"authorName", c.author_name},
                        {"body", c.row.body}});
  }
  out["comments"] = std::move(comments);
  return out;
}

core::AppError bad_filter(const std::string& field, core::Message message) {
  return core::AppError(core::ErrorKind::validation, "form_invalid",
                        {"请检查标出的内容。", "Please check the marked fields."})
      .with_fields({{field, "invalid_value", std::move(message)}});
}

std::optional<forms::CivilDate> date_param(const http::Request& request, const std::string& name) {
  const auto text = request.query_param(name);
  if (!text || text->empty()) {
    return std::nullopt;
  }
  auto date = forms::CivilDate::parse(*text);
  if (!date) {
    throw bad_filter(
        name, {"请输入有效日期，格式如 2026-11-22。", "Give a real date such as 2026-11-22."});
  }
  return date;
}

QueueFilter queue_filter(const http::Request& request) {
  QueueFilter f;
  f.status = request.query_param("status").value_or("");
  static const std::vector<std::string> kStatuses = {
      "", "under_review", "awaiting_stamp", "returned", "rejected", "approved", "all"};
  if (std::find(kStatuses.begin(), kStatuses.end(), f.status) == kStatuses.end()) {
    throw bad_filter("status",
                     {"状态只能是申请中、待提交盖章文件、退回修改、审批不通过、审批通过或全部。",
                      "Status is one of under_review, awaiting_stamp, returned, rejected, "
                      "approved, all."});
  }
  f.kind = request.query_param("kind").value_or("");
  f.member_type = request.query_param("member_type").value_or("");
  f.submitted_from = date_param(request, "submitted_from");
  f.submitted_to = date_param(request, "submitted_to");
  f.overdue_only = request.query_param("overdue").value_or("") == "1";
  return f;
}

http::Response reply(int status, const json& body) {
  return http::Response::private_json(status, body.dump());
}

json body_of(const http::Request& request) {
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    throw core::AppError(core::ErrorKind::validation, "invalid_json",
                         {"请求内容不是有效的 JSON 对象。", "The body must be a JSON object."});
  }
  return body;
}

long long version_of(const json& body) {
  const auto it = body.find("version");
  if (it == body.end() || !it->is_number_integer()) {
    throw core::AppError(core::ErrorKind::validation, "form_invalid",
                         {"请检查标出的内容。", "Please check the marked fields."})
        .with_fields({{"version",
                       "required",
                       {"缺少申请的版本号。", "The application's version is missing."}}});
  }
  return it->get<long long>();
}

sdk::Value values_of(const json& body) {
  const auto it = body.find("values");
  return it == body.end() ? sdk::Value(sdk::Value::Object{}) : forms::value_from_json(it->dump());
}

json list_json(const std::vector<ApplicationView>& views) {
  json items = json::array();
  for (const auto& v : views) {
    items.push_back(application_json(v));
  }
  return {{"items", items}, {"total", views.size()}};
}

json committee_member_json(const CommitteeMember& m) {
  json seats = json::array();
  for (const auto& seat : m.seats) {
    seats.push_back({{"tenant", seat.tenant},
                     {"name", {{"zh-CN", seat.name.zh_cn}, {"en", seat.name.in("en")}}}});
  }
  return {{"id", m.account_id}, {"name", m.name}, {"seats", seats}};
}

}  // namespace

void register_workflow_routes(http::Router& router, const WorkflowService& workflow,
                              const CommitteeDirectory& committee) {
  using http::Execution;
  using http::Method;

  router.add(
      Method::get, "/api/v1/t/{slug}/application-kinds", Execution::io_thread,
      {"The kinds of application the tenant offers, with the form each uses",
       "applications",
       {200}},
      [&workflow](http::Request& request) {
        json items = json::array();
        for (const auto* kind : workflow.kinds(*request.tenant)) {
          const char* effect =
              kind->effect == tenancy::ApprovalEffect::create_membership    ? "create_membership"
              : kind->effect == tenancy::ApprovalEffect::change_member_type ? "change_member_type"
              : kind->effect == tenancy::ApprovalEffect::join_institution   ? "join_institution"
              : kind->effect == tenancy::ApprovalEffect::activate_membership
                  ? "activate_membership"
                  : "apply_profile_changes";
          items.push_back({{"key", kind->key},
                           {"title", {{"zh-CN", kind->title.zh_cn}, {"en", kind->title.in("en")}}},
                           {"form", kind->form},
                           {"effect", effect},
                           {"print", kind->print},
                           {"stamp", kind->stamp.empty() ? json() : json(kind->stamp)}});
        }
        return http::Response::json(200, json{{"items", items}}.dump());
      });

  router.add(Method::post, "/api/v1/t/{slug}/applications", Execution::worker,
             {"Starts a draft application of a kind the tenant offers", "applications", {201}},
             [&workflow](http::Request& request) {
               const json body = body_of(request);
               const std::string kind = body.value("kind", "");
               return reply(201, application_json(workflow.create(
                                     *request.tenant, signed_in(request), kind, values_of(body))));
             });

  router.add(Method::get, "/api/v1/t/{slug}/applications", Execution::worker,
             {"The signed-in account's applications in every tenant of its realm, newest first",
              "applications",
              {200}},
             [&workflow](http::Request& request) {
               return reply(200, list_json(workflow.mine(signed_in(request))));
             });

  router.add(Method::get, "/api/v1/t/{slug}/applications/{id}", Execution::worker,
             {"One application with its history, for its applicant and its reviewers",
              "applications",
              {200}},
             [&workflow](http::Request& request) {
               return reply(200, application_json(workflow.get(*request.tenant, signed_in(request),
                                                               request.param("id"))));
             });

  router.add(Method::put, "/api/v1/t/{slug}/applications/{id}", Execution::worker,
             {"Saves a draft or a returned application: {values, version}", "applications", {200}},
             [&workflow](http::Request& request) {
               const json body = body_of(request);
               return reply(200, application_json(workflow.save_draft(
                                     *request.tenant, signed_in(request), request.param("id"),
                                     values_of(body), version_of(body))));
             });

  router.add(Method::post, "/api/v1/t/{slug}/applications/{id}/submit", Execution::worker,
             {"Submits for review: 422 with field errors from the kind's form, 409 when the "
              "version is stale",
              "applications",
              {200}},
             [&workflow](http::Request& request) {
               const json body = body_of(request);
               return reply(
                   200, application_json(workflow.submit(*request.tenant, signed_in(request),
                                                         request.param("id"), version_of(body))));
             });

  router.add(Method::post, "/api/v1/t/{slug}/applications/{id}/stamp", Execution::worker,
             {"Attaches the stamped paper form to an application awaiting it, which then enters "
              "review: {files, version} (files: the stamp field's value)",
              "applications",
              {200}},
             [&workflow](http::Request& request) {
               const json body = body_of(request);
               const auto files = body.find("files");
               return reply(200, application_json(workflow.submit_stamp(
                                     *request.tenant, signed_in(request), request.param("id"),
                                     files == body.end() ? sdk::Value(sdk::Value::Array{})
                                                         : forms::value_from_json(files->dump()),
                                     version_of(body))));
             });

  router.add(
      Method::post, "/api/v1/t/{slug}/applications/{id}/decisions", Execution::worker,
      {"A reviewer's decision on the current step: {action: approve | reject | return, "
       "reason, version}; one transition however often it is sent",
       "applications",
       {200}},
      [&workflow](http::Request& request) {
        const json body = body_of(request);
        const std::string action = body.value("action", "");
        DecisionInput input;
        if (action == "approve") {
          input.action = Decision::approve;
        } else if (action == "reject") {
          input.action = Decision::reject;
        } else if (action == "return") {
          input.action = Decision::send_back;
        } else {
          throw core::AppError(core::ErrorKind::validation, "form_invalid",
                               {"请检查标出的内容。", "Please check the marked fields."})
              .with_fields(
                  {{"action",
                    "invalid_option",
                    {"请选择通过、不通过或退回修改。", "Choose approve, reject or return."}}});
        }
        input.reason = body.value("reason", "");
        input.version = version_of(body);
        return reply(200, application_json(workflow.decide(*request.tenant, signed_in(request),
                                                           request.param("id"), input)));
      });

  router.add(Method::get, "/api/v1/t/{slug}/review/queue", Execution::worker,
             {"The applications the signed-in reviewer may act on now, in the tenant and its "
              "subtree, oldest first",
              "applications",
              {200}},
             [&workflow](http::Request& request) {
               return reply(200, list_json(workflow.queue(*request.tenant, signed_in(request),
                                                          queue_filter(request))));
             });

  router.add(
      Method::get, "/api/v1/t/{slug}/review/queue.xlsx", Execution::worker,
      {"The same list, with the same filters, as an Excel workbook",
       "applications",
       {200},
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      [&workflow](http::Request& request) {
        http::Response response;
        response.body =
            workflow.queue_workbook(*request.tenant, signed_in(request), queue_filter(request));
        response.set_header("Content-Type",
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.set_header(
            "Content-Disposition",
            http::content_disposition(
                "attachment", "申请列表-" + request.tenant->slug() + "-" +
                                  core::mainland_date(core::SystemClock{}.now_ms()) + ".xlsx"));
        response.set_header("Cache-Control", "private, no-store");
        return response;
      });

  router.add(
      Method::post, "/api/v1/t/{slug}/review/approvals", Execution::worker,
      {"Approves several applications at once: {items: [{id, version}]}; each item "
       "answers its application or why not",
       "applications",
       {200}},
      [&workflow](http::Request& request) {
        const json body = body_of(request);
        const auto it = body.find("items");
        if (it == body.end() || !it->is_array() || it->empty() || it->size() > 100) {
          throw bad_filter("items", {"请选择 1 至 100 份申请。", "Choose 1 to 100 applications."});
        }
        std::vector<BatchItem> items;
        for (const auto& item : *it) {
          if (!item.is_object() || !item.contains("id") || !item["id"].is_string()) {
            throw bad_filter("items", {"申请编号缺失。", "An application id is missing."});
          }
          items.push_back({item["id"].get<std::string>(), version_of(item)});
        }
        const std::string locale = request.locale;
        json results = json::array();
        for (const auto& outcome :
             workflow.approve_all(*request.tenant, signed_in(request), items)) {
          results.push_back(outcome.done ? json{{"id", outcome.id},
                                                {"application", application_json(*outcome.done)}}
                                         : json{{"id", outcome.id},
                                                {"code", outcome.code},
                                                {"message", outcome.message.in(locale)}});
        }
        return reply(200, {{"items", results}});
      });

  router.add(Method::post, "/api/v1/t/{slug}/applications/{id}/reveal", Execution::worker,
             {"A protected value of the application in full, for its reviewers: {field}; audited",
              "applications",
              {200}},
             [&workflow](http::Request& request) {
               const json body = body_of(request);
               return reply(
                   200, {{"value",
                          workflow.reveal(*request.tenant, signed_in(request), request.param("id"),
                                          body.value("field", ""), request.remote_address)}});
             });

  router.add(Method::post, "/api/v1/t/{slug}/applications/{id}/comments", Execution::worker,
             {"A note for the application's other reviewers, never shown to the applicant: "
              "{body}",
              "applications",
              {201}},
             [&workflow](http::Request& request) {
               const json body = body_of(request);
               return reply(201, application_json(workflow.comment(
                                     *request.tenant, signed_in(request), request.param("id"),
                                     body.value("body", ""))));
             });

  router.add(Method::get, "/api/v1/t/{slug}/committee-members", Execution::worker,
             {"The realm's committee-member directory: members whose name contains q (at most 20)",
              "applications",
              {200}},
             [&committee](http::Request& request) {
               json items = json::array();
               for (const auto& m : committee.search(*request.tenant, signed_in(request),
                                                     request.query_param("q").value_or(""), 20)) {
                 items.push_back(committee_member_json(m));
               }
               return reply(200, {{"items", items}});
             });

  router.add(Method::get, "/api/v1/t/{slug}/committee-members/{id}", Execution::worker,
             {"One committee member of the realm", "applications", {200}},
             [&committee](http::Request& request) {
               const auto& who = signed_in(request);
               const auto found = who.realm == request.tenant->realm
                                      ? committee.find(request.tenant->realm, request.param("id"))
                                      : std::nullopt;
               if (!found) {
                 throw core::AppError(core::ErrorKind::not_found, "committee_member_not_found",
                                      {"委员名录中没有此人。", "No such committee member."});
               }
               return reply(200, committee_member_json(*found));
             });

  router.add(Method::post, "/api/v1/platform/workflow/reminders", Execution::worker,
             {"Sends the deadline reminders due now (platform admins; the server also does so "
              "every few minutes)",
              "applications",
              {200}},
             [&workflow](http::Request& request) {
               return reply(200, {{"reminded", workflow.remind_now(signed_in(request))}});
             });

  router.add(Method::get, "/api/v1/t/{slug}/memberships", Execution::worker,
             {"The signed-in account's memberships in the realm", "applications", {200}},
             [&workflow](http::Request& request) {
               json items = json::array();
               for (const auto& m : workflow.memberships(signed_in(request))) {
                 items.push_back(membership_json(m));
               }
               return reply(200, {{"items", items}});
             });
}

}  // namespace guildhall::workflow
