// The HTTP handlers through the router, with the identity module's decisions stubbed by a
// NotificationAccess built from a header (the real one reads request.principal).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "http/router.hpp"
#include "modules/notifications/dev_sms_store.hpp"
#include "modules/notifications/http/notification_handlers.hpp"
#include "modules/notifications/messages_service.hpp"
#include "outbox_scenarios.hpp"
#include "support/temp_dir.hpp"
#include "tenancy/tenant_directory.hpp"

namespace guildhall::notifications::testing {
namespace {

std::shared_ptr<const tenancy::Tenant> tenant(const std::string& slug, const std::string& parent) {
  auto config = std::make_shared<tenancy::TenantConfig>();
  config->slug = slug;
  config->parent = parent;
  auto t = std::make_shared<tenancy::Tenant>();
  t->config = config;
  t->realm = parent.empty() ? slug : parent;
  return t;
}

class HandlersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry_.replace(std::make_shared<const tenancy::TenantDirectory>(
        std::vector<std::shared_ptr<const tenancy::Tenant>>{
            tenant("med", ""), tenant("med-tj", "med"), tenant("pcb", "")}));
    add_account(*db_, "01HZACCOUNT000000000000001", "med", "13800138001", "one@example.org",
                "active", {"med"});
    add_account(*db_, "01HZACCOUNT000000000000002", "med", "13800138002", "two@example.org",
                "active", {"med-tj"});
    NotificationAccess access{
        .caller = [](const http::Request& r) -> std::optional<Caller> {
          const std::string* who = r.header("x-test-account");
          return who ? std::optional<Caller>(Caller{*who}) : std::nullopt;
        },
        .admin =
            [](const http::Request& r, const tenancy::Tenant& t) {
              const std::string* admin_of = r.header("x-test-admin-of");
              if (admin_of && (*admin_of == t.slug() || *admin_of == t.config->parent)) {
                return AdminAccess::granted;
              }
              return t.realm == "med" ? AdminAccess::forbidden : AdminAccess::hidden;
            }};
    register_notification_routes(
        router_,
        {.messages = service_, .registry = registry_, .access = access, .dev_sms = &dev_sms_});
  }

  // Runs a request through the router the way the dispatcher does (path parameters, tenant).
  http::Response call(http::Method method, const std::string& path, const std::string& body = "",
                      http::HeaderList headers = {}) {
    http::Request request;
    request.method = method;
    const auto q = path.find('?');
    request.path = path.substr(0, q);
    request.query = q == std::string::npos ? "" : path.substr(q + 1);
    request.body = body;
    request.headers = std::move(headers);
    const auto match = router_.match(method, request.path);
    if (match.route == nullptr) {
      return http::Response::text(404, "no route");
    }
    request.path_params = match.params;
    if (request.path.rfind("/api/v1/t/", 0) == 0) {
      request.tenant = registry_.current()->find(request.param("slug"));
    }
    try {
      return match.route->handler(request);
    } catch (const core::AppError& e) {
      return http::Response::json(e.kind() == core::ErrorKind::validation        ? 422
                                  : e.kind() == core::ErrorKind::unauthenticated ? 401
                                  : e.kind() == core::ErrorKind::forbidden       ? 403
                                  : e.kind() == core::ErrorKind::not_found       ? 404
                                                                                 : 400,
                                  e.code());
    }
  }

  guildhall::testing::TempDir dir_{"guildhall-handlers"};
  std::shared_ptr<db::Database> db_ = open_sqlite(dir_.path() / "g.db");
  core::ManualClock clock_{kStart};
  MessagesService service_{*db_, clock_, test_keys()};
  DevSmsStore dev_sms_{*db_, test_keys()};
  tenancy::TenantRegistry registry_;
  http::Router router_;
};

TEST_F(HandlersTest, AnonymousCallersGet401) {
  EXPECT_EQ(call(http::Method::get, "/api/v1/me/messages").status, 401);
  EXPECT_EQ(call(http::Method::get, "/api/v1/t/med/admin/deliveries").status, 401);
}

TEST_F(HandlersTest, MembersCannotUseAdminEndpointsAndOtherRealmsStayHidden) {
  const http::HeaderList member{{"x-test-account", "01HZACCOUNT000000000000001"}};
  EXPECT_EQ(call(http::Method::get, "/api/v1/t/med/admin/deliveries", "", member).status, 403);
  EXPECT_EQ(call(http::Method::post, "/api/v1/t/med/admin/messages",
                 R"({"recipients":"all","channels":["site"],"title":"t","body":"b"})", member)
                .status,
            403);
  EXPECT_EQ(call(http::Method::get, "/api/v1/t/pcb/admin/deliveries", "", member).status, 404);
  EXPECT_EQ(count_rows(*db_, "SELECT COUNT(*) FROM inbox_messages"), 0);
}

