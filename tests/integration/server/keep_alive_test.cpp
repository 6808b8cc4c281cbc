// Connection handling: HTTP/1.1 keeps the connection, HTTP/1.0 closes it unless asked.
#include "server_suite.hpp"

namespace guildhall::testing {
namespace {

constexpr std::string_view kHttp11 = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

TEST_P(HttpKeepAlive, Http11WithoutConnectionHeaderKeepsTheConnection) {
  auto& server = start_server();
  HttpClient client("127.0.0.1", server.port());
  ASSERT_TRUE(client.connect());
  ASSERT_TRUE(client.send_raw(kHttp11));
  const auto first = client.read_response();
  ASSERT_EQ(first.outcome, ReadOutcome::complete) << to_string(first.outcome);
  EXPECT_EQ(first.response.status, 200);
  EXPECT_EQ(first.response.version, "HTTP/1.1");
  EXPECT_EQ(first.response.header_or_empty("Connection"), "keep-alive");

  // The same socket serves the next requests, including one that goes to the worker pool.
  for (std::string_view target : {"/api/v1/t/med/tenant", "/readyz", "/healthz"}) {
    ASSERT_TRUE(client.send_raw(HttpClient::format_request("GET", target)));
    const auto next = client.read_response();
    ASSERT_EQ(next.outcome, ReadOutcome::complete) << target << ": " << to_string(next.outcome);
    EXPECT_EQ(next.response.status, 200) << target;
    EXPECT_EQ(next.response.header_or_empty("Connection"), "keep-alive") << target;
  }
}

TEST_P(HttpKeepAlive, ErrorResponsesKeepTheConnectionToo) {
  auto& server = start_server();
  HttpClient client("127.0.0.1", server.port());
  ASSERT_TRUE(client.connect());
  ASSERT_TRUE(client.send_raw(HttpClient::format_request("GET", "/api/v1/t/nobody/tenant")));
  const auto missing = client.read_response();
  ASSERT_EQ(missing.outcome, ReadOutcome::complete);
  EXPECT_TRUE(is_problem(missing.response, 404));
  ASSERT_TRUE(client.send_raw(kHttp11));
  const auto next = client.read_response();
  ASSERT_EQ(next.outcome, ReadOutcome::complete) << to_string(next.outcome);
  EXPECT_EQ(next.response.status, 200);
}

TEST_P(HttpKeepAlive, Http10WithoutKeepAliveIsClosed) {
  auto& server = start_server();
  HttpClient client("127.0.0.1", server.port());
  ASSERT_TRUE(client.connect());
  ASSERT_TRUE(client.send_raw("GET /healthz HTTP/1.0\r\n\r\n"));
  const auto r = client.read_response();
  ASSERT_EQ(r.outcome, ReadOutcome::complete) << to_string(r.outcome);
  EXPECT_EQ(r.response.status, 200);
  EXPECT_EQ(r.response.header_or_empty("Connection"), "close");
  EXPECT_TRUE(client.wait_closed()) << "the server left an HTTP/1.0 connection open";
}

TEST_P(HttpKeepAlive, Http10WithKeepAliveKeepsTheConnection) {
  auto& server = start_server();
  HttpClient client("127.0.0.1", server.port());
  ASSERT_TRUE(client.connect());
  constexpr std::string_view kRequest = "GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
  ASSERT_TRUE(client.send_raw(kRequest));
  const auto first = client.read_response();
  ASSERT_EQ(first.outcome, ReadOutcome::complete);
  EXPECT_EQ(first.response.header_or_empty("Connection"), "keep-alive");
  ASSERT_TRUE(client.send_raw(kRequest));
  const auto second = client.read_response();
  ASSERT_EQ(second.outcome, ReadOutcome::complete) << to_string(second.outcome);
  EXPECT_EQ(second.response.status, 200);
}

TEST_P(HttpKeepAlive, ConnectionCloseIsHonoured) {
  auto& server = start_server();
  HttpClient client("127.0.0.1", server.port());
  ASSERT_TRUE(client.connect());
  ASSERT_TRUE(client.send_raw(
      HttpClient::format_request("GET", "/api/v1/t/med/tenant", {{"Connection", "close"}})));
  const auto r = client.read_response();
  ASSERT_EQ(r.outcome, ReadOutcome::complete);
  EXPECT_EQ(r.response.status, 200);
  EXPECT_EQ(r.response.header_or_empty("Connection"), "close");
  EXPECT_TRUE(client.wait_closed());
}

TEST_P(HttpKeepAlive, HeadHasTheHeadersOfGetAndNoBody) {
  auto& server = start_server();
  HttpClient client("127.0.0.1", server.port());
  const auto get = client.request("GET", "/api/v1/t/med/tenant");
  const auto head = client.request("HEAD", "/api/v1/t/med/tenant");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header_or_empty("Content-Length"), std::to_string(get.body.size()));
  // Nothing but the next response may follow on the connection.
  const auto after = client.request("GET", "/healthz");
  EXPECT_EQ(after.status, 200);
}

TEST_P(HttpKeepAlive, PipelinedRequestsAreAllAnswered) {
  auto& server = start_server();
  HttpClient client("127.0.0.1", server.port());
  ASSERT_TRUE(client.connect());
  std::string both = std::string(kHttp11) + HttpClient::format_request("GET", "/readyz");
  ASSERT_TRUE(client.send_raw(both));
  client.set_timeout(std::chrono::seconds(3));
  const auto first = client.read_response();
  ASSERT_EQ(first.outcome, ReadOutcome::complete);
  EXPECT_EQ(first.response.status, 200);
  const auto second = client.read_response();
  EXPECT_EQ(second.outcome, ReadOutcome::complete)
      << "the second of two pipelined requests got " << to_string(second.outcome);
}

}  // namespace
}  // namespace guildhall::testing
