// Where contact data may appear: responses show mobiles and e-mail addresses masked (the owner's
// own included), admins search them only by the full value, the full value comes only from the
// audited reveal route (admins of the account only), and the database holds none of them in
// clear after every flow that touches them. SQLite and MariaDB.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

#include "contact_test_support.hpp"
#include "core/errors.hpp"
#include "http/dispatcher.hpp"
#include "http/middleware.hpp"
#include "http/router.hpp"
#include "http/worker_pool.hpp"
#include "identity_fixture.hpp"
#include "modules/identity/http/identity_handlers.hpp"
#include "modules/identity/http/session_middleware.hpp"
#include "modules/notifications/delivery_worker.hpp"
#include "modules/notifications/dev_sms_provider.hpp"
#include "modules/notifications/dev_sms_store.hpp"
#include "modules/notifications/inbox_store.hpp"
#include "modules/notifications/messages_service.hpp"
#include "modules/notifications/outbox.hpp"
#include "modules/tenants/http/tenant_handlers.hpp"

namespace guildhall::privacy::testing {
namespace {

using identity::Role;
using nlohmann::json;

constexpr const char* kMemberMobile = "13912345678";
constexpr const char* kMemberEmail = "Member.Li@Example.test";
constexpr const char* kAdminMobile = "13787654321";
constexpr const char* kAdminEmail = "admin.zhao@example.test";
constexpr const char* kLungAdminMobile = "13511112222";
constexpr const char* kNoEmailMobile = "13622223333";
constexpr const char* kPassword = "Quiet-River-2024";

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

class AcceptingMail final : public notifications::MailSender {
 public:
  notifications::SendResult send(const notifications::MailMessage&) override {
    return notifications::SendResult::ok();
  }
};

// One browser: its own cookies, the CSRF token sent back like the web app does.
struct Browser {
  std::map<std::string, std::string> jar;
};

class ContactExposureTest : public identity::testing::IdentityFixture {
 protected:
  void SetUp() override {
    IdentityFixture::SetUp();
    if (IsSkipped()) {
      return;
    }
    // The real outbox and inbox, so that the database ends up holding what production writes;
    // the fixture's list still records messages for last_code().
    identity::NotificationSink sink;
    sink.enqueue = [this](soci::session& tx, const notifications::OutboundMessage& m,
                          std::int64_t now) {
      {
        std::lock_guard lock(mutex_);
        outbox_.push_back(m);
      }
      outbox_store_.enqueue(tx, m, now);
    };
    sink.post_site_message = [](soci::session& tx, const identity::SiteNotice& n,
                                std::int64_t now) {
      notifications::InboxStore{}.deliver(tx,
                                          {.account_id = n.account_id,
                                           .tenant_slug = n.tenant_slug,
                                           .title = n.title.zh_cn,
                                           .body = n.body.zh_cn,
                                           .title_en = n.title.en,
                                           .body_en = n.body.en},
                                          now);
    };
    identity::IdentityConfig config;
    config.public_url = "https://members.example.test";
    service_ =
        std::make_unique<identity::IdentityService>(db_, clock_, *hasher_, sink, config, keys_);
    registry_.replace(directory_);
    identity::register_identity_routes(router_, *service_, registry_);
    dispatcher_ = std::make_unique<http::Dispatcher>(router_, pool_);
    dispatcher_->use(http::locale_middleware());
    dispatcher_->use(http::error_mapping_middleware({}));
    dispatcher_->use(tenants::tenant_middleware(registry_));
    dispatcher_->use(identity::csrf_middleware(router_, config.public_url));
    dispatcher_->use(identity::session_middleware(router_, *service_));
  }

  http::Response send(Browser& browser, http::Method method, const std::string& target,
                      const std::string& body = {}) {
    http::Request r;
    r.method = method;
    r.path = target.substr(0, target.find('?'));
    if (const auto q = target.find('?'); q != std::string::npos) {
      r.query = target.substr(q + 1);
    }
    r.body = body;
    r.remote_address = "10.0.0.9";
    r.request_id = "rid";
    if (browser.jar.count("gh_csrf") == 0 && method != http::Method::get) {
      send(browser, http::Method::get, "/api/v1/auth/csrf");
    }
    std::string cookies;
    for (const auto& [name, value] : browser.jar) {
      cookies += (cookies.empty() ? "" : "; ") + name + "=" + value;
    }
    if (!cookies.empty()) {
      r.headers.emplace_back("cookie", cookies);
    }
    if (const auto it = browser.jar.find("gh_csrf"); it != browser.jar.end()) {
      r.headers.emplace_back("x-csrf-token", it->second);
    }
    http::Response response = dispatcher_->handle(r);
    for (const auto& [name, value] : response.headers) {
      if (name == "Set-Cookie") {
        const auto eq = value.find('=');
        const auto semi = value.find(';');
        browser.jar[value.substr(0, eq)] = value.substr(eq + 1, semi - eq - 1);
      }
    }
    return response;
  }

  void sign_in(Browser& browser, const std::string& slug, const std::string& mobile) {
    const auto r = send(browser, http::Method::post, "/api/v1/t/" + slug + "/auth/sign-in",
                        json{{"mobile", mobile}, {"password", kPassword}}.dump());
    ASSERT_EQ(r.status, 200) << r.body;
  }

