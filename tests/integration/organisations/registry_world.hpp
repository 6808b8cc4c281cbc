// What the organisation registry tests share: the real `guildhall serve` on a fresh database
// (a SQLite file, or a scratch database on the MariaDB server of GUILDHALL_TEST_MYSQL_URL) with
// the demo tenants and the development SMS provider, and HTTP sessions that keep their cookies
// and send the CSRF token, signed in as the accounts a test needs.
//
//   RegistryWorld world(Backend::sqlite);
//   ApiSession& root = world.platform_admin();
//   auto admin = world.appoint_admin("med", "13900000001");
//   auto r = admin->send("POST", "/api/v1/t/med/admin/organisations", {{"name", "华夏医院"}});
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "support/command.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace guildhall::testing {

class ScratchMysqlDatabase;

enum class Backend { sqlite, mysql };

std::string backend_name(const ::testing::TestParamInfo<Backend>& info);
void PrintTo(Backend backend, std::ostream* out);
std::optional<std::string> test_mysql_url();

// One client connection with a cookie jar. State-changing requests carry X-CSRF-Token.
class ApiSession {
 public:
  explicit ApiSession(std::uint16_t port, std::string locale = "zh-CN");

  // Another connection with the same cookies (the same signed-in session), e.g. for another
  // thread or another server instance at `port`.
  std::unique_ptr<ApiSession> clone(std::uint16_t port) const;

  HttpResponse get(const std::string& target);
  HttpResponse send(const std::string& method, const std::string& target,
                    const nlohmann::json& body = nlohmann::json::object());
  // POSTs raw bytes, as the browser sends a file to /uploads.
  HttpResponse upload(const std::string& target, const std::string& bytes,
                      const std::string& content_type);
  void set_locale(std::string locale) { locale_ = std::move(locale); }

 private:
  HttpResponse exchange(const std::string& method, const std::string& target,
                        const std::string& body,
                        const std::string& content_type = "application/json");
  void remember(const HttpResponse& response);

  HttpClient client_;
  std::string locale_;
  std::map<std::string, std::string> cookies_;
};

// The JSON body of a response; fails the test (and returns null) when it is not JSON.
nlohmann::json json_of(const HttpResponse& response);

// The response is a 422 problem carrying an error with this field and code.
::testing::AssertionResult has_field_error(const HttpResponse& response, const std::string& field,
                                           const std::string& code);

class RegistryWorld {
 public:
  // Loads the tenant folders under `tenants` (the demo tenants when empty).
  explicit RegistryWorld(Backend backend, std::filesystem::path tenants = {});
  ~RegistryWorld();
  RegistryWorld(const RegistryWorld&) = delete;
  RegistryWorld& operator=(const RegistryWorld&) = delete;

  std::uint16_t port() const { return server_->port(); }
  // A second `guildhall serve` on the same database and configuration; its port.
  std::uint16_t start_second_server();
  const std::string& database_url() const { return database_url_; }

  // The first platform admin, signed in, its one-time password replaced.
  ApiSession& platform_admin();
  // A new account of `slug`'s realm, registered through an SMS code and signed in.
  std::unique_ptr<ApiSession> register_member(const std::string& slug, const std::string& mobile);
  // The newest SMS code the development provider recorded for `mobile`, waiting for it to be
  // sent; throws when none arrives within seconds.
  std::string sms_code(const std::string& mobile);
  // A new session of an account register_member created (after its roles changed, say).
  std::unique_ptr<ApiSession> sign_in(const std::string& slug, const std::string& mobile);
  // A new account made tenant_admin of `slug` by the platform admin, signed in.
  std::unique_ptr<ApiSession> appoint_admin(const std::string& slug, const std::string& mobile);
  // Runs `guildhall <args> --config <this world's config>` on the same database.
  CommandResult cli(std::vector<std::string> args) const;

 private:
  TempDir dir_;
  std::filesystem::path config_;
  std::string first_root_;  // the realm of the first platform admin
  std::unique_ptr<ScratchMysqlDatabase> scratch_;
  std::string database_url_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<ServerProcess> second_server_;
  std::unique_ptr<ApiSession> platform_admin_;
};

class OrganisationRegistry : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  RegistryWorld& world() { return *world_; }

  std::unique_ptr<RegistryWorld> world_;
};

}  // namespace guildhall::testing

#define GUILDHALL_INSTANTIATE_REGISTRY_SUITE(prefix, backend) \
  INSTANTIATE_TEST_SUITE_P(prefix, OrganisationRegistry, ::testing::Values(backend), backend_name)
