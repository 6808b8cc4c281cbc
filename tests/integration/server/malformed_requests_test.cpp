// A storm of malformed requests: each one gets a sensible 4xx problem+json (never a 5xx, never
// internal text), and the server keeps serving.
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "server_suite.hpp"

namespace guildhall::testing {
namespace {

constexpr std::size_t kLimit = 16 * 1024;

ServerSettings storm_settings() {
  ServerSettings s;
  s.max_request_bytes = kLimit;
  return s;
}

struct BadRequest {
  std::string name;
  std::string bytes;
  std::set<int> allowed;  // acceptable statuses
};

std::string request_line(std::string_view line, std::string_view headers = "") {
  return std::string(line) + "\r\nHost: 127.0.0.1\r\n" + std::string(headers) + "\r\n";
}

std::string post_json(std::string_view target, std::string_view body) {
  return HttpClient::format_request("POST", target, {{"Content-Type", "application/json"}}, body);
}

std::vector<BadRequest> bad_requests() {
  std::vector<BadRequest> cases;
  const std::set<int> k400 = {400};
  const std::set<int> too_large = {413, 431};

  cases.push_back(
      {"bad JSON to a GET-only route", post_json("/api/v1/t/med/tenant", "{\"name\": "), {405}});
  cases.push_back({"JSON array soup", post_json("/healthz", "[[[[[[[[[["), {405}});
  cases.push_back(
      {"JSON with NUL", post_json("/api/v1/openapi.json", std::string("{\"a\":\0}", 7)), {405}});
  cases.push_back({"bad JSON to an unknown API route", post_json("/api/v1/members", "{,}"), {404}});

  std::string many_headers;
  for (int i = 0; many_headers.size() <= kLimit + 1024; ++i) {
    many_headers += "X-Fill-" + std::to_string(i) + ": " + std::string(100, 'x') + "\r\n";
  }
  cases.push_back({"headers larger than the limit",
                   request_line("GET /healthz HTTP/1.1", many_headers), too_large});
  cases.push_back(
      {"one header line of 64 KiB",
       request_line("GET /healthz HTTP/1.1", "X-Big: " + std::string(64 * 1024, 'a') + "\r\n"),
       too_large});
  cases.push_back({"request target longer than the limit",
                   request_line("GET /api/v1/" + std::string(kLimit + 100, 'a') + " HTTP/1.1"),
                   {413, 414, 431}});

  cases.push_back({"garbage request line", "GARBAGE\r\n\r\n", k400});
  cases.push_back(
      {"binary request line", std::string("\x16\x03\x01\x02\x00\x01\x00\r\n\r\n", 11), k400});
  cases.push_back({"method only", "GET\r\n\r\n", k400});
  cases.push_back({"no method", " /healthz HTTP/1.1\r\n\r\n", k400});
  cases.push_back({"unknown HTTP version", request_line("GET /healthz HTTP/9.9"), {400, 505}});
  cases.push_back(
      {"extra word in the request line", request_line("GET /healthz HTTP/1.1 extra"), k400});
  cases.push_back(
      {"header without a colon", request_line("GET /healthz HTTP/1.1", "NoColon\r\n"), k400});
  cases.push_back({"Content-Length not a number",
                   request_line("POST /api/v1/t/med/tenant HTTP/1.1", "Content-Length: abc\r\n"),
                   k400});
  cases.push_back(
      {"Content-Length with trailing letters",
       request_line("POST /api/v1/t/med/tenant HTTP/1.1", "Content-Length: 2x\r\n") + "{}", k400});
  cases.push_back({"negative Content-Length",
                   request_line("POST /api/v1/t/med/tenant HTTP/1.1", "Content-Length: -5\r\n"),
                   k400});

  cases.push_back({"unknown method", request_line("BREW /healthz HTTP/1.1"), {400, 405, 501}});
  cases.push_back(
      {"WebDAV method", request_line("PROPFIND /api/v1/t/med/tenant HTTP/1.1"), {400, 405, 501}});
  cases.push_back({"DELETE on a GET route", request_line("DELETE /healthz HTTP/1.1"), {405}});
  cases.push_back({"PUT on the OpenAPI route",
                   HttpClient::format_request("PUT", "/api/v1/openapi.json", {}, "x"),
                   {405}});
  cases.push_back(
      {"PATCH on a tenant", request_line("PATCH /api/v1/t/med/tenant HTTP/1.1"), {405}});

  cases.push_back({"unknown API route", request_line("GET /api/v1/nothing-here HTTP/1.1"), {404}});
  cases.push_back(
      {"unknown API version", request_line("GET /api/v2/t/med/tenant HTTP/1.1"), {404}});
  cases.push_back(
      {"unknown tenant sub-route", request_line("GET /api/v1/t/med/nothing HTTP/1.1"), {404}});

  cases.push_back({"Cookie part without =",
                   request_line("GET /healthz HTTP/1.1", "Cookie: justaword\r\n"),
                   {200, 400}});
  cases.push_back({"Cookie with an empty part",
                   request_line("GET /api/v1/t/med/tenant HTTP/1.1", "Cookie: a=1; b; c=3\r\n"),
                   {200, 400}});
  cases.push_back({"Cookie of separators",
                   request_line("GET /readyz HTTP/1.1", "Cookie: ;;=;\r\n"),
                   {200, 400}});

  cases.push_back({"bad percent-encoding in a slug",
                   request_line("GET /api/v1/t/%ZZ/tenant HTTP/1.1"),
                   {400, 404}});
  cases.push_back({"truncated percent-encoding",
                   request_line("GET /api/v1/t/med%/tenant HTTP/1.1"),
                   {400, 404}});
  cases.push_back(
      {"encoded NUL in a slug", request_line("GET /api/v1/t/med%00/tenant HTTP/1.1"), {400, 404}});
  cases.push_back(
      {"bad percent-encoding in a query", request_line("GET /healthz?x=%G1 HTTP/1.1"), {200, 400}});
  cases.push_back({"invalid UTF-8 in a path",
                   request_line("GET /api/v1/t/\xff\xfe/tenant HTTP/1.1"),
                   {400, 404}});
  cases.push_back(
      {"overlong UTF-8 in a path", request_line("GET /api/v1/\xc0\xaf HTTP/1.1"), {400, 404}});
  cases.push_back(
      {"encoded invalid UTF-8", request_line("GET /api/v1/t/%C3%28/tenant HTTP/1.1"), {400, 404}});
  cases.push_back(
      {"invalid UTF-8 in Accept-Language",
       request_line("GET /api/v1/t/nobody/tenant HTTP/1.1", "Accept-Language: \xff\xfe\r\n"),
       {404}});

  cases.push_back({"body announced larger than the limit",
                   request_line("POST /api/v1/t/med/tenant HTTP/1.1",
                                "Content-Type: application/json\r\nContent-Length: 100000000\r\n"),
                   {413}});
  cases.push_back({"body one byte over the limit",
                   request_line("PUT /healthz HTTP/1.1",
                                "Content-Length: " + std::to_string(kLimit + 1) + "\r\n"),
                   {413}});
  return cases;
}

// Sends one request on a fresh connection; returns what is wrong with the answer, or "".
std::string check_answer(std::uint16_t port, const BadRequest& c) {
  HttpClient client("127.0.0.1", port, std::chrono::milliseconds(1500));
  if (!client.connect()) {
    return "connection refused";
  }
  // The server may answer and close before a large request is fully written; the answer is
  // what counts.
  client.send_raw(c.bytes);
  const auto r = client.read_response();
  if (r.outcome != ReadOutcome::complete) {
    return std::string("no complete response: ") + to_string(r.outcome);
  }
  const auto& response = r.response;
  std::ostringstream problems;
  if (!c.allowed.contains(response.status) || response.status >= 500) {
    problems << "status " << response.status << "; ";
  }
  if (response.status >= 400) {
    if (auto ok = is_problem(response, response.status); !ok) {
      problems << ok.message() << "; ";
    }
  } else if (auto ok = reveals_nothing_internal(response.body); !ok) {
    problems << ok.message() << "; ";
  }
  return problems.str();
}

TEST_P(HttpMalformed, StormGetsProblemsAndTheServerKeepsServing) {
  auto& server = start_server(storm_settings());
  const auto cases = bad_requests();
  // A case that failed is reported once and not repeated, so that a request the server never
  // answers costs one client timeout, not one per round.
  std::map<std::string, std::string> failures;
  constexpr int kRounds = 10;
  int sent = 0;
  for (int round = 0; round < kRounds; ++round) {
    for (const auto& c : cases) {
      if (failures.contains(c.name)) {
        continue;
      }
      ++sent;
      if (auto problem = check_answer(server.port(), c); !problem.empty()) {
        failures.emplace(c.name, problem);
      }
    }
  }
  for (const auto& [name, problem] : failures) {
    ADD_FAILURE() << name << ": " << problem;
  }
  EXPECT_GE(sent, 300);
  ASSERT_FALSE(server.wait_exit(std::chrono::milliseconds(0)).has_value()) << server.output();
  HttpClient client("127.0.0.1", server.port());
  EXPECT_EQ(client.request("GET", "/healthz").status, 200);
  EXPECT_EQ(client.request("GET", "/api/v1/t/med/tenant").status, 200);
}

TEST_P(HttpMalformed, WrongMethodIs405WithAllow) {
  auto& server = start_server(storm_settings());
  HttpClient client("127.0.0.1", server.port());
  const auto r = client.request("DELETE", "/api/v1/t/med/tenant");
  ASSERT_TRUE(is_problem(r, 405));
  const std::string allow = r.header_or_empty("Allow");
  EXPECT_NE(allow.find("GET"), std::string::npos) << allow;
  EXPECT_EQ(allow.find("DELETE"), std::string::npos) << allow;
}

TEST_P(HttpMalformed, OversizedBodyIsRefusedWithoutWaitingForIt) {
  auto& server = start_server(storm_settings());
  HttpClient client("127.0.0.1", server.port(), std::chrono::seconds(2));
  ASSERT_TRUE(client.connect());
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(client.send_raw(
      "POST /api/v1/t/med/tenant HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 50000000\r\n\r\n{\"a\":"));
  const auto r = client.read_response();
  ASSERT_EQ(r.outcome, ReadOutcome::complete) << to_string(r.outcome);
  EXPECT_TRUE(is_problem(r.response, 413));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
  EXPECT_EQ(r.response.header_or_empty("Connection"), "close");
}

// A browser uploading a file that is too large keeps sending after the server has refused it;
// the refusal must still reach it, not a connection reset that destroys the answer unread.
TEST_P(HttpMalformed, AClientStillSendingARefusedBodyReadsThe413) {
  auto& server = start_server(storm_settings());
  HttpClient client("127.0.0.1", server.port(), std::chrono::seconds(5));
  ASSERT_TRUE(client.connect());
  ASSERT_TRUE(client.send_raw(
      "POST /api/v1/t/med/tenant HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 50000000\r\n\r\n"));
  // Several megabytes more than any socket buffer holds, sent after the refusal was written.
  const std::string chunk(256 * 1024, 'x');
  for (int i = 0; i < 16; ++i) {
    ASSERT_TRUE(client.send_raw(chunk)) << "reset while sending chunk " << i;
  }
  const auto r = client.read_response();
  ASSERT_EQ(r.outcome, ReadOutcome::complete) << to_string(r.outcome);
  EXPECT_TRUE(is_problem(r.response, 413));
}

TEST_P(HttpMalformed, ExpectContinueIsAnswered) {
  auto& server = start_server(storm_settings());
  HttpClient client("127.0.0.1", server.port(), std::chrono::seconds(2));
  ASSERT_TRUE(client.connect());
  ASSERT_TRUE(client.send_raw(
      "PUT /api/v1/t/med/tenant HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 2\r\nExpect: 100-continue\r\n\r\n"));
  auto r = client.read_response();
  ASSERT_EQ(r.outcome, ReadOutcome::complete)
      << "no answer to Expect: 100-continue: " << to_string(r.outcome);
  if (r.response.status == 100) {
    ASSERT_TRUE(client.send_raw("{}"));
    r = client.read_response();
    ASSERT_EQ(r.outcome, ReadOutcome::complete) << to_string(r.outcome);
  }
  EXPECT_TRUE(is_problem(r.response, 405));

  // A body over the limit is refused at once instead of being invited.
  HttpClient big("127.0.0.1", server.port(), std::chrono::seconds(2));
  ASSERT_TRUE(big.connect());
  ASSERT_TRUE(big.send_raw("POST /api/v1/t/med/tenant HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                           std::to_string(kLimit * 10) + "\r\nExpect: 100-continue\r\n\r\n"));
  const auto refused = big.read_response();
  ASSERT_EQ(refused.outcome, ReadOutcome::complete) << to_string(refused.outcome);
  EXPECT_TRUE(is_problem(refused.response, 413));
}

TEST_P(HttpMalformed, CookieWithoutEqualsSignIsNotAServerError) {
  auto& server = start_server(storm_settings());
  HttpClient client("127.0.0.1", server.port());
  const auto r = client.request("GET", "/api/v1/t/med/tenant", {{"Cookie", "session"}});
  EXPECT_LT(r.status, 500) << r.body;
  EXPECT_TRUE(reveals_nothing_internal(r.body));
  if (r.status >= 400) {
    EXPECT_TRUE(is_problem(r, r.status));
  }
}

}  // namespace
}  // namespace guildhall::testing
