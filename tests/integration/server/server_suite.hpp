// What the server integration tests share: a prepared environment (a temp folder, a migrated
// database with the demo tenants loaded, a server config file) on SQLite or on a scratch
// MariaDB database, and gtest fixtures parameterised by that backend.
//
// The fixtures declared here are instantiated twice: by sqlite_suites.cpp in server_tests and
// by mysql_suites.cpp in server_mysql_tests (skipped when GUILDHALL_TEST_MYSQL_URL is unset).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/command.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace guildhall::testing {

class ScratchMysqlDatabase;

enum class Backend { sqlite, mysql };

std::string to_string(Backend backend);
void PrintTo(Backend backend, std::ostream* out);
std::string backend_name(const ::testing::TestParamInfo<Backend>& info);

inline const std::filesystem::path kGuildhallBin = GUILDHALL_BIN;
inline const std::filesystem::path kSourceDir = GUILDHALL_SOURCE_DIR;
inline const std::filesystem::path kPluginDir = GUILDHALL_PLUGIN_DIR;

// The server settings a test may change; everything else is fixed by the environment.
struct ServerSettings {
  std::size_t max_request_bytes = 64 * 1024;
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{10'000};
  std::chrono::milliseconds shutdown_grace{5'000};
  std::size_t workers = 4;
  // Long by default so that only SIGHUP reloads tenants during a test.
  std::chrono::milliseconds reload_interval{60'000};
  std::vector<std::filesystem::path> plugin_dirs{kPluginDir};
};

class ServerEnvironment {
 public:
  // Creates the database (a scratch one on MariaDB), migrates it and loads tenants/.
  // Throws std::runtime_error with the command's output when a step fails.
  explicit ServerEnvironment(Backend backend);
  ~ServerEnvironment();
  ServerEnvironment(const ServerEnvironment&) = delete;
  ServerEnvironment& operator=(const ServerEnvironment&) = delete;

  Backend backend() const { return backend_; }
  const std::string& database_url() const { return database_url_; }
  const TempDir& dir() const { return dir_; }

  // Writes a config file for these settings and returns its path.
  std::filesystem::path write_config(const ServerSettings& settings,
                                     const std::string& name = "guildhall.yaml") const;

  // The config file written for the default settings (used by migrate and tenant load).
  const std::filesystem::path& default_config() const { return default_config_; }

  // `guildhall <args...>`, run in the temp folder.
  CommandResult guildhall(const std::vector<std::string>& args) const;

  // Starts `guildhall serve` on a free port and returns once it is ready.
  std::unique_ptr<ServerProcess> start_server(const ServerSettings& settings = {}) const;

 private:
  Backend backend_;
  TempDir dir_;
  std::unique_ptr<ScratchMysqlDatabase> scratch_;
  std::string database_url_;
  std::filesystem::path default_config_;
};

// The URL of the shared MariaDB server for tests, or nullopt when it is unset or empty.
std::optional<std::string> test_mysql_url();

class ServerTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;

  // Prepares the environment (once per test) and starts a server in it.
  ServerProcess& start_server(const ServerSettings& settings = {});
  ServerEnvironment& environment();

  std::unique_ptr<ServerEnvironment> environment_;
  std::unique_ptr<ServerProcess> server_;
};

// One fixture per area so that test names read "Sqlite/HttpHealth.Healthz/sqlite".
class HttpHealth : public ServerTest {};
class HttpTenants : public ServerTest {};
class HttpKeepAlive : public ServerTest {};
class HttpOpenApi : public ServerTest {};
class HttpMalformed : public ServerTest {};
class HttpShutdown : public ServerTest {};
class CliMigrate : public ServerTest {};

// A real shared library that is not a Guildhall plugin (the system's libsqlite3), or an empty
// path when none is found.
std::filesystem::path foreign_shared_library();

// The body must be problem+json for `status`, with a code, and without internal details.
::testing::AssertionResult is_problem(const HttpResponse& response, int status);
// No implementation detail (exception text, SQL, library names) appears in `body`.
::testing::AssertionResult reveals_nothing_internal(const std::string& body);

}  // namespace guildhall::testing

#define GUILDHALL_INSTANTIATE_SERVER_SUITES(prefix, backend)                                 \
  INSTANTIATE_TEST_SUITE_P(prefix, HttpHealth, ::testing::Values(backend), backend_name);    \
  INSTANTIATE_TEST_SUITE_P(prefix, HttpTenants, ::testing::Values(backend), backend_name);   \
  INSTANTIATE_TEST_SUITE_P(prefix, HttpKeepAlive, ::testing::Values(backend), backend_name); \
  INSTANTIATE_TEST_SUITE_P(prefix, HttpOpenApi, ::testing::Values(backend), backend_name);   \
  INSTANTIATE_TEST_SUITE_P(prefix, HttpMalformed, ::testing::Values(backend), backend_name); \
  INSTANTIATE_TEST_SUITE_P(prefix, HttpShutdown, ::testing::Values(backend), backend_name);  \
  INSTANTIATE_TEST_SUITE_P(prefix, CliMigrate, ::testing::Values(backend), backend_name)
