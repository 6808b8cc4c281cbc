#include "core/mapping_reader.hpp"

#include <gtest/gtest.h>

#include "core/yaml_node.hpp"
#include "core/yaml_reader.hpp"

namespace guildhall::core {
namespace {

constexpr std::string_view kColors[] = {"red", "green", "blue"};

class MappingReaderTest : public ::testing::Test {
 protected:
  MappingReader read(std::string_view text) {
    doc_ = parse_yaml(text, "form.yaml");
    errors_ = doc_.errors;
    return MappingReader(doc_.root, reader_, "");
  }

  std::vector<std::string> messages() const {
    std::vector<std::string> out;
    for (const auto& e : errors_) {
      out.push_back(e.to_string());
    }
    return out;
  }

  YamlDocument doc_;
  std::vector<ConfigError> errors_;
  YamlReader reader_{errors_};
};

TEST_F(MappingReaderTest, ReadsTypedValues) {
  auto m = read("title: Hello\ncount: 42\nneg: -7\nenabled: true\ncolor: green\nitems: [a, b]\n");
  EXPECT_EQ(m.text("title", Presence::required), "Hello");
  EXPECT_EQ(m.integer("count", Presence::required), 42);
  EXPECT_EQ(m.integer("neg", Presence::required), -7);
  EXPECT_EQ(m.boolean("enabled", Presence::required), true);
  EXPECT_EQ(m.one_of("color", Presence::required, kColors), "green");
  const auto* items = m.list("items", Presence::required);
  ASSERT_NE(items, nullptr);
  EXPECT_EQ(items->size(), 2u);
  EXPECT_EQ(m.text("absent", Presence::optional), std::nullopt);
  m.finish();
  EXPECT_TRUE(errors_.empty()) << ::testing::PrintToString(messages());
}

TEST_F(MappingReaderTest, TextAcceptsAnyScalarAsWritten) {
  auto m = read("phone: 13800000000\ncode: 007\n");
  EXPECT_EQ(m.text("phone", Presence::required), "13800000000");
  EXPECT_EQ(m.text("code", Presence::required), "007");
  m.finish();
  EXPECT_TRUE(errors_.empty());
}

TEST_F(MappingReaderTest, CollectsEveryErrorNotJustTheFirst) {
  auto m = read(
      "title: [a]\n"
      "count: many\n"
      "enabled: yes\n"
      "color: gren\n"
      "items: {a: 1}\n"
      "titel: x\n");
  EXPECT_EQ(m.text("title", Presence::required), std::nullopt);
  EXPECT_EQ(m.integer("count", Presence::required), std::nullopt);
  EXPECT_EQ(m.boolean("enabled", Presence::required), std::nullopt);
  EXPECT_EQ(m.one_of("color", Presence::required, kColors), std::nullopt);
  EXPECT_EQ(m.list("items", Presence::required), nullptr);
  EXPECT_EQ(m.text("size", Presence::required), std::nullopt);
  m.finish();
  EXPECT_EQ(messages(), (std::vector<std::string>{
                            "form.yaml:1:8: \"title\" must be text, but it is a list",
                            "form.yaml:2:8: \"count\" must be a whole number, but it is \"many\"",
                            "form.yaml:3:10: \"enabled\" must be true or false, but it is \"yes\"",
                            "form.yaml:4:8: bad value \"gren\" for \"color\" (did you mean "
                            "\"green\"?); allowed values: red, green, blue",
                            "form.yaml:5:8: \"items\" must be a list, but it is a mapping",
                            "form.yaml:1:1: missing required key \"size\"",
                            "form.yaml:6:1: unknown key \"titel\" (did you mean \"title\"?)",
                        }));
}

TEST_F(MappingReaderTest, QuotedNumbersAreNotNumbers) {
  auto m = read("count: \"42\"\nflag: 'true'\n");
  EXPECT_EQ(m.integer("count", Presence::required), std::nullopt);
  EXPECT_EQ(m.boolean("flag", Presence::required), std::nullopt);
  EXPECT_EQ(errors_.size(), 2u);
}

TEST_F(MappingReaderTest, ReportsIntegersOutOfRange) {
  auto m = read("count: 99999999999999999999\n");
  EXPECT_EQ(m.integer("count", Presence::required), std::nullopt);
  ASSERT_EQ(errors_.size(), 1u);
  EXPECT_EQ(errors_[0].message, "\"count\" is too large: 99999999999999999999");
}

TEST_F(MappingReaderTest, NestedMappingsNameTheirPath) {
  auto m = read("form:\n  fields:\n    size: 3\n    colour: red\n");
  auto form = m.mapping("form", Presence::required);
  ASSERT_TRUE(form.has_value());
  auto fields = form->mapping("fields", Presence::required);
  ASSERT_TRUE(fields.has_value());
  EXPECT_EQ(fields->path(), "form.fields");
  EXPECT_EQ(fields->integer("size", Presence::required), 3);
  EXPECT_EQ(fields->one_of("color", Presence::required, kColors), std::nullopt);
  EXPECT_EQ(fields->text("label", Presence::optional), std::nullopt);
  fields->finish();
  form->finish();
  m.finish();
  EXPECT_EQ(messages(), (std::vector<std::string>{
                            "form.yaml:3:5: missing required key \"color\" in \"form.fields\"",
                            "form.yaml:4:5: unknown key \"colour\" in \"form.fields\" (did you "
                            "mean \"color\"?)",
                        }));
}

TEST_F(MappingReaderTest, UnknownKeyWithoutNearMissListsTheAllowedKeys) {
  auto m = read("a: 1\nzzz: 2\n");
  EXPECT_EQ(m.integer("a", Presence::required), 1);
  EXPECT_EQ(m.integer("b", Presence::optional), std::nullopt);
  m.finish();
  ASSERT_EQ(errors_.size(), 1u);
  EXPECT_EQ(errors_[0].to_string(), "form.yaml:2:1: unknown key \"zzz\"; allowed keys: a, b");
}

TEST_F(MappingReaderTest, EmptyValueOfARequiredKeyIsReported) {
  auto m = read("title:\nkind: x\n");
  EXPECT_EQ(m.text("title", Presence::required), std::nullopt);
  EXPECT_EQ(m.text("kind", Presence::required), "x");
  ASSERT_EQ(errors_.size(), 1u);
  EXPECT_EQ(errors_[0].to_string(), "form.yaml:1:1: \"title\" must be text, but it is empty");
}

TEST_F(MappingReaderTest, ValueCutByACommentGetsAnExplanation) {
  auto m = read("color: #FF0000\n");
  EXPECT_EQ(m.text("color", Presence::required), std::nullopt);
  ASSERT_EQ(errors_.size(), 1u);
  EXPECT_EQ(errors_[0].message,
            "\"color\" is empty because # starts a comment; put the value in quotes, e.g. "
            "\"#1A5FB4\"");
}

TEST_F(MappingReaderTest, NonMappingRootIsReportedOnceAndGettersStaySilent) {
  auto m = read("- a\n- b\n");
  EXPECT_FALSE(m.ok());
  EXPECT_EQ(m.text("title", Presence::required), std::nullopt);
  m.finish();
  ASSERT_EQ(errors_.size(), 1u);
  EXPECT_EQ(errors_[0].to_string(),
            "form.yaml:1:1: the file must be a mapping of keys to values, but it is a list");
}

TEST_F(MappingReaderTest, EmptyDocumentIsReported) {
  auto m = read("");
  EXPECT_FALSE(m.ok());
  ASSERT_EQ(errors_.size(), 1u);
  EXPECT_EQ(errors_[0].to_string(), "form.yaml:1:1: the file is empty");
}

TEST_F(MappingReaderTest, DuplicateKeysFromTheParserComeFirst) {
  auto m = read("a: 1\na: 2\n");
  EXPECT_EQ(m.integer("a", Presence::required), 1);
  m.finish();
  ASSERT_EQ(errors_.size(), 1u);
  EXPECT_EQ(errors_[0].message, "duplicate key \"a\" (first given on line 1)");
}

}  // namespace
}  // namespace guildhall::core