  // The plain contact data of every test account, none of which a response or a dump may hold.
  static std::vector<std::string> secrets() {
    return {kMemberMobile, kMemberEmail,     kAdminMobile,
            kAdminEmail,   kLungAdminMobile, kNoEmailMobile};
  }

  static std::vector<std::string> leaked(const std::string& body) {
    return found_in(lower(body), secrets());
  }

  notifications::OutboxStore outbox_store_{keys_};
  tenancy::TenantRegistry registry_;
  http::Router router_;
  http::WorkerPool pool_{1, 4};
  std::unique_ptr<http::Dispatcher> dispatcher_;
};

TEST_P(ContactExposureTest, ResponsesAreMaskedAndOnlyAdminsRevealWithAnAuditEntry) {
  Browser member;
  auto r = send(member, http::Method::post, "/api/v1/t/med-tj/auth/sms-codes",
                json{{"mobile", kMemberMobile}, {"purpose", "register"}}.dump());
  ASSERT_EQ(r.status, 202) << r.body;
  r = send(member, http::Method::post, "/api/v1/t/med-tj/auth/register",
           json{{"mobile", kMemberMobile},
                {"code", last_code(kMemberMobile)},
                {"password", kPassword},
                {"email", kMemberEmail}}
               .dump());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(leaked(r.body), std::vector<std::string>{});
  const std::string member_id = json::parse(r.body)["account"]["id"];
  clock_.advance(std::chrono::seconds(61));

  // The owner sees their own contact data masked too.
  r = send(member, http::Method::get, "/api/v1/auth/me");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto me = json::parse(r.body)["account"];
  EXPECT_EQ(me["mobile"], "139****5678");
  EXPECT_EQ(me["email"], "M***@Example.test");
  EXPECT_EQ(leaked(r.body), std::vector<std::string>{});

  const auto admin = register_at("med-tj", kAdminMobile, kPassword, std::string(kAdminEmail));
  grant(admin.account.id, "med-tj", Role::tenant_admin);
  const auto lung_admin = register_at("med-lung", kLungAdminMobile, kPassword);
  grant(lung_admin.account.id, "med-lung", Role::tenant_admin);
  const auto no_email = register_at("med-tj", kNoEmailMobile, kPassword);
  Browser admin_browser;
  sign_in(admin_browser, "med-tj", kAdminMobile);
  Browser lung_browser;
  sign_in(lung_browser, "med-lung", kLungAdminMobile);

  // The admin list: masked; searchable by a full mobile or e-mail only.
  r = send(admin_browser, http::Method::get, "/api/v1/t/med-tj/admin/accounts");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["total"], 3);
  EXPECT_NE(r.body.find("139****5678"), std::string::npos);
  EXPECT_NE(r.body.find("M***@Example.test"), std::string::npos);
  EXPECT_EQ(leaked(r.body), std::vector<std::string>{});
  const auto total = [&](const std::string& q) {
    const auto page =
        send(admin_browser, http::Method::get, "/api/v1/t/med-tj/admin/accounts?q=" + q);
    EXPECT_EQ(page.status, 200) << page.body;
    const auto items = json::parse(page.body)["items"];
    return items.size() == 1 ? items[0]["id"].get<std::string>() + " " +
                                   std::to_string(json::parse(page.body)["total"].get<int>())
                             : std::to_string(items.size());
  };
  EXPECT_EQ(total(kMemberMobile), member_id + " 1");
  EXPECT_EQ(total("%2B86%20139%201234%205678"), member_id + " 1");
  EXPECT_EQ(total("member.li%40example.TEST"), member_id + " 1");
  EXPECT_EQ(total("12345678"), "0");  // part of a mobile: no match, by design
  EXPECT_EQ(total(member_id.substr(0, 20)), member_id + " 1");

  // Reveal: the full value, not cached, audited.
  const auto reveal_path = "/api/v1/t/med-tj/admin/accounts/" + member_id + "/reveal";
  r = send(admin_browser, http::Method::post, reveal_path, R"({"field":"mobile"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body), json({{"value", kMemberMobile}}));
  ASSERT_TRUE(r.header("Cache-Control"));
  EXPECT_EQ(*r.header("Cache-Control"), "no-store");
  r = send(admin_browser, http::Method::post, reveal_path, R"({"field":"email"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["value"], kMemberEmail);
  r = send(admin_browser, http::Method::post,
           "/api/v1/t/med-tj/admin/accounts/" + no_email.account.id + "/reveal",
           R"({"field":"email"})");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("contact_not_set"), std::string::npos);
  EXPECT_EQ(send(admin_browser, http::Method::post, reveal_path, R"({"field":"password"})").status,
            422);

  // Refused: a member (even for their own account), an admin of another branch.
  r = send(member, http::Method::post, reveal_path, R"({"field":"mobile"})");
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(leaked(r.body), std::vector<std::string>{});
  r = send(lung_browser, http::Method::post, reveal_path, R"({"field":"mobile"})");
  EXPECT_EQ(r.status, 404) << r.body;
  r = send(lung_browser, http::Method::post,
           "/api/v1/t/med-lung/admin/accounts/" + member_id + "/reveal", R"({"field":"mobile"})");
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(leaked(r.body), std::vector<std::string>{});

  // Exactly the two reveals that answered are in the audit log: who, whose, which field.
  r = send(admin_browser, http::Method::get, "/api/v1/t/med-tj/admin/audit?event=contact_revealed");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto audit = json::parse(r.body);
  ASSERT_EQ(audit["total"], 2) << r.body;
  std::vector<std::string> fields;
  for (const auto& item : audit["items"]) {
    EXPECT_EQ(item["actor"], admin.account.id);
    EXPECT_EQ(item["subject"], member_id);
    EXPECT_EQ(item["tenant"], "med-tj");
    fields.push_back(item["detail"]["field"]);
  }
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (std::vector<std::string>{"email", "mobile"}));
  r = send(admin_browser, http::Method::get, "/api/v1/t/med-tj/admin/audit?pageSize=200");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("139****5678"), std::string::npos);
  EXPECT_EQ(leaked(r.body), std::vector<std::string>{});
}

