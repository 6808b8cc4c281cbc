// GET /api/v1/t/{slug}/tenant against the demo tenants in tenants/, and the tenant errors.
#include <signal.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "server_suite.hpp"

namespace guildhall::testing {
namespace {

// The expected values come from the tenant files themselves, so editing a demo tenant does
// not break this test.
YAML::Node tenant_file(const std::string& slug) {
  return YAML::LoadFile((kSourceDir / "tenants" / slug / "tenant.yaml").string());
}

std::set<std::string> children_in_files(const std::string& parent) {
  std::set<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(kSourceDir / "tenants")) {
    const auto file = entry.path() / "tenant.yaml";
    if (!std::filesystem::exists(file)) {
      continue;
    }
    const auto yaml = YAML::LoadFile(file.string());
    if (yaml["parent"] && yaml["parent"].as<std::string>() == parent) {
      out.insert(yaml["slug"].as<std::string>());
    }
  }
  return out;
}

TEST_P(HttpTenants, RealmRootHasItsNameBrandingAndChildren) {
  auto& server = start_server();
  HttpClient client("127.0.0.1", server.port());
  const auto r = client.request("GET", "/api/v1/t/med/tenant");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header_or_empty("Content-Type").rfind("application/json", 0), 0u);
  const auto body = nlohmann::json::parse(r.body);
  const auto yaml = tenant_file("med");

  EXPECT_EQ(body.at("slug"), "med");
  EXPECT_EQ(body.at("name").at("zh-CN"), yaml["name"]["zh-CN"].as<std::string>());
  EXPECT_EQ(body.at("name").at("en"), yaml["name"]["en"].as<std::string>());
  EXPECT_EQ(body.at("branding").at("primaryColor"),
            yaml["branding"]["primary_color"].as<std::string>());
  EXPECT_EQ(body.at("branding").at("logoText"), yaml["branding"]["logo_text"].as<std::string>());
  EXPECT_EQ(body.at("memberTypes").size(), yaml["member_types"].size());

  std::set<std::string> children;
  for (const auto& child : body.at("children")) {
    children.insert(child.at("slug").get<std::string>());
  }
  const auto expected = children_in_files("med");
  EXPECT_FALSE(expected.empty());
  EXPECT_EQ(children, expected);
}

TEST_P(HttpTenants, BranchNamesItsParent) {
  auto& server = start_server();
  HttpClient client("127.0.0.1", server.port());
  const auto yaml = tenant_file("med-tj");
  const auto r = client.request("GET", "/api/v1/t/med-tj/tenant");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body.at("parent"), yaml["parent"].as<std::string>());
  EXPECT_EQ(body.at("realm"), "med");
  EXPECT_EQ(body.at("name").at("zh-CN"), yaml["name"]["zh-CN"].as<std::string>());
}

TEST_P(HttpTenants, UnknownTenantIsAProblemInTheRequestedLanguage) {
  auto& server = start_server();
  HttpClient client("127.0.0.1", server.port());
  const auto zh = client.request("GET", "/api/v1/t/no-such-tenant/tenant");
  ASSERT_TRUE(is_problem(zh, 404));
  const auto zh_body = nlohmann::json::parse(zh.body);
  EXPECT_EQ(zh_body.at("code"), "tenant_not_found");
  EXPECT_EQ(zh_body.at("instance"), "/api/v1/t/no-such-tenant/tenant");

  const auto en = client.request("GET", "/api/v1/t/no-such-tenant/tenant",
                                 {{"Accept-Language", "en-GB,en;q=0.9"}});
  ASSERT_TRUE(is_problem(en, 404));
  const auto en_body = nlohmann::json::parse(en.body);
  EXPECT_EQ(en_body.at("code"), "tenant_not_found");
  const auto detail = en_body.at("detail").get<std::string>();
  EXPECT_FALSE(detail.empty());
  // The default language is Chinese; the English text has no byte outside ASCII.
  EXPECT_NE(detail, zh_body.at("detail").get<std::string>());
  EXPECT_TRUE(std::all_of(detail.begin(), detail.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x80;
  })) << detail;
}

TEST_P(HttpTenants, PercentEncodedSlugIsDecodedOnce) {
  auto& server = start_server();
  HttpClient client("127.0.0.1", server.port());
  EXPECT_EQ(client.request("GET", "/api/v1/t/med%2Dtj/tenant").status, 200);
  EXPECT_TRUE(is_problem(client.request("GET", "/api/v1/t/med%252Dtj/tenant"), 404));
}

TEST_P(HttpTenants, SighupReloadsChangedTenants) {
  auto& server = start_server();
  HttpClient client("127.0.0.1", server.port());
  const std::string old_name = tenant_file("med-tj")["name"]["en"].as<std::string>();
  const std::string new_name = "Renamed Branch for the Reload Test";
  ASSERT_EQ(nlohmann::json::parse(client.request("GET", "/api/v1/t/med-tj/tenant").body)
                .at("name")
                .at("en"),
            old_name);

  // An edited copy of tenants/, stored the way an operator would: `guildhall tenant load`.
  const auto edited = environment().dir().path() / "tenants-edited";
  std::filesystem::copy(kSourceDir / "tenants", edited, std::filesystem::copy_options::recursive);
  const auto file = edited / "med-tj" / "tenant.yaml";
  std::string text = read_text(file);
  const auto at = text.find(old_name);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, old_name.size(), new_name);
  environment().dir().write(std::filesystem::relative(file, environment().dir().path()), text);
  const auto load = environment().guildhall({"tenant", "load", "--config",
                                             environment().default_config().string(), "--db",
                                             environment().database_url(), edited.string()});
  ASSERT_EQ(load.exit_code, 0) << load.out << load.err;

  server.send_signal(SIGHUP);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::string seen;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto r = client.request("GET", "/api/v1/t/med-tj/tenant");
    ASSERT_EQ(r.status, 200) << r.body;
    seen = nlohmann::json::parse(r.body).at("name").at("en").get<std::string>();
    if (seen == new_name) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(seen, new_name) << "SIGHUP did not reload the tenants\n" << server.output();
  EXPECT_FALSE(server.wait_exit(std::chrono::milliseconds(0)).has_value());
}

}  // namespace
}  // namespace guildhall::testing
