#include "core/yaml_node.hpp"

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <map>
#include <utility>

namespace guildhall::core {
namespace {

// Aliases let a few lines expand into an exponential tree; configuration never needs more.
constexpr std::size_t kMaxNodes = 100000;
constexpr int kMaxDepth = 64;

struct SyntaxHint {
  std::string_view yaml_cpp_message;
  std::string_view hint;
};

// yaml-cpp's wording names the parser's state; these say what the author most likely did.
constexpr SyntaxHint kHints[] = {
    {"illegal map value",
     "a value that contains \": \" must be put in quotes, or the indentation is wrong"},
    {"end of map flow not found", "a \"{\" is never closed with \"}\""},
    {"end of sequence flow not found", "a \"[\" is never closed with \"]\""},
    {"end of map not found", "the indentation is inconsistent"},
    {"end of sequence not found", "the indentation of a list is inconsistent"},
    {"illegal EOF in scalar", "a quoted text is never closed"},
    {"unknown escape character",
     "inside double quotes write \\\\ for a backslash, or use single quotes"},
    {"illegal block entry", "a list item \"- \" is indented where a key was expected"},
};

class Converter {
 public:
  Converter(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        line_starts_.push_back(i + 1);
      }
    }
  }

  std::vector<ConfigError>& errors() { return errors_; }

