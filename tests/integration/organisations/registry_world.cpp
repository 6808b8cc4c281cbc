#include "registry_world.hpp"

#include <strings.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "scratch_mysql_database.hpp"
#include "support/command.hpp"

namespace guildhall::testing {

namespace {

using nlohmann::json;

const std::filesystem::path kGuildhallBin = GUILDHALL_BIN;
const std::filesystem::path kSourceDir = GUILDHALL_SOURCE_DIR;
const std::filesystem::path kPluginDir = GUILDHALL_PLUGIN_DIR;
const std::string kPassword = "Registry-test-password-1";

std::string quoted(const std::string& text) {
  return json(text).dump();
}

void require_success(const CommandResult& r, const std::string& what) {
  if (r.exit_code != 0) {
    throw std::runtime_error(what + " failed (" + std::to_string(r.exit_code) + "):\n" + r.out +
                             r.err);
  }
}

void require_status(const HttpResponse& r, int status, const std::string& what) {
  if (r.status != status) {
    throw std::runtime_error(what + " answered " + std::to_string(r.status) + ": " + r.body);
  }
}

}  // namespace

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::sqlite ? "sqlite" : "mariadb";
}

void PrintTo(Backend backend, std::ostream* out) {
  *out << (backend == Backend::sqlite ? "sqlite" : "mariadb");
}

std::optional<std::string> test_mysql_url() {
  const char* value = std::getenv("GUILDHALL_TEST_MYSQL_URL");
  if (value == nullptr || *value == '\0') {
    return std::nullopt;
  }
  return std::string(value);
}

ApiSession::ApiSession(std::uint16_t port, std::string locale)
    : client_("127.0.0.1", port), locale_(std::move(locale)) {}

void ApiSession::remember(const HttpResponse& response) {
  for (const auto& [name, value] : response.headers) {
    if (name.size() != 10 || strncasecmp(name.c_str(), "set-cookie", 10) != 0) {
      continue;
    }
    const auto eq = value.find('=');
    const auto end = value.find(';');
    const std::string cookie = value.substr(0, eq);
    if (value.find("Max-Age=0") != std::string::npos) {
      cookies_.erase(cookie);
    } else {
      cookies_[cookie] = value.substr(eq + 1, end - eq - 1);
    }
  }
}

HttpResponse ApiSession::exchange(const std::string& method, const std::string& target,
                                  const std::string& body, const std::string& content_type) {
  std::vector<std::pair<std::string, std::string>> headers{{"Accept-Language", locale_}};
  std::string cookie_header;
  for (const auto& [name, value] : cookies_) {
    cookie_header += (cookie_header.empty() ? "" : "; ") + name + "=" + value;
  }
  if (!cookie_header.empty()) {
    headers.emplace_back("Cookie", cookie_header);
  }
  if (method != "GET") {
    headers.emplace_back("Content-Type", content_type);
    if (const auto it = cookies_.find("gh_csrf"); it != cookies_.end()) {
      headers.emplace_back("X-CSRF-Token", it->second);
    }
  }
  auto response = client_.request(method, target, headers, body);
  remember(response);
  return response;
}

std::unique_ptr<ApiSession> ApiSession::clone(std::uint16_t port) const {
  auto copy = std::make_unique<ApiSession>(port, locale_);
  copy->cookies_ = cookies_;
  return copy;
}

HttpResponse ApiSession::get(const std::string& target) {
  return exchange("GET", target, {});
}

HttpResponse ApiSession::send(const std::string& method, const std::string& target,
                              const json& body) {
  if (!cookies_.contains("gh_csrf")) {
    exchange("GET", "/api/v1/auth/csrf", {});
  }
  return exchange(method, target, body.dump());
}

HttpResponse ApiSession::upload(const std::string& target, const std::string& bytes,
                                const std::string& content_type) {
  if (!cookies_.contains("gh_csrf")) {
    exchange("GET", "/api/v1/auth/csrf", {});
  }
  return exchange("POST", target, bytes, content_type);
}

json json_of(const HttpResponse& response) {
  auto body = json::parse(response.body, nullptr, false);
  EXPECT_FALSE(body.is_discarded()) << "not JSON: " << response.body;
  return body.is_discarded() ? json() : body;
}

::testing::AssertionResult has_field_error(const HttpResponse& response, const std::string& field,
                                           const std::string& code) {
  if (response.status != 422) {
    return ::testing::AssertionFailure()
           << "status " << response.status << " instead of 422: " << response.body;
  }
  const auto body = json::parse(response.body, nullptr, false);
  if (body.is_discarded() || !body.contains("errors")) {
    return ::testing::AssertionFailure() << "no errors in " << response.body;
  }
  for (const auto& e : body["errors"]) {
    if (e.value("field", "") == field && e.value("code", "") == code) {
      if (e.value("message", "").empty()) {
        return ::testing::AssertionFailure() << "the error has no message: " << response.body;
      }
      return ::testing::AssertionSuccess();
    }
  }
  return ::testing::AssertionFailure()
         << "no error {" << field << ", " << code << "} in " << response.body;
}

