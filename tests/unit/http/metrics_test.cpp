#include "http/metrics.hpp"

#include <gtest/gtest.h>

namespace guildhall::http {
namespace {

TEST(MetricsTest, RendersCountersHistogramsAndGaugesInPrometheusText) {
  Metrics m;
  m.record("/healthz", "GET", 200, std::chrono::microseconds(300));
  m.record("/healthz", "GET", 200, std::chrono::milliseconds(30));
  m.add_gauge("guildhall_test_gauge", "A test gauge.", [] { return 7.0; });
  const std::string text = m.render();
  EXPECT_NE(
      text.find(
          "guildhall_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 2"),
      std::string::npos);
  EXPECT_NE(
      text.find(
          "guildhall_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"0.0005\"} 1"),
      std::string::npos);
  EXPECT_NE(text.find("guildhall_http_request_duration_seconds_count{route=\"/healthz\"} 2"),
            std::string::npos);
  EXPECT_NE(text.find("# TYPE guildhall_test_gauge gauge\nguildhall_test_gauge 7"),
            std::string::npos);
}

}  // namespace
}  // namespace guildhall::http
