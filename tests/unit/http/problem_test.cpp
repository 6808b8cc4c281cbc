#include "http/problem.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace guildhall::http {
namespace {

TEST(ProblemTest, CarriesTheRfc9457MembersAndAStableCode) {
  const Response r = problem_for_status(413, "zh-CN", "/upload", "abc");
  const auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["status"], 413);
  EXPECT_EQ(body["code"], "payload_too_large");
  EXPECT_EQ(body["title"], "Payload Too Large");
  EXPECT_EQ(body["instance"], "/upload");
  EXPECT_EQ(body["requestId"], "abc");
  EXPECT_EQ(body["detail"], "请求内容过大。");
}

TEST(ProblemTest, InvalidUtf8InTheInstanceDoesNotBreakTheBody) {
  const Response r = problem_for_status(404, "en", "/\xff\xfe", "id");
  EXPECT_TRUE(nlohmann::json::accept(r.body));
}

TEST(ProblemTest, EveryErrorKindHasItsStatus) {
  using K = core::ErrorKind;
  EXPECT_EQ(status_of(K::validation), 422);
  EXPECT_EQ(status_of(K::too_many_requests), 429);
  EXPECT_EQ(status_of(K::unavailable), 503);
  EXPECT_EQ(status_of(K::forbidden), 403);
  EXPECT_EQ(status_of(K::internal), 500);
}

}  // namespace
}  // namespace guildhall::http
