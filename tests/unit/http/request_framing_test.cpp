#include "http/request_framing.hpp"

#include <gtest/gtest.h>

namespace guildhall::http {
namespace {

using Status = RequestFraming::Status;
constexpr std::size_t kMax = 4096;

TEST(RequestFramingTest, ACompleteRequestWithABodyEndsAfterItsContentLength) {
  const std::string two = "POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /b HTTP/1.1\r\n\r\n";
  const auto f = frame_request(two, kMax);
  ASSERT_EQ(f.status, Status::complete);
  EXPECT_EQ(two.substr(f.total_length), "GET /b HTTP/1.1\r\n\r\n");
}

TEST(RequestFramingTest, WaitsForTheRestOfHeadAndBody) {
  EXPECT_EQ(frame_request("GET /a HTTP/1.1\r\nHost: x\r\n", kMax).status, Status::incomplete);
  const auto f = frame_request("POST /a HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc", kMax);
  EXPECT_EQ(f.status, Status::incomplete);
  EXPECT_TRUE(f.head_complete);
}

struct Bad {
  const char* name;
  const char* request;
  int status;
};

class RequestFramingRejects : public ::testing::TestWithParam<Bad> {};

TEST_P(RequestFramingRejects, WithTheRightStatus) {
  const auto f = frame_request(GetParam().request, kMax);
  EXPECT_EQ(f.status, Status::invalid);
  EXPECT_EQ(f.error_status, GetParam().status);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, RequestFramingRejects,
    ::testing::Values(
        Bad{"garbage_line", "GARBAGE\r\n\r\n", 400},
        Bad{"http_version", "GET / HTTP/9.9\r\n\r\n", 400},
        Bad{"space_in_target", "GET /a b HTTP/1.1\r\n\r\n", 400},
        Bad{"bare_lf", "GET / HTTP/1.1\nHost: x\n\n", 400},
        Bad{"header_without_colon", "GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", 400},
        Bad{"space_before_colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400},
        Bad{"folded_header", "GET / HTTP/1.1\r\nA: b\r\n  c\r\n\r\n", 400},
        Bad{"length_not_a_number", "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n", 400},
        Bad{"length_with_suffix", "POST / HTTP/1.1\r\nContent-Length: 2x\r\n\r\nab", 400},
        Bad{"negative_length", "POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n", 400},
        Bad{"two_lengths", "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
            400},
        Bad{"length_and_chunked",
            "POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
        Bad{"unknown_coding", "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 400},
        Bad{"body_too_large", "POST / HTTP/1.1\r\nContent-Length: 5000\r\n\r\n", 413},
        Bad{"bad_chunk_size", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(RequestFramingTest, HeadersBeyondTheLimitAre431) {
  std::string big = "GET / HTTP/1.1\r\nX-Big: " + std::string(kMax, 'a');
  EXPECT_EQ(frame_request(big, kMax).error_status, 431);
}

TEST(RequestFramingTest, ChunkedBodiesEndAfterTheLastChunkAndTrailers) {
  const std::string r =
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-T: 1\r\n\r\nNEXT";
  const auto f = frame_request(r, kMax);
  ASSERT_EQ(f.status, Status::complete);
  EXPECT_EQ(r.substr(f.total_length), "NEXT");
}

TEST(RequestFramingTest, ReportsThatTheClientExpectsContinue) {
  const auto f =
      frame_request("PUT / HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n", kMax);
  EXPECT_EQ(f.status, Status::incomplete);
  EXPECT_TRUE(f.expects_continue);
}

}  // namespace
}  // namespace guildhall::http
