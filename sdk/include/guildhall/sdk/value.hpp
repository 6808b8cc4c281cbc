// A plain tree of configuration and application data handed across the plugin boundary.
//
// The host converts its own YAML and JSON into `Value` so that a plugin needs nothing but the
// SDK to read its section of a tenant's configuration or the data of an application:
//
//   const guildhall::sdk::Value* max = section.find("max_committees");
//   if (max != nullptr && max->is_integer() && max->as_integer() > 5) { ... }
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace guildhall::sdk {

class Value {
 public:
  using Array = std::vector<Value>;
  // Keeps the order of the source document, so messages list keys as the author wrote them.
  using Object = std::vector<std::pair<std::string, Value>>;

  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : data_(b) {}
  Value(std::int64_t i) : data_(i) {}
  Value(int i) : data_(static_cast<std::int64_t>(i)) {}
  Value(double d) : data_(d) {}
  Value(std::string s) : data_(std::move(s)) {}
  Value(const char* s) : data_(std::string(s)) {}
  Value(Array a) : data_(std::move(a)) {}
  Value(Object o) : data_(std::move(o)) {}

  bool is_null() const { return std::holds_alternative<std::monostate>(data_); }
  bool is_bool() const { return std::holds_alternative<bool>(data_); }
  bool is_integer() const { return std::holds_alternative<std::int64_t>(data_); }
  bool is_number() const { return is_integer() || std::holds_alternative<double>(data_); }
  bool is_string() const { return std::holds_alternative<std::string>(data_); }
  bool is_array() const { return std::holds_alternative<Array>(data_); }
  bool is_object() const { return std::holds_alternative<Object>(data_); }

  // The accessors throw std::bad_variant_access on a wrong kind; check with is_*() first.
  bool as_bool() const { return std::get<bool>(data_); }
  std::int64_t as_integer() const { return std::get<std::int64_t>(data_); }
  double as_number() const {
    return is_integer() ? static_cast<double>(as_integer()) : std::get<double>(data_);
  }
  const std::string& as_string() const { return std::get<std::string>(data_); }
  const Array& as_array() const { return std::get<Array>(data_); }
  const Object& as_object() const { return std::get<Object>(data_); }
  Array& as_array() { return std::get<Array>(data_); }
  Object& as_object() { return std::get<Object>(data_); }

  // The member named `key` of an object, or nullptr when absent or when this is no object.
  const Value* find(std::string_view key) const {
    if (!is_object()) {
      return nullptr;
    }
    for (const auto& [k, v] : as_object()) {
      if (k == key) {
        return &v;
      }
    }
    return nullptr;
  }

  friend bool operator==(const Value&, const Value&) = default;

 private:
  std::variant<std::monostate, bool, std::int64_t, double, std::string, Array, Object> data_;
};

}  // namespace guildhall::sdk