RegistryWorld::RegistryWorld(Backend backend, std::filesystem::path tenants)
    : dir_("guildhall-orgs") {
  if (tenants.empty()) {
    tenants = kSourceDir / "tenants";
  }
  std::set<std::string> roots;
  for (const auto& entry : std::filesystem::directory_iterator(tenants)) {
    std::ifstream in(entry.path() / "tenant.yaml");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!text.empty() && text.find("\nparent:") == std::string::npos) {
      roots.insert(entry.path().filename().string());
    }
  }
  first_root_ = roots.empty() ? "" : *roots.begin();
  if (backend == Backend::mysql) {
    scratch_ = std::make_unique<ScratchMysqlDatabase>(test_mysql_url().value());
    database_url_ = scratch_->url();
  } else {
    database_url_ = "sqlite://" + (dir_.path() / "data" / "guildhall.db").string();
  }
  std::ostringstream yaml;
  yaml << "listen: 127.0.0.1:0\n"
       << "database: " << quoted(database_url_) << '\n'
       << "data_dir: " << quoted((dir_.path() / "data").string()) << '\n'
       << "web_root: " << quoted((dir_.path() / "no-web-app").string()) << '\n'
       << "templates_dir: " << quoted((kSourceDir / "templates").string()) << '\n'
       << "plugin_dirs: [" << quoted(kPluginDir.string()) << "]\n"
       << "access_log: false\n"
       << "http:\n"
       << "  io_threads: 2\n"
       << "  workers: 4\n"
       << "  max_request_bytes: 2097152\n"
       << "sms: {provider: dev}\n";
  config_ = dir_.write("guildhall.yaml", yaml.str());
  const auto config = config_.string();
  const auto run = [&](const std::vector<std::string>& args) {
    return run_command(kGuildhallBin, args, std::chrono::seconds(60), dir_.path());
  };
  require_success(run({"migrate", "--config", config}), "guildhall migrate");
  require_success(run({"tenant", "load", "--config", config, tenants.string()}),
                  "guildhall tenant load");
  server_ = std::make_unique<ServerProcess>(
      kGuildhallBin, std::vector<std::string>{"serve", "--config", config}, dir_.path());
}

CommandResult RegistryWorld::cli(std::vector<std::string> args) const {
  args.insert(args.begin() + 2, {"--config", config_.string()});
  return run_command(kGuildhallBin, args, std::chrono::seconds(60), dir_.path());
}

std::uint16_t RegistryWorld::start_second_server() {
  const auto logs = dir_.path() / "second";
  std::filesystem::create_directories(logs);
  second_server_ = std::make_unique<ServerProcess>(
      kGuildhallBin, std::vector<std::string>{"serve", "--config", config_.string()}, logs);
  return second_server_->port();
}

RegistryWorld::~RegistryWorld() {
  platform_admin_.reset();
  second_server_.reset();
  server_.reset();
  scratch_.reset();
}

ApiSession& RegistryWorld::platform_admin() {
  if (platform_admin_) {
    return *platform_admin_;
  }
  static const std::regex kPrinted("login with mobile (\\d+) and the one-time password (\\S+)");
  std::smatch found;
  const std::string output = server_->output();
  if (!std::regex_search(output, found, kPrinted)) {
    throw std::runtime_error("the server printed no first platform admin:\n" + output);
  }
  const std::string mobile = found[1];
  const std::string one_time = found[2];
  auto session = std::make_unique<ApiSession>(port());
  // The first admin belongs to the realm of the first root tenant by slug.
  require_status(session->send("POST", "/api/v1/t/" + first_root_ + "/auth/sign-in",
                               {{"mobile", mobile}, {"password", one_time}}),
                 200, "the first admin's sign-in");
  require_status(session->send("POST", "/api/v1/auth/password",
                               {{"currentPassword", one_time}, {"newPassword", kPassword}}),
                 204, "the first admin's password change");
  platform_admin_ = std::move(session);
  return *platform_admin_;
}

std::unique_ptr<ApiSession> RegistryWorld::register_member(const std::string& slug,
                                                           const std::string& mobile) {
  auto session = std::make_unique<ApiSession>(port());
  const std::string base = "/api/v1/t/" + slug;
  require_status(session->send("POST", base + "/auth/sms-codes",
                               {{"mobile", mobile}, {"purpose", "register"}}),
                 202, "the SMS code request");
  require_status(
      session->send("POST", base + "/auth/register",
                    {{"mobile", mobile}, {"code", sms_code(mobile)}, {"password", kPassword}}),
      201, "the registration");
  return session;
}

std::string RegistryWorld::sms_code(const std::string& mobile) {
  // The delivery worker sends the code in its own time; the dev provider records it.
  ApiSession session(port());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    const auto items = json_of(session.get("/api/v1/dev/sms?mobile=" + mobile))["items"];
    if (items.is_array() && !items.empty() && items[0]["code"].is_string()) {
      return items[0]["code"];
    }
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("no SMS code arrived for " + mobile);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::unique_ptr<ApiSession> RegistryWorld::sign_in(const std::string& slug,
                                                   const std::string& mobile) {
  auto session = std::make_unique<ApiSession>(port());
  require_status(session->send("POST", "/api/v1/t/" + slug + "/auth/sign-in",
                               {{"mobile", mobile}, {"password", kPassword}}),
                 200, "the sign-in");
  return session;
}

std::unique_ptr<ApiSession> RegistryWorld::appoint_admin(const std::string& slug,
                                                         const std::string& mobile) {
  auto session = register_member(slug, mobile);
  require_status(platform_admin().send("POST", "/api/v1/platform/tenants/" + slug + "/admins",
                                       {{"mobile", mobile}}),
                 201, "the appointment of a tenant admin");
  return session;
}

void OrganisationRegistry::SetUp() {
  if (GetParam() == Backend::mysql && !test_mysql_url()) {
    GTEST_SKIP() << "GUILDHALL_TEST_MYSQL_URL is not set; scripts/test starts MariaDB and sets it";
  }
  world_ = std::make_unique<RegistryWorld>(GetParam());
}

}  // namespace guildhall::testing
