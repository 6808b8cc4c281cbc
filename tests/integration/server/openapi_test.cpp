// /api/v1/openapi.json describes every API route, and every described route answers.
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "server_suite.hpp"

namespace guildhall::testing {
namespace {

// The API paths the requests of this suite reach (as route patterns).
const std::set<std::string> kApiPathsUsedBySuite = {"/api/v1/openapi.json",
                                                    "/api/v1/t/{slug}/tenant"};

std::string substitute(std::string pattern) {
  static const std::regex kParam(R"(\{[^}/]+\})");
  return std::regex_replace(pattern, kParam, "med");
}

std::string upper(std::string text) {
  for (auto& c : text) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return text;
}

nlohmann::json fetch_document(HttpClient& client) {
  const auto r = client.request("GET", "/api/v1/openapi.json");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header_or_empty("Content-Type").rfind("application/json", 0), 0u);
  auto doc = nlohmann::json::parse(r.body, nullptr, false);
  EXPECT_FALSE(doc.is_discarded()) << "openapi.json is not valid JSON";
  return doc;
}

TEST_P(HttpOpenApi, DocumentIsValidOpenApi) {
  auto& server = start_server();
  HttpClient client("127.0.0.1", server.port());
  const auto doc = fetch_document(client);
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc.value("openapi", std::string()).rfind("3.", 0), 0u);
  ASSERT_TRUE(doc.contains("info"));
  EXPECT_FALSE(doc["info"].value("title", std::string()).empty());
  ASSERT_TRUE(doc.contains("paths") && doc["paths"].is_object());
  EXPECT_FALSE(doc["paths"].empty());
  std::set<std::string> operation_ids;
  for (const auto& [path, item] : doc["paths"].items()) {
    EXPECT_EQ(path.front(), '/') << path;
    for (const auto& [method, op] : item.items()) {
      EXPECT_TRUE(op.contains("responses")) << method << ' ' << path;
      const auto id = op.value("operationId", std::string());
      EXPECT_TRUE(operation_ids.insert(id).second) << "duplicate operationId " << id;
    }
  }
}

TEST_P(HttpOpenApi, EveryDocumentedOperationAnswers) {
  auto& server = start_server();
  HttpClient client("127.0.0.1", server.port());
  const auto doc = fetch_document(client);
  ASSERT_TRUE(doc.contains("paths"));
  std::size_t operations = 0;
  for (const auto& [pattern, item] : doc["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      const std::string verb = upper(method);
      if (verb == "PARAMETERS" || verb == "SUMMARY" || verb == "DESCRIPTION") {
        continue;
      }
      const bool has_body = verb == "POST" || verb == "PUT" || verb == "PATCH";
      const auto r = client.request(
          verb, substitute(pattern),
          has_body ? std::vector<std::pair<std::string, std::string>>{{"Content-Type",
                                                                       "application/json"}}
                   : std::vector<std::pair<std::string, std::string>>{},
          has_body ? "{}" : "");
      // A route that exists may still answer 404 for the placeholder ("med" as a form key), but
      // with its own problem code; the router's miss is the generic "not_found".
      if (r.status == 404) {
        const auto problem = nlohmann::json::parse(r.body, nullptr, false);
        EXPECT_FALSE(problem.is_discarded()) << verb << ' ' << pattern;
        EXPECT_NE(problem.value("code", std::string("not_found")), "not_found")
            << verb << ' ' << pattern << ": " << r.body;
      }
      EXPECT_NE(r.status, 405) << verb << ' ' << pattern << ": " << r.body;
      EXPECT_LT(r.status, 500) << verb << ' ' << pattern << ": " << r.body;
      ++operations;
    }
  }
  EXPECT_GE(operations, kApiPathsUsedBySuite.size());
}

TEST_P(HttpOpenApi, EveryApiRouteTheServerAnsweredIsDocumented) {
  auto& server = start_server();
  HttpClient client("127.0.0.1", server.port());
  const auto doc = fetch_document(client);
  ASSERT_TRUE(doc.contains("paths"));
  for (const auto& path : kApiPathsUsedBySuite) {
    EXPECT_TRUE(doc["paths"].contains(path)) << path << " is not in openapi.json";
    ASSERT_EQ(client.request("GET", substitute(path)).status, 200) << path;
  }
  // The metrics name the route pattern of every request that matched a route: each one under
  // /api/ must be described.
  const auto metrics = client.request("GET", "/metrics").body;
  static const std::regex kRoute(R"re(guildhall_http_requests_total\{route="([^"]+)")re");
  std::size_t api_routes = 0;
  for (auto it = std::sregex_iterator(metrics.begin(), metrics.end(), kRoute);
       it != std::sregex_iterator(); ++it) {
    const std::string route = (*it)[1];
    if (route.rfind("/api/", 0) == 0) {
      ++api_routes;
      EXPECT_TRUE(doc["paths"].contains(route)) << route << " answered but is not in openapi.json";
    }
  }
  EXPECT_GE(api_routes, kApiPathsUsedBySuite.size()) << metrics;
}

}  // namespace
}  // namespace guildhall::testing