TEST_F(HandlersTest, AnAdminSendsAndMembersReadTheirInbox) {
  const http::HeaderList admin{{"x-test-account", "01HZACCOUNT000000000000001"},
                               {"x-test-admin-of", "med"}};
  const auto sent = call(
      http::Method::post, "/api/v1/t/med/admin/messages",
      R"({"recipients":"all","channels":["site","email"],"title":"年会","body":"五月"})", admin);
  ASSERT_EQ(sent.status, 202) << sent.body;
  const auto receipt = nlohmann::json::parse(sent.body);
  EXPECT_EQ(receipt["recipients"], 2);  // med and its branch med-tj
  EXPECT_EQ(receipt["batchId"].get<std::string>().size(), 26u);

  const http::HeaderList member{{"x-test-account", "01HZACCOUNT000000000000002"}};
  const auto inbox = call(http::Method::get, "/api/v1/me/messages?page=1&pageSize=10", "", member);
  ASSERT_EQ(inbox.status, 200);
  const auto page = nlohmann::json::parse(inbox.body);
  EXPECT_EQ(page["unread"], 1);
  EXPECT_EQ(page["total"], 1);
  ASSERT_EQ(page["items"].size(), 1u);
  EXPECT_EQ(page["items"][0]["title"], "年会");
  EXPECT_EQ(page["items"][0]["tenant"], "med");
  EXPECT_EQ(page["items"][0]["read"], false);
  EXPECT_EQ(page["items"][0]["createdAt"], "2023-11-14T22:13:20.000Z");
  const std::string id = page["items"][0]["id"];
  // Another account cannot mark it.
  EXPECT_EQ(call(http::Method::post, "/api/v1/me/messages/" + id + "/read", "",
                 {{"x-test-account", "01HZACCOUNT000000000000001"}})
                .status,
            404);
  EXPECT_EQ(call(http::Method::post, "/api/v1/me/messages/" + id + "/read", "", member).status,
            204);
  EXPECT_EQ(
      nlohmann::json::parse(
          call(http::Method::get, "/api/v1/me/messages/unread-count", "", member).body)["unread"],
      0);
  EXPECT_EQ(call(http::Method::post, "/api/v1/me/messages/read-all", "", member).status, 204);

  const auto log =
      call(http::Method::get, "/api/v1/t/med/admin/deliveries?channel=email", "", admin);
  ASSERT_EQ(log.status, 200) << log.body;
  const auto deliveries = nlohmann::json::parse(log.body);
  EXPECT_EQ(deliveries["total"], 2);
  for (const auto& item : deliveries["items"]) {
    EXPECT_EQ(item["status"], "queued");
    EXPECT_EQ(item["template"], "admin_message");
    EXPECT_EQ(item["recipient"].get<std::string>().find("***@example.org"), 1u);
    EXPECT_TRUE(item["sentAt"].is_null());
  }
  // A branch admin sees only the branch's own mailings, not those of the national society.
  const http::HeaderList branch_admin{{"x-test-account", "01HZACCOUNT000000000000002"},
                                      {"x-test-admin-of", "med-tj"}};
  EXPECT_EQ(nlohmann::json::parse(
                call(http::Method::get, "/api/v1/t/med-tj/admin/deliveries", "", branch_admin)
                    .body)["total"],
            0);
  ASSERT_EQ(call(http::Method::post, "/api/v1/t/med-tj/admin/messages",
                 R"({"recipients":"all","channels":["sms"],"title":"t","body":"b"})", branch_admin)
                .status,
            202);
  EXPECT_EQ(nlohmann::json::parse(
                call(http::Method::get, "/api/v1/t/med-tj/admin/deliveries", "", branch_admin)
                    .body)["total"],
            1);
  EXPECT_EQ(call(http::Method::get, "/api/v1/t/med/admin/deliveries", "", branch_admin).status,
            403);
}

TEST_F(HandlersTest, BadBodiesAndQueriesAreRefused) {
  const http::HeaderList admin{{"x-test-account", "01HZACCOUNT000000000000001"},
                               {"x-test-admin-of", "med"}};
  for (const char* body :
       {"", "[]", R"({"recipients":"all","channels":["fax"],"title":"t","body":"b"})",
        R"({"recipients":"all","channels":["site"],"title":"t","body":"b","extra":1})",
        R"({"recipients":42,"channels":["site"],"title":"t","body":"b"})",
        R"({"recipients":"all","channels":["site"],"title":7,"body":"b"})"}) {
    const auto r = call(http::Method::post, "/api/v1/t/med/admin/messages", body, admin);
    EXPECT_TRUE(r.status == 400 || r.status == 422) << body << " → " << r.status;
  }
  EXPECT_EQ(call(http::Method::get, "/api/v1/t/med/admin/deliveries?status=lost", "", admin).status,
            422);
  EXPECT_EQ(call(http::Method::get, "/api/v1/me/messages?page=0", "",
                 {{"x-test-account", "01HZACCOUNT000000000000001"}})
                .status,
            422);
}

TEST_F(HandlersTest, DevSmsListsCodesNewestFirst) {
  dev_sms_.record({.message_id = "a",
                   .tenant_slug = "med",
                   .mobile = "13800138000",
                   .text = "验证码 111111",
                   .code = "111111",
                   .created_at_ms = 1000});
  dev_sms_.record({.message_id = "b",
                   .tenant_slug = "med",
                   .mobile = "13800138000",
                   .text = "验证码 222222",
                   .code = "222222",
                   .created_at_ms = 2000});
  const auto r = call(http::Method::get, "/api/v1/dev/sms?mobile=%2B86%20138-0013-8000");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto items = nlohmann::json::parse(r.body)["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["code"], "222222");
  EXPECT_EQ(items[1]["code"], "111111");
}

TEST(HandlersRegistrationTest, DevSmsIsRegisteredOnlyWithTheDevProvider) {
  guildhall::testing::TempDir dir;
  auto db = open_sqlite(dir.path() / "g.db");
  core::SystemClock clock;
  MessagesService service(*db, clock, test_keys());
  tenancy::TenantRegistry registry;
  http::Router router;
  register_notification_routes(
      router, {.messages = service, .registry = registry, .access = {}, .dev_sms = nullptr});
  EXPECT_EQ(router.match(http::Method::get, "/api/v1/dev/sms").route, nullptr);
  EXPECT_NE(router.match(http::Method::get, "/api/v1/me/messages").route, nullptr);
}

}  // namespace
}  // namespace guildhall::notifications::testing
