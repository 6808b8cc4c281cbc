// Slow clients: a request that stops arriving is answered 408 within the configured timeout.
#include <nlohmann/json.hpp>

#include "server_suite.hpp"

namespace guildhall::testing {
namespace {

class HttpSlowClient : public ::testing::Test {
 protected:
  ServerEnvironment environment_{Backend::sqlite};
};

ServerSettings short_timeouts() {
  ServerSettings s;
  s.header_timeout = std::chrono::milliseconds(500);
  s.body_timeout = std::chrono::milliseconds(500);
  return s;
}

TEST_F(HttpSlowClient, HalfARequestLineGets408WithinTheHeaderTimeout) {
  const auto server = environment_.start_server(short_timeouts());
  HttpClient client("127.0.0.1", server->port(), std::chrono::seconds(5));
  ASSERT_TRUE(client.connect());
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(client.send_raw("GET /heal"));
  const auto r = client.read_response();
  const auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(r.outcome, ReadOutcome::complete)
      << to_string(r.outcome) << " after "
      << std::chrono::duration_cast<std::chrono::milliseconds>(waited).count() << " ms";
  EXPECT_TRUE(is_problem(r.response, 408));
  EXPECT_GE(waited, std::chrono::milliseconds(400));
  EXPECT_LT(waited, std::chrono::milliseconds(2500));
  EXPECT_TRUE(client.wait_closed());
}

TEST_F(HttpSlowClient, HeadersWithoutTheirEndGet408) {
  const auto server = environment_.start_server(short_timeouts());
  HttpClient client("127.0.0.1", server->port(), std::chrono::seconds(5));
  ASSERT_TRUE(client.connect());
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(client.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n"));
  const auto r = client.read_response();
  const auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(r.outcome, ReadOutcome::complete) << to_string(r.outcome);
  EXPECT_TRUE(is_problem(r.response, 408));
  EXPECT_LT(waited, std::chrono::milliseconds(2500));
}

TEST_F(HttpSlowClient, BodyThatStopsArrivingGets408WithinTheBodyTimeout) {
  const auto server = environment_.start_server(short_timeouts());
  HttpClient client("127.0.0.1", server->port(), std::chrono::seconds(5));
  ASSERT_TRUE(client.connect());
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(client.send_raw(
      "PUT /api/v1/t/med/tenant HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\":"));
  const auto r = client.read_response();
  const auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(r.outcome, ReadOutcome::complete) << to_string(r.outcome);
  EXPECT_TRUE(is_problem(r.response, 408));
  EXPECT_LT(waited, std::chrono::milliseconds(2500));
}

// A keep-alive connection that already carried a request is held to the same header timeout;
// otherwise a slow client could hold it for the whole keep-alive timeout.
TEST_F(HttpSlowClient, HalfARequestOnAReusedConnectionGets408) {
  const auto server = environment_.start_server(short_timeouts());
  HttpClient client("127.0.0.1", server->port(), std::chrono::seconds(3));
  EXPECT_EQ(client.request("GET", "/healthz").status, 200);
  ASSERT_TRUE(client.connected());
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(client.send_raw("GET /heal"));
  const auto r = client.read_response();
  const auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(r.outcome, ReadOutcome::complete)
      << to_string(r.outcome) << " after "
      << std::chrono::duration_cast<std::chrono::milliseconds>(waited).count() << " ms";
  EXPECT_TRUE(is_problem(r.response, 408));
  EXPECT_LT(waited, std::chrono::milliseconds(2500));
}

TEST_F(HttpSlowClient, SlowClientDoesNotStallOthers) {
  const auto server = environment_.start_server(short_timeouts());
  std::vector<std::unique_ptr<HttpClient>> stalled;
  for (int i = 0; i < 20; ++i) {
    stalled.push_back(std::make_unique<HttpClient>("127.0.0.1", server->port()));
    ASSERT_TRUE(stalled.back()->connect());
    ASSERT_TRUE(stalled.back()->send_raw("GET /api/v1/t/med/ten"));
  }
  HttpClient client("127.0.0.1", server->port(), std::chrono::milliseconds(400));
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(client.request("GET", "/api/v1/t/med/tenant").status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(300));
}

}  // namespace
}  // namespace guildhall::testing
