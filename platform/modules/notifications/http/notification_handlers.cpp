#include "modules/notifications/http/notification_handlers.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "core/errors.hpp"
#include "http/router.hpp"
#include "modules/notifications/dev_sms_store.hpp"
#include "modules/notifications/messages_service.hpp"
#include "modules/notifications/outbox_codec.hpp"
#include "privacy/masking.hpp"
#include "tenancy/tenant_directory.hpp"

namespace guildhall::notifications {

namespace {

using nlohmann::json;

std::string iso_time(std::int64_t epoch_ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> t{milliseconds(epoch_ms)};
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                static_cast<int>(hms.subseconds().count()));
  return buffer;
}

core::AppError invalid(std::string field, std::string code, core::Message message) {
  return core::AppError(core::ErrorKind::validation, "validation_failed",
                        {"请检查填写的内容。", "Please check the form."})
      .with_fields({{std::move(field), std::move(code), std::move(message)}});
}

int int_param(const http::Request& request, std::string_view name, int fallback) {
  const auto value = request.query_param(name);
  if (!value || value->empty()) {
    return fallback;
  }
  int n = 0;
  const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
  if (ec != std::errc() || end != value->data() + value->size() || n < 1) {
    throw invalid(std::string(name), "invalid",
                  {"必须是正整数。", "Must be a whole number greater than 0."});
  }
  return n;
}

Caller signed_in(const NotificationAccess& access, const http::Request& request) {
  if (auto caller = access.caller(request)) {
    return *caller;
  }
  throw core::AppError(core::ErrorKind::unauthenticated, "unauthenticated",
                       {"请先登录。", "Please sign in."});
}

void require_admin(const NotificationAccess& access, const http::Request& request) {
  signed_in(access, request);
  switch (access.admin(request, *request.tenant)) {
    case AdminAccess::granted:
      return;
    case AdminAccess::forbidden:
      throw core::AppError(core::ErrorKind::forbidden, "forbidden",
                           {"您没有执行此操作的权限。", "You are not allowed to do this."});
    case AdminAccess::hidden:
      break;
  }
  throw core::AppError(core::ErrorKind::not_found, "tenant_not_found",
                       {"找不到该机构。", "No such organisation."});
}

// The slugs of `root` and every tenant below it, in the request's snapshot.
std::vector<std::string> subtree(const tenancy::TenantRegistry& registry, const std::string& root) {
  std::vector<std::string> out;
  const auto directory = registry.current();
  for (const auto& tenant : directory->all()) {
    if (directory->in_subtree(tenant->slug(), root)) {
      out.push_back(tenant->slug());
    }
  }
  if (out.empty()) {
    out.push_back(root);
  }
  return out;
}

AdminMessage parse_admin_message(const http::Request& request) {
  const json body = json::parse(request.body, nullptr, false);
  if (!body.is_object()) {
    throw core::AppError(
        core::ErrorKind::bad_request, "invalid_json",
        {"请求内容不是有效的 JSON 对象。", "The request body is not a JSON object."});
  }
  static const std::set<std::string> kKnown{"recipients", "channels", "title", "body"};
  for (const auto& [key, value] : body.items()) {
    if (!kKnown.contains(key)) {
      throw invalid(key, "unknown_field", {"不认识的字段。", "Unknown field."});
    }
  }
  AdminMessage message;
  const auto recipients = body.find("recipients");
  if (recipients == body.end()) {
    throw invalid("recipients", "required", {"请选择收件人。", "Choose the recipients."});
  }
  if (recipients->is_string() && recipients->get<std::string>() == "all") {
    message.account_ids.reset();
  } else if (recipients->is_array()) {
    std::vector<std::string> ids;
    for (const auto& id : *recipients) {
      if (!id.is_string() || id.get<std::string>().empty() || id.get<std::string>().size() > 64) {
        throw invalid("recipients", "invalid", {"收件人无效。", "Invalid recipient."});
      }
      ids.push_back(id.get<std::string>());
    }
    message.account_ids = std::move(ids);
  } else {
    throw invalid("recipients", "invalid",
                  {"收件人必须是 \"all\" 或账号列表。",
                   "Recipients must be \"all\" or a list of account ids."});
  }
  const auto channels = body.find("channels");
  if (channels == body.end() || !channels->is_array()) {
    throw invalid("channels", "required",
                  {"请至少选择一种发送方式。", "Choose at least one way to send."});
  }
  for (const auto& c : *channels) {
    const std::string name = c.is_string() ? c.get<std::string>() : "";
    if (name == "site") {
      message.site = true;
    } else if (name == "email") {
      message.email = true;
    } else if (name == "sms") {
      message.sms = true;
    } else {
      throw invalid("channels", "invalid",
                    {"发送方式只能是 site、email 或 sms。", "Channels are site, email or sms."});
    }
  }
  for (const char* field : {"title", "body"}) {
    const auto it = body.find(field);
    if (it != body.end() && !it->is_string()) {
      throw invalid(field, "invalid", {"必须是文本。", "Must be text."});
    }
  }
  message.title = body.value("title", "");
  message.body = body.value("body", "");
  return message;
}

json inbox_json(const InboxPage& page, const std::string& locale) {
  const bool english = locale.rfind("en", 0) == 0;
  json items = json::array();
  for (const auto& m : page.items) {
    const bool translated = english && !m.title_en.empty();
    items.push_back({{"id", m.id},
                     {"tenant", m.tenant_slug},
                     {"title", translated ? m.title_en : m.title},
                     {"body", translated ? m.body_en : m.body},
                     {"read", m.read},
                     {"createdAt", iso_time(m.created_at_ms)}});
  }
  return {{"items", items},
          {"total", page.total},
          {"page", page.page},
          {"pageSize", page.page_size},
          {"unread", page.unread}};
}

json deliveries_json(const DeliveryLogPage& page) {
  json items = json::array();
  for (const auto& d : page.items) {
    items.push_back({{"id", d.id},
                     {"channel", std::string(channel_name(d.channel))},
                     {"recipient", d.recipient},
                     {"template", d.template_key},
                     {"status", d.status},
                     {"attempts", d.attempts},
                     {"lastError", d.last_error ? json(*d.last_error) : json()},
                     {"createdAt", iso_time(d.created_at_ms)},
                     {"sentAt", d.sent_at_ms ? json(iso_time(*d.sent_at_ms)) : json()}});
  }
  return {
      {"items", items}, {"total", page.total}, {"page", page.page}, {"pageSize", page.page_size}};
}

// Mainland mobile numbers as the security baseline normalises them: no spaces, dashes or +86.
std::string normalise_mobile(std::string text) {
  std::string out;
  for (const char c : text) {
    if (c != ' ' && c != '-') {
      out += c;
    }
  }
  if (out.rfind("+86", 0) == 0) {
    out.erase(0, 3);
  }
  return out;
}

}  // namespace

