#include "server_suite.hpp"

#include <dlfcn.h>
#include <link.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "scratch_mysql_database.hpp"

namespace guildhall::testing {

namespace {

// Paths and URLs written into YAML; ours never contain a double quote or a backslash.
std::string quoted(const std::string& text) {
  return "\"" + text + "\"";
}

void require_success(const CommandResult& r, const std::string& what) {
  if (r.exit_code != 0) {
    throw std::runtime_error(what + " failed with exit code " + std::to_string(r.exit_code) +
                             ":\n" + r.out + r.err);
  }
}

}  // namespace

std::string to_string(Backend backend) {
  return backend == Backend::sqlite ? "sqlite" : "mariadb";
}

void PrintTo(Backend backend, std::ostream* out) {
  *out << to_string(backend);
}

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return to_string(info.param);
}

std::optional<std::string> test_mysql_url() {
  const char* value = std::getenv("GUILDHALL_TEST_MYSQL_URL");
  if (value == nullptr || *value == '\0') {
    return std::nullopt;
  }
  return std::string(value);
}

ServerEnvironment::ServerEnvironment(Backend backend) : backend_(backend), dir_("guildhall-srv") {
  if (backend == Backend::mysql) {
    const auto url = test_mysql_url();
    if (!url) {
      throw std::runtime_error("GUILDHALL_TEST_MYSQL_URL is not set");
    }
    scratch_ = std::make_unique<ScratchMysqlDatabase>(*url);
    database_url_ = scratch_->url();
  } else {
    database_url_ = "sqlite://" + (dir_.path() / "data" / "guildhall.db").string();
  }
  default_config_ = write_config({}, "prepare.yaml");
  require_success(
      guildhall({"migrate", "--config", default_config_.string(), "--db", database_url_}),
      "guildhall migrate");
  require_success(guildhall({"tenant", "load", "--config", default_config_.string(), "--db",
                             database_url_, (kSourceDir / "tenants").string()}),
                  "guildhall tenant load");
}

ServerEnvironment::~ServerEnvironment() = default;

std::filesystem::path ServerEnvironment::write_config(const ServerSettings& s,
                                                      const std::string& name) const {
  std::ostringstream yaml;
  yaml << "listen: 127.0.0.1:0\n"
       << "database: " << quoted(database_url_) << '\n'
       << "data_dir: " << quoted((dir_.path() / "data").string()) << '\n'
       << "web_root: " << quoted((dir_.path() / "no-web-app").string()) << '\n'
       << "templates_dir: " << quoted((kSourceDir / "templates").string()) << '\n'
       << "plugin_dirs:\n";
  for (const auto& d : s.plugin_dirs) {
    yaml << "  - " << quoted(d.string()) << '\n';
  }
  yaml << "access_log: false\n"
       << "http:\n"
       << "  io_threads: 2\n"
       << "  workers: " << s.workers << '\n'
       << "  max_request_bytes: " << s.max_request_bytes << '\n'
       << "  header_timeout_ms: " << s.header_timeout.count() << '\n'
       << "  body_timeout_ms: " << s.body_timeout.count() << '\n'
       << "  shutdown_grace_ms: " << s.shutdown_grace.count() << '\n'
       << "  reload_interval_ms: " << s.reload_interval.count() << '\n';
  return dir_.write(name, yaml.str());
}

CommandResult ServerEnvironment::guildhall(const std::vector<std::string>& args) const {
  return run_command(kGuildhallBin, args, std::chrono::seconds(60), dir_.path());
}

std::unique_ptr<ServerProcess> ServerEnvironment::start_server(
    const ServerSettings& settings) const {
  const auto config = write_config(settings);
  return std::make_unique<ServerProcess>(
      kGuildhallBin,
      std::vector<std::string>{"serve", "--config", config.string(), "--db", database_url_,
                               "--listen", "127.0.0.1:0"},
      dir_.path());
}

void ServerTest::SetUp() {
  if (GetParam() == Backend::mysql && !test_mysql_url()) {
    GTEST_SKIP() << "GUILDHALL_TEST_MYSQL_URL is not set; scripts/test starts MariaDB and sets it";
  }
}

ServerEnvironment& ServerTest::environment() {
  if (!environment_) {
    environment_ = std::make_unique<ServerEnvironment>(GetParam());
  }
  return *environment_;
}

ServerProcess& ServerTest::start_server(const ServerSettings& settings) {
  server_ = environment().start_server(settings);
  return *server_;
}

// A real shared library that is not a plugin: the system's SQLite, wherever it is installed.
std::filesystem::path foreign_shared_library() {
  void* handle = ::dlopen("libsqlite3.so.0", RTLD_NOW | RTLD_LOCAL);
  if (handle != nullptr) {
    link_map* map = nullptr;
    std::filesystem::path path;
    if (::dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map != nullptr && map->l_name != nullptr) {
      path = map->l_name;
    }
    ::dlclose(handle);
    if (!path.empty() && std::filesystem::exists(path)) {
      return path;
    }
  }
  for (const char* candidate :
       {"/usr/lib/x86_64-linux-gnu/libsqlite3.so.0", "/usr/lib/aarch64-linux-gnu/libsqlite3.so.0",
        "/usr/lib64/libsqlite3.so.0", "/usr/lib/libsqlite3.so.0"}) {
    if (std::filesystem::exists(candidate)) {
      return candidate;
    }
  }
  return {};
}

::testing::AssertionResult reveals_nothing_internal(const std::string& body) {
  for (const char* word : {"what()", "std::", "soci", "SQL", "exception", "Pistache"}) {
    if (body.find(word) != std::string::npos) {
      return ::testing::AssertionFailure() << "the body contains \"" << word << "\": " << body;
    }
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult is_problem(const HttpResponse& response, int status) {
  if (response.status != status) {
    return ::testing::AssertionFailure()
           << "status " << response.status << " instead of " << status << ": " << response.body;
  }
  const std::string type = response.header_or_empty("Content-Type");
  if (type.rfind("application/problem+json", 0) != 0) {
    return ::testing::AssertionFailure() << "Content-Type is \"" << type << "\"";
  }
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return ::testing::AssertionFailure() << "the body is not a JSON object: " << response.body;
  }
  if (body.value("status", 0) != status || body.value("code", std::string()).empty() ||
      body.value("title", std::string()).empty() || !body.contains("detail")) {
    return ::testing::AssertionFailure()
           << "the problem lacks status, code, title or detail: " << response.body;
  }
  return reveals_nothing_internal(response.body);
}

}  // namespace guildhall::testing
