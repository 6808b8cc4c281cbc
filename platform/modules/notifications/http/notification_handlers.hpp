// HTTP face of the notifications module (docs: /work/notes/accounts-api.md):
//
//   GET  /api/v1/me/messages?page=&pageSize=         the signed-in account's inbox
//   GET  /api/v1/me/messages/unread-count
//   POST /api/v1/me/messages/{id}/read               204
//   POST /api/v1/me/messages/read-all                204
//   POST /api/v1/t/{slug}/admin/messages             202 {batchId, recipients}
//   GET  /api/v1/t/{slug}/admin/deliveries?status=&channel=&page=&pageSize=
//   GET  /api/v1/dev/sms?mobile=                      only with the development SMS provider
//
// Who is calling is decided by the identity module; the composition root passes that decision in
// as NotificationAccess, so this module does not depend on how sessions and roles are stored.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace guildhall::http {
class Router;
struct Request;
}  // namespace guildhall::http
namespace guildhall::tenancy {
struct Tenant;
class TenantRegistry;
}  // namespace guildhall::tenancy

namespace guildhall::notifications {

class MessagesService;
class DevSmsStore;

struct Caller {
  std::string account_id{};
};

enum class AdminAccess {
  granted,    // tenant_admin on the tenant or an ancestor, or platform_admin
  forbidden,  // signed in and may see the tenant, but is no admin of it → 403
  hidden,     // the tenant is outside what the caller may know of → 404
};

struct NotificationAccess {
  // The signed-in account of the request, nullopt when anonymous (→ 401).
  std::function<std::optional<Caller>(const http::Request&)> caller;
  // What the signed-in caller may do in `tenant` (the tenant of the request path).
  std::function<AdminAccess(const http::Request&, const tenancy::Tenant&)> admin;
};

struct NotificationRoutes {
  MessagesService& messages;
  const tenancy::TenantRegistry& registry;
  NotificationAccess access;
  DevSmsStore* dev_sms = nullptr;  // non-null (sms.provider: dev): registers /api/v1/dev/sms
};

void register_notification_routes(http::Router& router, NotificationRoutes routes);

}  // namespace guildhall::notifications
