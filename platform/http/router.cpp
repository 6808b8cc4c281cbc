#include "http/router.hpp"

#include <algorithm>
#include <stdexcept>

namespace guildhall::http {

namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  if (!path.empty() && path.front() == '/') {
    start = 1;
  }
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    out.emplace_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) {
      break;
    }
    start = slash + 1;
  }
  return out;
}

bool is_param(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void Router::add(Method method, std::string pattern, Execution execution, RouteDoc doc,
                 Handler handler) {
  auto segments = split_path(pattern);
  for (const auto& r : routes_) {
    if (r.method == method && r.pattern == pattern) {
      throw std::logic_error("route registered twice: " + pattern);
    }
  }
  routes_.push_back(Route{method, std::move(pattern), execution, std::move(doc), std::move(handler),
                          std::move(segments)});
}

RouteMatch Router::match(Method method, std::string_view path) const {
  RouteMatch result;
  const auto parts = split_path(path);
  const Method wanted = method == Method::head ? Method::get : method;
  for (const auto& route : routes_) {
    if (route.segments.size() != parts.size()) {
      continue;
    }
    std::vector<std::pair<std::string, std::string>> params;
    bool ok = true;
    for (std::size_t i = 0; i < parts.size() && ok; ++i) {
      const auto& seg = route.segments[i];
      if (is_param(seg)) {
        std::string value = percent_decode(parts[i], false);
        ok = !value.empty();
        params.emplace_back(seg.substr(1, seg.size() - 2), std::move(value));
      } else {
        ok = seg == parts[i];
      }
    }
    if (!ok) {
      continue;
    }
    if (std::find(result.allowed.begin(), result.allowed.end(), route.method) ==
        result.allowed.end()) {
      result.allowed.push_back(route.method);
    }
    if (route.method == wanted && result.route == nullptr) {
      result.route = &route;
      result.params = std::move(params);
    }
  }
  return result;
}

}  // namespace guildhall::http
