#include "core/yaml_node.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace guildhall::core {
namespace {

const YamlNode& at(const YamlNode& node, std::string_view key) {
  const YamlNode* value = node.find(key);
  if (value == nullptr) {
    throw std::out_of_range("no key " + std::string(key));
  }
  return *value;
}

TEST(ParseYaml, RecordsOneBasedMarksForKeysAndValues) {
  const YamlDocument doc = parse_yaml("a: 1\nb:\n  c: [x, 'y']\n", "f.yaml");
  ASSERT_TRUE(doc.errors.empty());
  ASSERT_TRUE(doc.root.is_mapping());
  ASSERT_EQ(doc.root.entries.size(), 2u);
  EXPECT_EQ(doc.root.entries[0].key_mark, (SourceMark{"f.yaml", 1, 1}));
  EXPECT_EQ(doc.root.entries[0].value.mark, (SourceMark{"f.yaml", 1, 4}));
  const YamlNode& c = at(at(doc.root, "b"), "c");
  ASSERT_TRUE(c.is_sequence());
  EXPECT_EQ(c.items[1].text, "y");
  EXPECT_TRUE(c.items[1].quoted);
  EXPECT_FALSE(c.items[0].quoted);
  EXPECT_EQ(c.items[1].mark, (SourceMark{"f.yaml", 3, 10}));
}

TEST(ParseYaml, CountsColumnsInCharactersNotBytes) {
  const YamlDocument doc = parse_yaml("name: {zh-CN: 中文名字, en: x}\n", "f.yaml");
  ASSERT_TRUE(doc.errors.empty());
  const auto& entries = at(doc.root, "name").entries;
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].key_mark.column, 21);
}

TEST(ParseYaml, ReportsEveryDuplicateKeyAndKeepsTheFirst) {
  const YamlDocument doc = parse_yaml("a: 1\nb: 2\na: 3\nb: 4\nc: {x: 1, x: 2}\n", "f.yaml");
  ASSERT_EQ(doc.errors.size(), 3u);
  EXPECT_EQ(doc.errors[0].to_string(), "f.yaml:3:1: duplicate key \"a\" (first given on line 1)");
  EXPECT_EQ(doc.errors[1].to_string(), "f.yaml:4:1: duplicate key \"b\" (first given on line 2)");
  EXPECT_EQ(doc.errors[2].to_string(), "f.yaml:5:11: duplicate key \"x\" (first given on line 5)");
  EXPECT_EQ(at(doc.root, "a").text, "1");
  EXPECT_EQ(doc.root.entries.size(), 3u);
}

TEST(ParseYaml, ReportsSyntaxErrorsWithPositionAndHint) {
  const YamlDocument doc = parse_yaml("a: [1, 2\nb: 3\n", "f.yaml");
  ASSERT_EQ(doc.errors.size(), 1u);
  EXPECT_EQ(doc.errors[0].mark.line, 2);
  EXPECT_NE(doc.errors[0].message.find("YAML syntax error: end of sequence flow not found"),
            std::string::npos);
  EXPECT_NE(doc.errors[0].message.find("never closed"), std::string::npos);
  EXPECT_TRUE(doc.root.is_null());
}

TEST(ParseYaml, CatchesAQuoteThatIsNeverClosed) {
  const YamlDocument doc = parse_yaml("a: ok\nb: \"runs on\nc: 1\n", "f.yaml");
  ASSERT_EQ(doc.errors.size(), 1u);
  EXPECT_EQ(doc.errors[0].to_string(),
            "f.yaml:2:4: YAML syntax error: this quoted text is never closed; add the closing \"");
}

TEST(ParseYaml, CatchesAQuoteThatRunsIntoTheNextKey) {
  const YamlDocument doc = parse_yaml("a:\n  b: \"open\nc: {d: \"#FFFFFF\"}\n", "f.yaml");
  ASSERT_EQ(doc.errors.size(), 1u);
  EXPECT_EQ(doc.errors[0].mark, (SourceMark{"f.yaml", 2, 6}));
}

