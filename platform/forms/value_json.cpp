#include "forms/value_json.hpp"

#include <nlohmann/json.hpp>

#include "core/errors.hpp"

namespace guildhall::forms {
namespace {

using nlohmann::json;

// Form values are at most lists of objects; deeper nesting is not a form.
constexpr int kMaxDepth = 32;

core::AppError malformed() {
  return core::AppError(core::ErrorKind::validation, "invalid_json",
                        {"提交的数据格式不正确。", "The submitted data is not valid JSON."});
}

sdk::Value to_value(const json& j, int depth) {
  if (depth > kMaxDepth) {
    throw malformed();
  }
  switch (j.type()) {
    case json::value_t::boolean:
      return sdk::Value(j.get<bool>());
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return sdk::Value(j.get<std::int64_t>());
    case json::value_t::number_float:
      return sdk::Value(j.get<double>());
    case json::value_t::string:
      return sdk::Value(j.get<std::string>());
    case json::value_t::array: {
      sdk::Value::Array items;
      for (const auto& item : j) {
        items.push_back(to_value(item, depth + 1));
      }
      return sdk::Value(std::move(items));
    }
    case json::value_t::object: {
      sdk::Value::Object members;
      for (const auto& [key, item] : j.items()) {
        members.emplace_back(key, to_value(item, depth + 1));
      }
      return sdk::Value(std::move(members));
    }
    default:
      return sdk::Value();
  }
}

json to_json(const sdk::Value& v) {
  if (v.is_bool()) {
    return v.as_bool();
  }
  if (v.is_integer()) {
    return v.as_integer();
  }
  if (v.is_number()) {
    return v.as_number();
  }
  if (v.is_string()) {
    return v.as_string();
  }
  if (v.is_array()) {
    json out = json::array();
    for (const auto& item : v.as_array()) {
      out.push_back(to_json(item));
    }
    return out;
  }
  if (v.is_object()) {
    json out = json::object();
    for (const auto& [key, item] : v.as_object()) {
      out[key] = to_json(item);
    }
    return out;
  }
  return nullptr;
}

}  // namespace

sdk::Value value_from_json(std::string_view text) {
  json parsed = json::parse(text, nullptr, false);
  if (parsed.is_discarded()) {
    throw malformed();
  }
  return to_value(parsed, 0);
}

std::string value_to_json(const sdk::Value& value) {
  return to_json(value).dump();
}

}  // namespace guildhall::forms
