#include "core/yaml_value.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace guildhall::core {
namespace {

// Fails the test with a readable exception rather than dereferencing a null member.
const sdk::Value& at(const sdk::Value& value, std::string_view key) {
  const sdk::Value* member = value.find(key);
  if (member == nullptr) {
    throw std::out_of_range("no member " + std::string(key));
  }
  return *member;
}

TEST(ToSdkValue, ConvertsScalarsByTheCoreSchema) {
  const YamlDocument doc = parse_yaml(
      "i: 45\nneg: -3\nd: 1.5\nb: false\nn: ~\ns: hello\nq: \"45\"\nbig: 123456789012345678901\n",
      "p.yaml");
  ASSERT_TRUE(doc.errors.empty());
  SourceMap marks;
  const sdk::Value v = to_sdk_value(doc.root, marks);
  ASSERT_TRUE(v.is_object());
  EXPECT_EQ(at(v, "i").as_integer(), 45);
  EXPECT_EQ(at(v, "neg").as_integer(), -3);
  EXPECT_DOUBLE_EQ(at(v, "d").as_number(), 1.5);
  EXPECT_FALSE(at(v, "b").as_bool());
  EXPECT_TRUE(at(v, "n").is_null());
  EXPECT_EQ(at(v, "s").as_string(), "hello");
  EXPECT_EQ(at(v, "q").as_string(), "45");
  EXPECT_EQ(at(v, "big").as_string(), "123456789012345678901");
}

TEST(ToSdkValue, KeepsOrderAndRecordsMarksByDottedPath) {
  const YamlDocument doc = parse_yaml("z: 1\na:\n  list: [x, {k: v}]\n", "p.yaml");
  SourceMap marks;
  const sdk::Value v = to_sdk_value(doc.root, marks);
  ASSERT_EQ(v.as_object().size(), 2u);
  EXPECT_EQ(v.as_object()[0].first, "z");
  EXPECT_EQ(at(at(at(v, "a"), "list").as_array()[1], "k").as_string(), "v");
  EXPECT_EQ(marks.find("z"), (SourceMark{"p.yaml", 1, 4}));
  EXPECT_EQ(marks.find("a.list.1.k"), (SourceMark{"p.yaml", 3, 17}));
  // Unknown paths fall back to the nearest recorded ancestor.
  EXPECT_EQ(marks.find("a.list.7"), marks.find("a.list"));
  EXPECT_EQ(marks.find("nothing"), marks.find(""));
}

}  // namespace
}  // namespace guildhall::core
