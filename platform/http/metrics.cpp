#include "http/metrics.hpp"

#include <sstream>

namespace guildhall::http {

namespace {

std::string escape_label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
    }
    out.push_back(c == '\n' ? ' ' : c);
  }
  return out;
}

}  // namespace

void Metrics::record(const std::string& route, std::string_view method, int status,
                     std::chrono::nanoseconds latency) {
  const double seconds = std::chrono::duration<double>(latency).count();
  std::lock_guard lock(mutex_);
  ++requests_[{route, std::string(method), status}];
  auto& h = latency_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++h.counts[i];
    }
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::add_gauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(mutex_);
  gauges_.push_back(Gauge{std::move(name), std::move(help), std::move(read)});
}

std::string Metrics::render() const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  out << "# HELP guildhall_http_requests_total HTTP requests by route pattern, method and status.\n"
      << "# TYPE guildhall_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [route, method, status] = key;
    out << "guildhall_http_requests_total{route=\"" << escape_label(route) << "\",method=\""
        << method << "\",status=\"" << status << "\"} " << n << '\n';
  }
  out << "# HELP guildhall_http_request_duration_seconds Time from a complete request to its "
         "response.\n"
      << "# TYPE guildhall_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    const std::string label = escape_label(route);
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out << "guildhall_http_request_duration_seconds_bucket{route=\"" << label << "\",le=\""
          << kBuckets[i] << "\"} " << h.counts[i] << '\n';
    }
    out << "guildhall_http_request_duration_seconds_bucket{route=\"" << label << "\",le=\"+Inf\"} "
        << h.count << '\n'
        << "guildhall_http_request_duration_seconds_sum{route=\"" << label << "\"} " << h.sum
        << '\n'
        << "guildhall_http_request_duration_seconds_count{route=\"" << label << "\"} " << h.count
        << '\n';
  }
  for (const auto& g : gauges_) {
    out << "# HELP " << g.name << ' ' << g.help << '\n'
        << "# TYPE " << g.name << " gauge\n"
        << g.name << ' ' << g.read() << '\n';
  }
  return out.str();
}

}  // namespace guildhall::http
