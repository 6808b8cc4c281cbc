#include "http/router.hpp"

#include <gtest/gtest.h>

namespace guildhall::http {
namespace {

Response ok(Request&) {
  return Response::text(200, "ok");
}

TEST(RouterTest, MatchesLiteralAndParameterSegmentsAndDecodesParameters) {
  Router router;
  router.add(Method::get, "/api/v1/t/{slug}/tenant", Execution::io_thread, {"", "t", {200}}, ok);
  const auto m = router.match(Method::get, "/api/v1/t/med%2Dtj/tenant");
  ASSERT_NE(m.route, nullptr);
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].first, "slug");
  EXPECT_EQ(m.params[0].second, "med-tj");
}

TEST(RouterTest, DoesNotMatchOtherShapesOrEmptyParameters) {
  Router router;
  router.add(Method::get, "/api/v1/t/{slug}/tenant", Execution::io_thread, {"", "t", {200}}, ok);
  EXPECT_EQ(router.match(Method::get, "/api/v1/t//tenant").route, nullptr);
  EXPECT_EQ(router.match(Method::get, "/api/v1/t/med/tenant/x").route, nullptr);
  EXPECT_EQ(router.match(Method::get, "/api/v1/t/med").route, nullptr);
  EXPECT_TRUE(router.match(Method::get, "/nothing").allowed.empty());
}

TEST(RouterTest, HeadUsesTheGetRouteAndOtherMethodsReportWhatIsAllowed) {
  Router router;
  router.add(Method::get, "/healthz", Execution::io_thread, {"", "ops", {200}}, ok);
  router.add(Method::post, "/items", Execution::worker, {"", "x", {201}}, ok);
  router.add(Method::get, "/items", Execution::worker, {"", "x", {200}}, ok);
  EXPECT_NE(router.match(Method::head, "/healthz").route, nullptr);
  const auto m = router.match(Method::del, "/items");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed, (std::vector<Method>{Method::post, Method::get}));
}

TEST(RouterTest, RefusesTheSameRouteTwice) {
  Router router;
  router.add(Method::get, "/a", Execution::io_thread, {}, ok);
  EXPECT_THROW(router.add(Method::get, "/a", Execution::io_thread, {}, ok), std::logic_error);
}

}  // namespace
}  // namespace guildhall::http