  SourceMark mark(const YAML::Mark& m) const {
    if (m.line < 0 || static_cast<std::size_t>(m.line) >= line_starts_.size()) {
      return {file_, 1, 1};
    }
    const std::size_t start = line_starts_[static_cast<std::size_t>(m.line)];
    int chars = 0;
    for (std::size_t i = start; i < start + static_cast<std::size_t>(m.column) && i < text_.size();
         ++i) {
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) {
        ++chars;
      }
    }
    return {file_, m.line + 1, chars + 1};
  }

  void syntax_error(const YAML::Mark& m, const std::string& what) {
    std::string message = "YAML syntax error: " + what;
    std::string_view hint;
    for (const auto& h : kHints) {
      if (what.starts_with(h.yaml_cpp_message)) {
        hint = h.hint;
      }
    }
    if (line_has_tab(m)) {
      hint = "indent with spaces; tabs are not allowed in YAML";
    }
    if (!hint.empty()) {
      message += " (" + std::string(hint) + ")";
    }
    errors_.push_back({mark(m), std::move(message)});
  }

  // Returns false when the document had to be abandoned (too big, unclosed quote); the error is
  // recorded already.
  bool convert(const YAML::Node& in, YamlNode& out, int depth) {
    if (++nodes_ > kMaxNodes || depth > kMaxDepth) {
      errors_.push_back({mark(in.Mark()),
                         "the document is too large or nested too deeply (aliases expand to more "
                         "than " +
                             std::to_string(kMaxNodes) + " values)"});
      return false;
    }
    out.mark = mark(in.Mark());
    switch (in.Type()) {
      case YAML::NodeType::Scalar:
        out.kind = YamlNode::Kind::scalar;
        out.text = in.Scalar();
        out.quoted = in.Tag() != "?";
        return check_closed_quote(in.Mark());
      case YAML::NodeType::Sequence:
        out.kind = YamlNode::Kind::sequence;
        for (const auto& item : in) {
          out.items.emplace_back();
          if (!convert(item, out.items.back(), depth + 1)) {
            return false;
          }
        }
        return true;
      case YAML::NodeType::Map:
        out.kind = YamlNode::Kind::mapping;
        return convert_mapping(in, out, depth);
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        out.kind = YamlNode::Kind::null;
        return true;
    }
    return true;
  }

 private:
  bool convert_mapping(const YAML::Node& in, YamlNode& out, int depth) {
    std::map<std::string, int, std::less<>> first_line;
    for (const auto pair : in) {
      const YAML::Node key = pair.first;
      const SourceMark key_mark = mark(key.Mark());
      if (!key.IsScalar()) {
        errors_.push_back({key_mark, "a key must be plain text, not " +
                                         std::string(key.IsMap() ? "a mapping" : "a list")});
        continue;
      }
      if (!check_closed_quote(key.Mark())) {
        return false;
      }
      const std::string& name = key.Scalar();
      if (auto seen = first_line.find(name); seen != first_line.end()) {
        errors_.push_back({key_mark, "duplicate key \"" + name + "\" (first given on line " +
                                         std::to_string(seen->second) + ")"});
        continue;
      }
      first_line.emplace(name, key_mark.line);
      YamlEntry entry{name, key_mark, {}};
      if (!convert(pair.second, entry.value, depth + 1)) {
        return false;
      }
      if (entry.value.is_null()) {
        // yaml-cpp places an empty value at the next token, often lines below; the key is where
        // the author looks.
        entry.value.mark = key_mark;
        entry.value.comment_follows = comment_after_key(key.Mark());
      }
      out.entries.push_back(std::move(entry));
    }
    return true;
  }

  std::string_view line_of(const YAML::Mark& m) const {
    if (m.line < 0 || static_cast<std::size_t>(m.line) >= line_starts_.size()) {
      return {};
    }
    const std::size_t start = line_starts_[static_cast<std::size_t>(m.line)];
    const std::size_t end = text_.find('\n', start);
    return text_.substr(start,
                        end == std::string_view::npos ? std::string_view::npos : end - start);
  }

  bool line_has_tab(const YAML::Mark& m) const {
    return line_of(m).find('\t') != std::string_view::npos;
  }

  bool comment_after_key(const YAML::Mark& key) const {
    const std::string_view line = line_of(key);
    const std::size_t colon = line.find(':', static_cast<std::size_t>(std::max(key.column, 0)));
    if (colon == std::string_view::npos) {
      return false;
    }
    const std::size_t next = line.find_first_not_of(" \t", colon + 1);
    return next != std::string_view::npos && line[next] == '#';
  }

  // yaml-cpp 0.7 accepts a quote that is never closed: it takes the following lines, keys and all,
  // as the text, up to the next quote character anywhere below. A quoted text may go on over
  // several lines only if they are indented deeper than the line it starts on.
  bool check_closed_quote(const YAML::Mark& m) {
    if (m.line < 0 || m.pos < 0 || static_cast<std::size_t>(m.pos) >= text_.size()) {
      return true;
    }
    const std::size_t open = static_cast<std::size_t>(m.pos);
    const char quote = text_[open];
    if (quote != '"' && quote != '\'') {
      return true;
    }
    const std::size_t open_indent = indentation(line_starts_[static_cast<std::size_t>(m.line)]);
    for (std::size_t i = open + 1; i < text_.size(); ++i) {
      if (quote == '"' && text_[i] == '\\') {
        ++i;
      } else if (text_[i] == '\n') {
        const std::size_t indent = indentation(i + 1);
        const std::size_t first = i + 1 + indent;
        const bool blank = first >= text_.size() || text_[first] == '\n' || text_[first] == '\r';
        if (!blank && indent <= open_indent) {
          break;
        }
      } else if (text_[i] == quote) {
        if (quote == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
          ++i;
        } else {
          return true;
        }
      }
    }
    errors_.push_back({mark(m), std::string("YAML syntax error: this quoted text is never closed; "
                                            "add the closing ") +
                                    quote});
    return false;
  }

  std::size_t indentation(std::size_t line_start) const {
    std::size_t n = 0;
    while (line_start + n < text_.size() && text_[line_start + n] == ' ') {
      ++n;
    }
    return n;
  }

  std::string_view text_;
  std::string file_;
  std::vector<std::size_t> line_starts_;
  std::vector<ConfigError> errors_;
  std::size_t nodes_ = 0;
};

}  // namespace

const YamlNode* YamlNode::find(std::string_view key) const {
  for (const auto& entry : entries) {
    if (entry.key == key) {
      return &entry.value;
    }
  }
  return nullptr;
}

std::string_view describe_kind(YamlNode::Kind kind) {
  switch (kind) {
    case YamlNode::Kind::null:
      return "empty";
    case YamlNode::Kind::scalar:
      return "text";
    case YamlNode::Kind::sequence:
      return "a list";
    case YamlNode::Kind::mapping:
      return "a mapping";
  }
  return "unknown";
}

YamlDocument parse_yaml(std::string_view text, const std::string& file) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.starts_with(kBom)) {
    text.remove_prefix(kBom.size());
  }
  Converter converter(text, file);
  YamlDocument doc;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    converter.syntax_error(e.mark, e.msg);
    doc.errors = std::move(converter.errors());
    return doc;
  } catch (const YAML::Exception& e) {
    converter.syntax_error(e.mark, e.msg);
    doc.errors = std::move(converter.errors());
    return doc;
  }
  if (!converter.convert(root, doc.root, 0)) {
    doc.root = YamlNode{};
  }
  doc.errors = std::move(converter.errors());
  return doc;
}

}  // namespace guildhall::core
