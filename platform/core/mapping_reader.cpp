#include "core/mapping_reader.hpp"

#include <algorithm>
#include <utility>

#include "core/closest_match.hpp"

namespace guildhall::core {

MappingReader::MappingReader(const YamlNode& node, YamlReader& reader, std::string path)
    : node_(&node), reader_(&reader), path_(std::move(path)) {
  ok_ = node.is_mapping();
  if (ok_) {
    return;
  }
  if (path_.empty()) {
    reader_->error(node.mark, node.is_null() ? "the file is empty"
                                             : "the file must be a mapping of keys to values, "
                                               "but it is " +
                                                   std::string(describe_kind(node.kind)));
    return;
  }
  reader_->expect_kind(node, YamlNode::Kind::mapping, path_, "a mapping");
}

std::string MappingReader::path_of(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const YamlEntry* MappingReader::entry(std::string_view key) const {
  for (const auto& e : node_->entries) {
    if (e.key == key) {
      return &e;
    }
  }
  return nullptr;
}

const YamlNode* MappingReader::value(std::string_view key, Presence presence) {
  declared_.emplace_back(key);
  if (!ok_) {
    return nullptr;
  }
  if (const YamlEntry* e = entry(key)) {
    return &e->value;
  }
  if (presence == Presence::required) {
    reader_->error(node_->mark, "missing required key " + in_quotes(key) +
                                    (path_.empty() ? "" : " in " + in_quotes(path_)));
  }
  return nullptr;
}

std::optional<std::string> MappingReader::text(std::string_view key, Presence presence) {
  const YamlNode* node = value(key, presence);
  return node ? reader_->text(*node, path_of(key)) : std::nullopt;
}

std::optional<std::int64_t> MappingReader::integer(std::string_view key, Presence presence) {
  const YamlNode* node = value(key, presence);
  return node ? reader_->integer(*node, path_of(key)) : std::nullopt;
}

std::optional<bool> MappingReader::boolean(std::string_view key, Presence presence) {
  const YamlNode* node = value(key, presence);
  return node ? reader_->boolean(*node, path_of(key)) : std::nullopt;
}

std::optional<std::string> MappingReader::one_of(std::string_view key, Presence presence,
                                                 std::span<const std::string_view> allowed) {
  const YamlNode* node = value(key, presence);
  return node ? reader_->one_of(*node, path_of(key), allowed) : std::nullopt;
}

const std::vector<YamlNode>* MappingReader::list(std::string_view key, Presence presence) {
  const YamlNode* node = value(key, presence);
  return node ? reader_->list(*node, path_of(key)) : nullptr;
}

std::optional<MappingReader> MappingReader::mapping(std::string_view key, Presence presence) {
  const YamlNode* node = value(key, presence);
  if (node == nullptr ||
      !reader_->expect_kind(*node, YamlNode::Kind::mapping, path_of(key), "a mapping")) {
    return std::nullopt;
  }
  return MappingReader(*node, *reader_, path_of(key));
}

void MappingReader::finish() {
  if (!ok_) {
    return;
  }
  for (const auto& e : node_->entries) {
    if (std::find(declared_.begin(), declared_.end(), e.key) != declared_.end()) {
      continue;
    }
    std::string message =
        "unknown key " + in_quotes(e.key) + (path_.empty() ? "" : " in " + in_quotes(path_));
    if (auto suggestion = closest_match(e.key, declared_)) {
      message += " (did you mean " + in_quotes(*suggestion) + "?)";
    } else {
      std::string allowed;
      for (const auto& d : declared_) {
        allowed += (allowed.empty() ? "" : ", ") + d;
      }
      message += "; allowed keys: " + allowed;
    }
    reader_->error(e.key_mark, std::move(message));
  }
}

std::optional<LocalizedText> MappingReader::localized(std::string_view key, Presence presence) {
  const YamlNode* node = value(key, presence);
  const std::string where = path_of(key);
  if (node == nullptr || !reader_->expect_kind(*node, YamlNode::Kind::mapping, where,
                                               "a mapping like {zh-CN: 中文, en: English}")) {
    return std::nullopt;
  }
  MappingReader texts(*node, *reader_, where);
  LocalizedText result;
  if (auto zh = texts.text("zh-CN", Presence::required)) {
    result.zh_cn = *zh;
    if (zh->empty()) {
      reader_->error(texts.entry("zh-CN")->value.mark,
                     in_quotes(where + ".zh-CN") + " must not be empty");
    }
  }
  if (auto en = texts.text("en", Presence::optional)) {
    result.en = *en;
  }
  texts.finish();
  return result;
}

}  // namespace guildhall::core