TEST_P(ContactExposureTest, TheDatabaseHoldsNoPlainMobileOrEmailAfterEveryFlow) {
  const auto member = register_at("med-tj", kMemberMobile, kPassword, std::string(kMemberEmail));
  const auto admin = register_at("med-tj", kAdminMobile, kPassword, std::string(kAdminEmail));
  grant(admin.account.id, "med-tj", Role::tenant_admin);
  register_at("med-lung", kLungAdminMobile, kPassword);
  const auto no_email = register_at("med-tj", kNoEmailMobile, kPassword);

  // Sign-in by password, a failure (audit, throttling), by SMS code, a reset by e-mail and by
  // mobile, an admin's reset, reveal and mailing, and the delivery of every queued message.
  service_->sign_in_with_password(tenant("med"), kMemberMobile, kPassword, ctx_);
  EXPECT_THROW(service_->sign_in_with_password(tenant("med"), kMemberMobile, "Wrong-Pass-1", ctx_),
               core::AppError);
  clock_.advance(std::chrono::seconds(61));
  service_->request_sms_code(tenant("med-tj"), kNoEmailMobile, identity::SmsPurpose::sign_in, ctx_);
  service_->sign_in_with_code(tenant("med-tj"), kNoEmailMobile, last_code(kNoEmailMobile), ctx_);
  service_->request_password_reset(tenant("med-tj"), "MEMBER.LI@example.test", ctx_);
  service_->complete_password_reset(last_reset_token(kMemberEmail), "Brand-New-Secret-3", ctx_);
  service_->request_password_reset(tenant("med-tj"), kAdminMobile, ctx_);
  const auto admin_principal =
      service_->sign_in_with_password(tenant("med-tj"), kAdminMobile, kPassword, ctx_).principal;
  service_->admin_reset_password(*admin_principal, tenant("med-tj"), *directory_, member.account.id,
                                 ctx_);
  EXPECT_EQ(service_->reveal_contact(*admin_principal, tenant("med-tj"), *directory_,
                                     no_email.account.id, identity::ContactField::mobile, ctx_),
            kNoEmailMobile);
  notifications::MessagesService messages(*db_, clock_, keys_);
  EXPECT_EQ(messages
                .send({.tenant_slug = "med-tj",
                       .tenant_scope = {"med-tj"},
                       .account_ids = std::nullopt,
                       .site = true,
                       .email = true,
                       .sms = true,
                       .title = "年会",
                       .body = "五月"})
                .sms,
            3);
  AcceptingMail mail;
  notifications::DevSmsStore dev_sms(*db_, keys_);
  notifications::DevSmsProvider sms(dev_sms, clock_);
  const notifications::TemplateRenderer renderer(
      {.platform_dir = std::filesystem::path(GUILDHALL_SOURCE_DIR) / "templates" / "messages",
       .tenants_dir = {}});
  notifications::DeliveryWorker worker(*db_, keys_, renderer, &mail, &sms, clock_,
                                       {.worker_id = "w"});
  EXPECT_GT(worker.run_once().sent, 8);
  EXPECT_FALSE(dev_sms.for_mobile(kNoEmailMobile, 10).empty());
  const auto log = messages.deliveries({.page_size = 100});
  for (const auto& d : log.items) {
    EXPECT_EQ(leaked(d.recipient), std::vector<std::string>{}) << d.id;
    EXPECT_NE(d.recipient.find("***"), std::string::npos) << d.id;
  }

  const auto dump = database_dump(*db_);
  EXPECT_NE(dump.find("139****5678"), std::string::npos);  // the audit details were read
  EXPECT_NE(dump.find(lower(member.account.id)), std::string::npos);
  EXPECT_EQ(found_in(dump, secrets()), std::vector<std::string>{});
}

INSTANTIATE_TEST_SUITE_P(Backends, ContactExposureTest, ::testing::Values("sqlite", "mysql"),
                         identity::testing::backend_name);

}  // namespace
}  // namespace guildhall::privacy::testing
