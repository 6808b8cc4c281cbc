#include "http/openapi.hpp"

#include <nlohmann/json.hpp>

#include "http/problem.hpp"
#include "http/router.hpp"

namespace guildhall::http {

std::string openapi_document(const Router& router, const std::string& version) {
  using nlohmann::json;
  json paths = json::object();
  for (const auto& route : router.routes()) {
    if (!route.doc.in_openapi) {
      continue;
    }
    json parameters = json::array();
    for (const auto& seg : route.segments) {
      if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
        parameters.push_back({{"name", seg.substr(1, seg.size() - 2)},
                              {"in", "path"},
                              {"required", true},
                              {"schema", {{"type", "string"}}}});
      }
    }
    json responses = json::object();
    for (int status : route.doc.responses) {
      responses[std::to_string(status)] = {
          {"description", std::string(reason_phrase(status))},
          {"content", {{route.doc.response_content_type, json::object()}}}};
    }
    responses["default"] = {
        {"description", "An error, as RFC 9457 problem details"},
        {"content",
         {{"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}};
    std::string method(to_string(route.method));
    for (auto& c : method) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    json op = {{"summary", route.doc.summary},
               {"tags", json::array({route.doc.tag})},
               {"operationId", method + route.pattern},
               {"responses", responses}};
    if (!parameters.empty()) {
      op["parameters"] = parameters;
    }
    paths[route.pattern][method] = op;
  }
  json problem = {{"type", "object"},
                  {"required", json::array({"type", "title", "status", "code", "detail"})},
                  {"properties",
                   {{"type", {{"type", "string"}}},
                    {"title", {{"type", "string"}}},
                    {"status", {{"type", "integer"}}},
                    {"code", {{"type", "string"}}},
                    {"detail", {{"type", "string"}}},
                    {"instance", {{"type", "string"}}},
                    {"requestId", {{"type", "string"}}},
                    {"errors",
                     {{"type", "array"},
                      {"items",
                       {{"type", "object"},
                        {"properties",
                         {{"field", {{"type", "string"}}},
                          {"code", {{"type", "string"}}},
                          {"message", {{"type", "string"}}}}}}}}}}}};
  json doc = {{"openapi", "3.1.0"},
              {"info", {{"title", "Guildhall API"}, {"version", version}}},
              {"paths", paths},
              {"components", {{"schemas", {{"Problem", problem}}}}}};
  return doc.dump(2);
}

}  // namespace guildhall::http
