// Reads a plugin's section of the tenant configuration and collects every problem in it.
//
// An administrator fixing a tenant.yaml wants all mistakes at once, each with its key, and an
// unknown key must be an error rather than a silently ignored typo. `SectionReader` gives
// `Plugin::configure()` exactly that for flat sections of scalars, with defaults for absent keys
// (from sdk/examples/hello_plugin/hello_plugin.cpp):
//
//   guildhall::sdk::SectionReader reader(section);
//   greeting_ = reader.string("greeting", "欢迎");
//   digits_ = reader.integer("digits", 6, 4, 10);
//   return reader.finish();
//
// It lives entirely in this header, so it is compiled into the plugin and is no part of the ABI.
#pragma once

#include <algorithm>
#include <cstdint>
#include <guildhall/sdk/plugin.hpp>
#include <guildhall/sdk/value.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace guildhall::sdk {

class SectionReader {
 public:
  // A null section (the tenant wrote nothing for the plugin) means "all defaults".
  explicit SectionReader(const Value& section) : section_(section) {
    if (!section_.is_null() && !section_.is_object()) {
      issues_.push_back({"", "the plugin section must be a mapping of keys to values"});
    }
  }

  std::int64_t integer(std::string_view key, std::int64_t fallback, std::int64_t min,
                       std::int64_t max) {
    const Value* value = take(key);
    if (value == nullptr) {
      return fallback;
    }
    if (!value->is_integer()) {
      issues_.push_back({std::string(key), "must be an integer"});
      return fallback;
    }
    if (value->as_integer() < min || value->as_integer() > max) {
      issues_.push_back({std::string(key), "must be between " + std::to_string(min) + " and " +
                                               std::to_string(max) + ", got " +
                                               std::to_string(value->as_integer())});
      return fallback;
    }
    return value->as_integer();
  }

  bool boolean(std::string_view key, bool fallback) {
    const Value* value = take(key);
    if (value == nullptr) {
      return fallback;
    }
    if (!value->is_bool()) {
      issues_.push_back({std::string(key), "must be true or false"});
      return fallback;
    }
    return value->as_bool();
  }

  std::string string(std::string_view key, std::string fallback) {
    const Value* value = take(key);
    if (value == nullptr) {
      return fallback;
    }
    if (!value->is_string()) {
      issues_.push_back({std::string(key), "must be a string"});
      return fallback;
    }
    return value->as_string();
  }

  // Adds an issue of the caller's own, e.g. a rule that relates two keys.
  void add_issue(std::string path, std::string message) {
    issues_.push_back({std::move(path), std::move(message)});
  }

  // Call once, after reading every key: reports the keys nobody asked for, in document order.
  std::vector<ConfigIssue> finish() {
    if (section_.is_object()) {
      for (const auto& [key, value] : section_.as_object()) {
        if (std::find(known_.begin(), known_.end(), key) == known_.end()) {
          issues_.push_back({key, "unknown key; expected one of: " + known_list()});
        }
      }
    }
    return std::move(issues_);
  }

 private:
  const Value* take(std::string_view key) {
    known_.emplace_back(key);
    const Value* value = section_.find(key);
    return (value == nullptr || value->is_null()) ? nullptr : value;
  }

  std::string known_list() const {
    std::string list;
    for (const std::string& key : known_) {
      list += (list.empty() ? "" : ", ") + key;
    }
    return list;
  }

  const Value& section_;
  std::vector<std::string> known_;
  std::vector<ConfigIssue> issues_;
};

}  // namespace guildhall::sdk