TEST(ParseYaml, AcceptsQuotedTextContinuedOnDeeperLines) {
  const YamlDocument doc = parse_yaml("a: \"one\n  two\"\nb: 'x\n\n   y'\n", "f.yaml");
  ASSERT_TRUE(doc.errors.empty());
  EXPECT_EQ(at(doc.root, "a").text, "one two");
  EXPECT_EQ(at(doc.root, "b").text, "x\ny");
}

TEST(ParseYaml, AcceptsEscapedQuotesInsideQuotes) {
  const YamlDocument doc = parse_yaml("a: \"say \\\"hi\\\"\"\nb: 'it''s'\n", "f.yaml");
  EXPECT_TRUE(doc.errors.empty());
  EXPECT_EQ(at(doc.root, "a").text, "say \"hi\"");
  EXPECT_EQ(at(doc.root, "b").text, "it's");
}

TEST(ParseYaml, EmptyValueIsNullAtItsKeyAndNotesAFollowingComment) {
  const YamlDocument doc = parse_yaml("a:\nb: #FFFFFF\nc: 1\n", "f.yaml");
  ASSERT_TRUE(doc.errors.empty());
  const YamlNode& a = at(doc.root, "a");
  const YamlNode& b = at(doc.root, "b");
  EXPECT_TRUE(a.is_null());
  EXPECT_EQ(a.mark.line, 1);
  EXPECT_FALSE(a.comment_follows);
  EXPECT_TRUE(b.is_null());
  EXPECT_EQ(b.mark.line, 2);
  EXPECT_TRUE(b.comment_follows);
}

TEST(ParseYaml, EmptyTextIsANullRoot) {
  const YamlDocument doc = parse_yaml("# nothing here\n", "f.yaml");
  EXPECT_TRUE(doc.errors.empty());
  EXPECT_TRUE(doc.root.is_null());
  EXPECT_EQ(doc.root.mark.line, 1);
}

TEST(ParseYaml, SkipsAByteOrderMark) {
  const YamlDocument doc = parse_yaml("\xEF\xBB\xBFk: v\n", "f.yaml");
  ASSERT_TRUE(doc.errors.empty());
  EXPECT_EQ(doc.root.entries.at(0).key, "k");
  EXPECT_EQ(doc.root.entries.at(0).value.mark.column, 4);
}

TEST(ParseYaml, StopsAliasExpansionBombs) {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 8; ++i) {
    const std::string prev = "a" + std::to_string(i - 1);
    const std::string name = "a" + std::to_string(i);
    text += name + ": &" + name + " [";
    for (int j = 0; j < 10; ++j) {
      text += (j ? ", *" : "*") + prev;
    }
    text += "]\n";
  }
  const YamlDocument doc = parse_yaml(text, "bomb.yaml");
  ASSERT_EQ(doc.errors.size(), 1u);
  EXPECT_NE(doc.errors[0].message.find("too large"), std::string::npos);
  EXPECT_TRUE(doc.root.is_null());
}

TEST(ParseYaml, RejectsKeysThatAreNotText) {
  const YamlDocument doc = parse_yaml("? [a, b]\n: 1\nc: 2\n", "f.yaml");
  ASSERT_EQ(doc.errors.size(), 1u);
  EXPECT_EQ(doc.errors[0].message, "a key must be plain text, not a list");
  EXPECT_NE(doc.root.find("c"), nullptr);
}

TEST(ConfigError, FormatsWithOrWithoutPosition) {
  EXPECT_EQ((ConfigError{{"t.yaml", 3, 5}, "bad"}).to_string(), "t.yaml:3:5: bad");
  EXPECT_EQ((ConfigError{{"t.yaml", 0, 0}, "missing"}).to_string(), "t.yaml: missing");
}

}  // namespace
}  // namespace guildhall::core
