#include "http/openapi.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/router.hpp"

namespace guildhall::http {
namespace {

TEST(OpenApiTest, DescribesEveryDocumentedRouteWithItsParameters) {
  Router router;
  auto ok = [](Request&) { return Response(); };
  router.add(Method::get, "/api/v1/t/{slug}/tenant", Execution::io_thread,
             {"Describe a tenant", "tenants", {200}}, ok);
  router.add(Method::post, "/api/v1/t/{slug}/tenant", Execution::worker,
             {"Change a tenant", "tenants", {200, 422}}, ok);
  router.add(Method::get, "/metrics", Execution::io_thread,
             {"m", "ops", {200}, "text/plain", false}, ok);
  const auto doc = nlohmann::json::parse(openapi_document(router, "1.2.3"));
  EXPECT_EQ(doc["openapi"], "3.1.0");
  EXPECT_EQ(doc["info"]["version"], "1.2.3");
  const auto& path = doc["paths"]["/api/v1/t/{slug}/tenant"];
  EXPECT_EQ(path["get"]["summary"], "Describe a tenant");
  EXPECT_EQ(path["get"]["parameters"][0]["name"], "slug");
  EXPECT_TRUE(path["post"]["responses"].contains("422"));
  EXPECT_TRUE(path["post"]["responses"].contains("default"));
  EXPECT_FALSE(doc["paths"].contains("/metrics"));
}

}  // namespace
}  // namespace guildhall::http
