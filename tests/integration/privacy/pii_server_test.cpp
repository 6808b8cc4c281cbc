// The real `guildhall serve`: the data-protection key file is created on the first start (mode
// 0600, under data_dir, outside the database) and reused afterwards; keys from the environment
// replace it; rows left in clear by the previous release are converted before the server
// answers, so their owners still sign in. SQLite and MariaDB.
#include <gtest/gtest.h>
#include <soci/soci.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "db/database.hpp"
#include "modules/identity/password_hasher.hpp"
#include "server_suite.hpp"

namespace guildhall::testing {
namespace {

constexpr const char* kMobile = "13855556666";
constexpr const char* kEmail = "Legacy.User@Example.test";
constexpr const char* kPassword = "Legacy-Password-1";
// 32 bytes each, standard base64, as an operator would paste them.
constexpr const char* kEncryptionKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
constexpr const char* kIndexKey = "ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoM=";

class PiiServer : public ServerTest {
 protected:
  void TearDown() override {
    ::unsetenv("GUILDHALL_PII_ENCRYPTION_KEYS");
    ::unsetenv("GUILDHALL_PII_INDEX_KEYS");
  }

  std::shared_ptr<db::Database> open_database() {
    return db::Database::open(db::DatabaseUrl::parse(environment().database_url()));
  }

  // An account row exactly as the release before migration 0004 wrote it.
  void insert_plain_account(const std::string& id) {
    identity::PasswordHasher hasher(identity::HashParams{}, 1, std::chrono::seconds(10));
    const std::string hash = hasher.hash(kPassword);
    const std::string mobile = kMobile;
    const std::string email = kEmail;
    const std::string email_normalised = "legacy.user@example.test";
    open_database()->transaction([&](soci::session& tx) {
      tx << "INSERT INTO accounts (id, realm_slug, mobile, email, email_normalised, "
            "password_hash, status, must_change_password, created_at, updated_at) VALUES (:id, "
            "'med', :m, :e, :en, :h, 'active', 0, 1, 1)",
          soci::use(id), soci::use(mobile), soci::use(email), soci::use(email_normalised),
          soci::use(hash);
      tx << "INSERT INTO account_roles (account_id, tenant_slug, role, granted_at) VALUES (:id, "
            "'med-tj', 'member', 1)",
          soci::use(id);
    });
  }

  long long plain_rows() {
    long long n = 0;
    open_database()->run([&](soci::session& sql) {
      sql << "SELECT COUNT(*) FROM accounts WHERE mobile IS NOT NULL OR email IS NOT NULL OR "
             "email_normalised IS NOT NULL",
          soci::into(n);
    });
    return n;
  }

  // Signs in over HTTP with the CSRF cookie and header the web app sends.
  HttpResponse sign_in(std::uint16_t port) {
    HttpClient client("127.0.0.1", port);
    const auto csrf = client.request("GET", "/api/v1/auth/csrf");
    const auto cookie = csrf.header_or_empty("Set-Cookie");
    const auto token = cookie.substr(cookie.find('=') + 1, cookie.find(';') - cookie.find('=') - 1);
    return client.request("POST", "/api/v1/t/med-tj/auth/sign-in",
                          {{"Cookie", "gh_csrf=" + token},
                           {"X-CSRF-Token", token},
                           {"Content-Type", "application/json"}},
                          nlohmann::json{{"mobile", kMobile}, {"password", kPassword}}.dump());
  }

  std::filesystem::path key_file() {
    return environment().dir().path() / "data" / "keys" / "pii.keys";
  }
};

std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_P(PiiServer, CreatesTheKeyFileOnceAndConvertsPlainRowsBeforeServing) {
  insert_plain_account("01LEGACY000000000000000001");
  ASSERT_EQ(plain_rows(), 1);
  ASSERT_FALSE(std::filesystem::exists(key_file()));

  auto& server = start_server();
  ASSERT_TRUE(std::filesystem::exists(key_file())) << server.output();
  struct stat info {};
  ASSERT_EQ(::stat(key_file().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600U);
  const auto keys = file_text(key_file());
  EXPECT_NE(keys.find("encryption 1 "), std::string::npos);
  EXPECT_EQ(plain_rows(), 0);

  auto r = sign_in(server.port());
  ASSERT_EQ(r.status, 200) << r.body << server.output();
  EXPECT_NE(r.body.find("138****6666"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("L***@Example.test"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find(kMobile), std::string::npos);
  EXPECT_EQ(r.body.find(kEmail), std::string::npos);

  // A restart reads the same keys: the data written with them still decrypts.
  server.send_signal(SIGTERM);
  ASSERT_EQ(server.wait_exit(std::chrono::seconds(20)), 0) << server.output();
  // Its own log folder: the ready line of the first server must not be read as this one's.
  const auto log_dir = environment().dir().path() / "restart";
  std::filesystem::create_directories(log_dir);
  ServerProcess again(kGuildhallBin,
                      {"serve", "--config", environment().write_config({}).string(), "--db",
                       environment().database_url(), "--listen", "127.0.0.1:0"},
                      log_dir);
  EXPECT_EQ(file_text(key_file()), keys);
  r = sign_in(again.port());
  EXPECT_EQ(r.status, 200) << r.body << again.output();
}

TEST_P(PiiServer, KeysFromTheEnvironmentReplaceTheKeyFileAndBothAreRequired) {
  insert_plain_account("01LEGACY000000000000000002");
  ::setenv("GUILDHALL_PII_ENCRYPTION_KEYS", kEncryptionKey, 1);
  ::setenv("GUILDHALL_PII_INDEX_KEYS", kIndexKey, 1);
  {
    auto& server = start_server();
    EXPECT_FALSE(std::filesystem::exists(key_file()));
    EXPECT_EQ(plain_rows(), 0);
    const auto r = sign_in(server.port());
    EXPECT_EQ(r.status, 200) << r.body << server.output();
    server.send_signal(SIGTERM);
    ASSERT_EQ(server.wait_exit(std::chrono::seconds(20)), 0) << server.output();
  }

  ::unsetenv("GUILDHALL_PII_INDEX_KEYS");
  const auto config = environment().write_config({}, "one-key.yaml");
  const auto refused =
      environment().guildhall({"serve", "--config", config.string(), "--db",
                               environment().database_url(), "--listen", "127.0.0.1:0"});
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("GUILDHALL_PII_INDEX_KEYS"), std::string::npos) << refused.err;
  EXPECT_FALSE(std::filesystem::exists(key_file()));
}

INSTANTIATE_TEST_SUITE_P(Sqlite, PiiServer, ::testing::Values(Backend::sqlite), backend_name);
INSTANTIATE_TEST_SUITE_P(Mysql, PiiServer, ::testing::Values(Backend::mysql), backend_name);

}  // namespace
}  // namespace guildhall::testing
