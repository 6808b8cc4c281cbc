#include "http/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace guildhall::http {
namespace {

TEST(RateLimiter, EachKeyHasItsBudgetPerWindowAndLearnsWhenToRetry) {
  RateLimiter limiter(2, 60'000);
  EXPECT_TRUE(limiter.allow("a", 1'000));
  EXPECT_TRUE(limiter.allow("a", 2'000));
  int retry = 0;
  EXPECT_FALSE(limiter.allow("a", 30'000, &retry));
  EXPECT_EQ(retry, 30);
  EXPECT_TRUE(limiter.allow("b", 30'000)) << "another address has its own budget";
  EXPECT_TRUE(limiter.allow("a", 60'000)) << "a new window";
}

}  // namespace
}  // namespace guildhall::http
