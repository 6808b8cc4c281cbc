// /healthz, /readyz and /metrics of the real server.
#include <nlohmann/json.hpp>

#include "server_suite.hpp"

namespace guildhall::testing {
namespace {

nlohmann::json json_of(const HttpResponse& r) {
  return nlohmann::json::parse(r.body);
}

TEST_P(HttpHealth, HealthzAnswersJson) {
  auto& server = start_server();
  HttpClient client("127.0.0.1", server.port());
  const auto r = client.request("GET", "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header_or_empty("Content-Type").rfind("application/json", 0), 0u);
  EXPECT_EQ(json_of(r).at("status"), "ok");
  EXPECT_FALSE(r.header_or_empty("X-Request-Id").empty());
  EXPECT_EQ(r.header_or_empty("X-Content-Type-Options"), "nosniff");
  EXPECT_FALSE(r.header_or_empty("Content-Security-Policy").empty());
}

TEST_P(HttpHealth, ReadyzReportsTheDatabase) {
  auto& server = start_server();
  HttpClient client("127.0.0.1", server.port());
  const auto r = client.request("GET", "/readyz");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = json_of(r);
  EXPECT_EQ(body.at("database"), "ok");
  EXPECT_EQ(body.at("status"), "ready");
  EXPECT_TRUE(reveals_nothing_internal(r.body));
}

TEST_P(HttpHealth, MetricsCountRequestsAndShowLatencyAndPools) {
  auto& server = start_server();
  HttpClient client("127.0.0.1", server.port());
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(client.request("GET", "/api/v1/t/med/tenant").status, 200);
    ASSERT_EQ(client.request("GET", "/readyz").status, 200);
  }
  ASSERT_EQ(client.request("GET", "/api/v1/no-such-route").status, 404);

  const auto r = client.request("GET", "/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header_or_empty("Content-Type").rfind("text/plain", 0), 0u);
  const std::string& m = r.body;
  EXPECT_NE(m.find("# TYPE guildhall_http_requests_total counter"), std::string::npos) << m;
  EXPECT_NE(m.find("guildhall_http_requests_total{route=\"/api/v1/t/{slug}/tenant\",method=\"GET\","
                   "status=\"200\"} 3"),
            std::string::npos)
      << m;
  EXPECT_NE(
      m.find("guildhall_http_requests_total{route=\"/readyz\",method=\"GET\",status=\"200\"} 3"),
      std::string::npos)
      << m;
  EXPECT_NE(m.find("status=\"404\"} 1"), std::string::npos) << m;
  EXPECT_NE(m.find("# TYPE guildhall_http_request_duration_seconds histogram"), std::string::npos)
      << m;
  EXPECT_NE(
      m.find("guildhall_http_request_duration_seconds_bucket{route=\"/readyz\",le=\"+Inf\"} 3"),
      std::string::npos)
      << m;
  EXPECT_NE(m.find("guildhall_http_request_duration_seconds_count"), std::string::npos) << m;
  for (const char* gauge : {"guildhall_db_pool_size ", "guildhall_db_pool_in_use ",
                            "guildhall_worker_threads ", "guildhall_worker_queued "}) {
    EXPECT_NE(m.find(gauge), std::string::npos) << gauge << " missing in\n" << m;
  }
  // The pool size is a real number: at least the connection /readyz used.
  const auto at = m.find("\nguildhall_db_pool_size ");
  ASSERT_NE(at, std::string::npos);
  EXPECT_GE(std::stod(m.substr(at + 24)), 1.0) << m;
}

}  // namespace
}  // namespace guildhall::testing
