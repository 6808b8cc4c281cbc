// The OpenAPI 3.1 description of every API route, generated from the router's own table.
#pragma once

#include <string>

namespace guildhall::http {

class Router;

std::string openapi_document(const Router& router, const std::string& version);

}  // namespace guildhall::http
