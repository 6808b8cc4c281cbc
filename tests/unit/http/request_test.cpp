#include "http/request.hpp"

#include <gtest/gtest.h>

#include "http/middleware.hpp"

namespace guildhall::http {
namespace {

TEST(RequestTest, QueryParametersAreDecodedWithPlusAsSpace) {
  Request r;
  r.query = "name=%E5%BC%A0+%E4%B8%89&empty&page=2";
  EXPECT_EQ(r.query_param("name"), "张 三");
  EXPECT_EQ(r.query_param("empty"), "");
  EXPECT_EQ(r.query_param("page"), "2");
  EXPECT_FALSE(r.query_param("missing").has_value());
}

TEST(RequestTest, PathDecodingKeepsPlusAndBadEscapes) {
  EXPECT_EQ(percent_decode("a+b%20c", false), "a+b c");
  EXPECT_EQ(percent_decode("%ZZ%4", false), "%ZZ%4");
}

TEST(RequestTest, ClientRequestIdsAreKeptOnlyWhenPlain) {
  const std::string plain = "abc-123_x.y";
  EXPECT_EQ(request_id_for(&plain), plain);
  const std::string forged = "abc\r\nX-Injected: 1";
  EXPECT_NE(request_id_for(&forged), forged);
  EXPECT_EQ(request_id_for(nullptr).size(), 24u);
}

TEST(RequestTest, SecurityHeadersAreSet) {
  Response r;
  apply_security_headers(r);
  EXPECT_NE(r.header("Content-Security-Policy")->find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(*r.header("X-Content-Type-Options"), "nosniff");
  EXPECT_NE(r.header("Referrer-Policy"), nullptr);
}

}  // namespace
}  // namespace guildhall::http
