// A tenant whose plugin cannot be loaded answers 503; every other tenant keeps working.
#include <nlohmann/json.hpp>

#include "server_suite.hpp"

namespace guildhall::testing {
namespace {

TEST(PluginFailure, TenantWithBrokenPluginIs503AndOthersWork) {
  const auto foreign = foreign_shared_library();
  ASSERT_FALSE(foreign.empty()) << "no libsqlite3.so.0 found";
  ServerEnvironment environment(Backend::sqlite);
  const auto plugins = environment.dir().path() / "broken-plugins";
  std::filesystem::create_directories(plugins);
  std::filesystem::copy_file(foreign, plugins / "medical.so");
  std::filesystem::copy_file(kPluginDir / "provincial.so", plugins / "provincial.so");

  ServerSettings settings;
  settings.plugin_dirs = {plugins};
  const auto server = environment.start_server(settings);
  HttpClient client("127.0.0.1", server->port());

  for (const char* slug : {"med", "med-lung"}) {
    const auto r = client.request("GET", std::string("/api/v1/t/") + slug + "/tenant");
    ASSERT_TRUE(is_problem(r, 503)) << slug;
    EXPECT_EQ(nlohmann::json::parse(r.body).at("code"), "tenant_unavailable") << slug;
    EXPECT_FALSE(r.header_or_empty("Retry-After").empty()) << slug;
    // The reason is for the operator's log, not for the client.
    EXPECT_EQ(r.body.find("medical.so"), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find(plugins.string()), std::string::npos) << r.body;
  }
  for (const char* slug : {"pcb", "med-tj", "sci"}) {
    const auto r = client.request("GET", std::string("/api/v1/t/") + slug + "/tenant");
    EXPECT_EQ(r.status, 200) << slug << ": " << r.body;
  }
  EXPECT_EQ(client.request("GET", "/readyz").status, 200);
  // The operator learns which file failed and why.
  EXPECT_NE(server->output().find("medical"), std::string::npos) << server->output();
}

}  // namespace
}  // namespace guildhall::testing