void register_notification_routes(http::Router& router, NotificationRoutes routes) {
  auto deps = std::make_shared<NotificationRoutes>(std::move(routes));

  router.add(http::Method::get, "/api/v1/me/messages", http::Execution::worker,
             {"The signed-in account's site messages, newest first, with the unread count",
              "messages",
              {200}},
             [deps](http::Request& request) {
               const Caller caller = signed_in(deps->access, request);
               const auto page =
                   deps->messages.inbox(caller.account_id, int_param(request, "page", 1),
                                        int_param(request, "pageSize", 20));
               return http::Response::json(200, inbox_json(page, request.locale).dump());
             });

  router.add(http::Method::get, "/api/v1/me/messages/unread-count", http::Execution::worker,
             {"How many site messages the signed-in account has not read", "messages", {200}},
             [deps](http::Request& request) {
               const Caller caller = signed_in(deps->access, request);
               const json body = {{"unread", deps->messages.unread_count(caller.account_id)}};
               return http::Response::json(200, body.dump());
             });

  router.add(http::Method::post, "/api/v1/me/messages/read-all", http::Execution::worker,
             {"Marks every site message of the signed-in account read", "messages", {204}},
             [deps](http::Request& request) {
               const Caller caller = signed_in(deps->access, request);
               deps->messages.mark_all_read(caller.account_id);
               return http::Response::text(204, "");
             });

  router.add(http::Method::post, "/api/v1/me/messages/{id}/read", http::Execution::worker,
             {"Marks one site message read (404 unless it is the caller's)", "messages", {204}},
             [deps](http::Request& request) {
               const Caller caller = signed_in(deps->access, request);
               deps->messages.mark_read(caller.account_id, request.param("id"));
               return http::Response::text(204, "");
             });

  router.add(http::Method::post, "/api/v1/t/{slug}/admin/messages", http::Execution::worker,
             {"Sends a message to chosen accounts or to all accounts of the tenant and its "
              "branches, by site message, e-mail and/or SMS",
              "messages",
              {202}},
             [deps](http::Request& request) {
               require_admin(deps->access, request);
               AdminMessage message = parse_admin_message(request);
               message.tenant_slug = request.tenant->slug();
               message.tenant_scope = subtree(deps->registry, message.tenant_slug);
               message.locale = request.tenant->config->default_locale.empty()
                                    ? "zh-CN"
                                    : request.tenant->config->default_locale;
               const auto receipt = deps->messages.send(message);
               const json body = {{"batchId", receipt.batch_id},
                                  {"recipients", receipt.recipients},
                                  {"emails", receipt.emails},
                                  {"sms", receipt.sms}};
               return http::Response::json(202, body.dump());
             });

  router.add(
      http::Method::get, "/api/v1/t/{slug}/admin/deliveries", http::Execution::worker,
      {"The delivery log of e-mails and SMS of the tenant and its branches (recipients "
       "masked)",
       "messages",
       {200}},
      [deps](http::Request& request) {
        require_admin(deps->access, request);
        DeliveryFilter filter;
        filter.tenant_slugs = subtree(deps->registry, request.tenant->slug());
        if (auto status = request.query_param("status"); status && !status->empty()) {
          static const std::set<std::string> kStatuses{"queued", "sent", "failed", "dropped"};
          if (!kStatuses.contains(*status)) {
            throw invalid("status", "invalid",
                          {"状态只能是 queued、sent、failed 或 dropped。",
                           "Status is queued, sent, failed or dropped."});
          }
          filter.status = *status;
        }
        if (auto channel = request.query_param("channel"); channel && !channel->empty()) {
          filter.channel = parse_channel(*channel);
          if (!filter.channel) {
            throw invalid("channel", "invalid",
                          {"渠道只能是 email 或 sms。", "Channel is email or sms."});
          }
        }
        filter.page = int_param(request, "page", 1);
        filter.page_size = int_param(request, "pageSize", 20);
        return http::Response::json(200, deliveries_json(deps->messages.deliveries(filter)).dump());
      });

  if (deps->dev_sms != nullptr) {
    router.add(
        http::Method::get, "/api/v1/dev/sms", http::Execution::worker,
        {"Development only: the SMS the development provider recorded for a mobile, newest "
         "first",
         "development",
         {200}},
        [deps](http::Request& request) {
          const auto mobile = request.query_param("mobile");
          if (!mobile || mobile->empty()) {
            throw invalid("mobile", "required", {"请填写手机号。", "Enter a mobile number."});
          }
          json items = json::array();
          for (const auto& sms : deps->dev_sms->for_mobile(normalise_mobile(*mobile), 50)) {
            items.push_back({{"mobile", privacy::mask_mobile(sms.mobile)},
                             {"text", sms.text},
                             {"code", sms.code ? json(*sms.code) : json()},
                             {"createdAt", iso_time(sms.created_at_ms)}});
          }
          return http::Response::json(200, json{{"items", items}}.dump());
        });
  }
}

}  // namespace guildhall::notifications
