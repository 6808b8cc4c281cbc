#include <gtest/gtest.h>

#include <map>

#include "http/dispatcher.hpp"
#include "http/middleware.hpp"
#include "http/router.hpp"
#include "http/worker_pool.hpp"
#include "identity_fixture.hpp"
#include "modules/identity/http/identity_handlers.hpp"
#include "modules/identity/http/session_middleware.hpp"
#include "modules/tenants/http/tenant_handlers.hpp"

namespace guildhall::identity::testing {
namespace {

// The request path through the real middleware chain, in process: locale, error mapping,
// tenant resolution, CSRF, session.
class IdentityHttpTest : public IdentityFixture {
 protected:
  void SetUp() override {
    IdentityFixture::SetUp();
    if (IsSkipped()) {
      return;
    }
    registry_.replace(directory_);
    register_identity_routes(router_, *service_, registry_);
    dispatcher_ = std::make_unique<http::Dispatcher>(router_, pool_);
    dispatcher_->use(http::locale_middleware());
    dispatcher_->use(http::error_mapping_middleware({}));
    dispatcher_->use(tenants::tenant_middleware(registry_));
    dispatcher_->use(csrf_middleware(router_, service_->config().public_url));
    dispatcher_->use(session_middleware(router_, *service_));
  }

  http::Response send(http::Method method, const std::string& path, const std::string& body = {},
                      http::HeaderList extra = {}) {
    http::Request r;
    r.method = method;
    r.path = path;
    const auto q = path.find('?');
    if (q != std::string::npos) {
      r.path = path.substr(0, q);
      r.query = path.substr(q + 1);
    }
    r.body = body;
    r.remote_address = "10.0.0.9";
    r.request_id = "rid";
    r.headers = std::move(extra);
    std::string cookies;
    for (const auto& [name, value] : jar_) {
      cookies += (cookies.empty() ? "" : "; ") + name + "=" + value;
    }
    if (!cookies.empty()) {
      r.headers.emplace_back("cookie", cookies);
    }
    if (const auto it = jar_.find("gh_csrf"); it != jar_.end() && with_token_) {
      r.headers.emplace_back("x-csrf-token", it->second);
    }
    http::Response response = dispatcher_->handle(r);
    for (const auto& [name, value] : response.headers) {
      if (name == "Set-Cookie") {
        const auto eq = value.find('=');
        const auto semi = value.find(';');
        const auto cookie_name = value.substr(0, eq);
        const auto cookie_value = value.substr(eq + 1, semi - eq - 1);
        if (value.find("Max-Age=0") != std::string::npos) {
          jar_.erase(cookie_name);
        } else {
          jar_[cookie_name] = cookie_value;
        }
      }
    }
    return response;
  }

  std::vector<std::string> set_cookies(const http::Response& r) const {
    std::vector<std::string> out;
    for (const auto& [name, value] : r.headers) {
      if (name == "Set-Cookie") {
        out.push_back(value);
      }
    }
    return out;
  }

  tenancy::TenantRegistry registry_;
  http::Router router_;
  http::WorkerPool pool_{1, 4};
  std::unique_ptr<http::Dispatcher> dispatcher_;
  std::map<std::string, std::string> jar_;
  bool with_token_ = true;
};

TEST_P(IdentityHttpTest, StateChangingRequestsNeedTheCsrfTokenAndOurOrigin) {
  const std::string body = R"({"mobile":"13800138000","password":"Quiet-River-2024"})";
  auto r = send(http::Method::post, "/api/v1/t/med/auth/sign-in", body);
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("csrf_failed"), std::string::npos);

  EXPECT_EQ(send(http::Method::get, "/api/v1/auth/csrf").status, 204);
  ASSERT_EQ(jar_.count("gh_csrf"), 1U);
  with_token_ = false;
  EXPECT_EQ(send(http::Method::post, "/api/v1/t/med/auth/sign-in", body).status, 403);
  with_token_ = true;
  r = send(http::Method::post, "/api/v1/t/med/auth/sign-in", body,
           {{"origin", "https://evil.example.test"}});
  EXPECT_EQ(r.status, 403);
  r = send(http::Method::post, "/api/v1/t/med/auth/sign-in", body,
           {{"origin", "https://members.example.test"}});
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body.find("invalid_credentials"), std::string::npos);
}

TEST_P(IdentityHttpTest, RegisterSignsInWithSecureCookiesAndMeShowsTheMaskedMobile) {
  send(http::Method::get, "/api/v1/auth/csrf");
  EXPECT_EQ(send(http::Method::get, "/api/v1/auth/me").status, 401);
  auto r = send(http::Method::post, "/api/v1/t/med-tj/auth/sms-codes",
                R"({"mobile":"138-0013-8000","purpose":"register"})");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_NE(r.body.find("\"cooldownSeconds\":60"), std::string::npos);
  r = send(http::Method::post, "/api/v1/t/med-tj/auth/sms-codes",
           R"({"mobile":"13800138000","purpose":"register"})");
  EXPECT_EQ(r.status, 429);
  EXPECT_TRUE(r.header("Retry-After"));

  r = send(http::Method::post, "/api/v1/t/med-tj/auth/register",
           R"({"mobile":"13800138000","code":")" + last_code("13800138000") +
               R"(","password":"Quiet-River-2024","nickname":"x"})");
  EXPECT_EQ(r.status, 422);  // unknown fields are refused
  r = send(http::Method::post, "/api/v1/t/med-tj/auth/register",
           R"({"mobile":"13800138000","code":")" + last_code("13800138000") +
               R"(","password":"Quiet-River-2024"})");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto cookies = set_cookies(r);
  ASSERT_EQ(cookies.size(), 2U);
  EXPECT_NE(cookies[0].find("gh_session="), std::string::npos);
  EXPECT_NE(cookies[0].find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookies[0].find("SameSite=Lax"), std::string::npos);
  EXPECT_NE(cookies[0].find("Secure"), std::string::npos);
  EXPECT_EQ(cookies[1].find("HttpOnly"), std::string::npos);  // gh_csrf is read by the app

  r = send(http::Method::get, "/api/v1/auth/me");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("138****8000"), std::string::npos);
  EXPECT_EQ(r.body.find("13800138000"), std::string::npos);
  EXPECT_NE(r.body.find("\"slug\":\"med-tj\""), std::string::npos);
  EXPECT_EQ(r.body.find("\"slug\":\"med-lung\""), std::string::npos);

  // A member calling an admin endpoint.
  r = send(http::Method::get, "/api/v1/t/med-tj/admin/accounts");
  EXPECT_EQ(r.status, 403);

  r = send(http::Method::post, "/api/v1/auth/sign-out");
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(jar_.count("gh_session"), 0U);
  EXPECT_EQ(send(http::Method::get, "/api/v1/auth/me").status, 401);
}

INSTANTIATE_TEST_SUITE_P(Backends, IdentityHttpTest, ::testing::Values("sqlite", "mysql"),
                         backend_name);

}  // namespace
}  // namespace guildhall::identity::testing
