#include "core/yaml_reader.hpp"

#include <charconv>
#include <utility>

#include "core/closest_match.hpp"

namespace guildhall::core {

std::string in_quotes(std::string_view what) {
  return "\"" + std::string(what) + "\"";
}

void YamlReader::error(const SourceMark& mark, std::string message) {
  errors_->push_back({mark, std::move(message)});
}

void YamlReader::wrong_kind(const YamlNode& node, std::string_view what,
                            std::string_view expected) {
  if (node.is_null() && node.comment_follows) {
    error(node.mark, in_quotes(what) +
                         " is empty because # starts a comment; put the value in quotes, e.g. "
                         "\"#1A5FB4\"");
    return;
  }
  std::string actual =
      node.is_scalar() ? in_quotes(node.text) : std::string(describe_kind(node.kind));
  error(node.mark, in_quotes(what) + " must be " + std::string(expected) + ", but it is " + actual);
}

bool YamlReader::expect_kind(const YamlNode& node, YamlNode::Kind kind, std::string_view what,
                             std::string_view expected) {
  if (node.kind == kind) {
    return true;
  }
  wrong_kind(node, what, expected);
  return false;
}

std::optional<std::string> YamlReader::text(const YamlNode& node, std::string_view what) {
  if (!expect_kind(node, YamlNode::Kind::scalar, what, "text")) {
    return std::nullopt;
  }
  return node.text;
}

std::optional<std::int64_t> YamlReader::integer(const YamlNode& node, std::string_view what) {
  if (node.is_scalar() && !node.quoted) {
    std::string_view s = node.text;
    if (s.starts_with('+')) {
      s.remove_prefix(1);
    }
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec == std::errc{} && end == s.data() + s.size() && !s.empty()) {
      return value;
    }
    if (ec == std::errc::result_out_of_range) {
      error(node.mark, in_quotes(what) + " is too large: " + node.text);
      return std::nullopt;
    }
  }
  wrong_kind(node, what, "a whole number");
  return std::nullopt;
}

std::optional<bool> YamlReader::boolean(const YamlNode& node, std::string_view what) {
  if (node.is_scalar() && !node.quoted) {
    if (node.text == "true" || node.text == "True" || node.text == "TRUE") {
      return true;
    }
    if (node.text == "false" || node.text == "False" || node.text == "FALSE") {
      return false;
    }
  }
  wrong_kind(node, what, "true or false");
  return std::nullopt;
}

std::optional<std::string> YamlReader::one_of(const YamlNode& node, std::string_view what,
                                              std::span<const std::string_view> allowed) {
  std::string list;
  std::vector<std::string> candidates;
  for (const auto a : allowed) {
    list += (list.empty() ? "" : ", ") + std::string(a);
    candidates.emplace_back(a);
  }
  if (!node.is_scalar()) {
    wrong_kind(node, what, "one of " + list);
    return std::nullopt;
  }
  for (const auto a : allowed) {
    if (node.text == a) {
      return node.text;
    }
  }
  std::string message = "bad value " + in_quotes(node.text) + " for " + in_quotes(what);
  if (auto suggestion = closest_match(node.text, candidates)) {
    message += " (did you mean " + in_quotes(*suggestion) + "?)";
  }
  error(node.mark, message + "; allowed values: " + list);
  return std::nullopt;
}

const std::vector<YamlNode>* YamlReader::list(const YamlNode& node, std::string_view what) {
  if (!expect_kind(node, YamlNode::Kind::sequence, what, "a list")) {
    return nullptr;
  }
  return &node.items;
}

}  // namespace guildhall::core
