#include "forms/form_validator.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "forms/form_reader.hpp"
#include "forms/identifiers.hpp"

namespace guildhall::forms {
namespace {

using sdk::Value;
using ::testing::HasSubstr;

constexpr CivilDate kToday{2026, 11, 22};

FormDefinition read(std::string_view yaml) {
  auto result = parse_form(yaml, "form.yaml");
  EXPECT_TRUE(result.form) << (result.errors.empty() ? "" : result.errors.front().to_string());
  return result.form.value_or(FormDefinition{});
}

constexpr std::string_view kForm = R"(key: f
title: {zh-CN: 表}
sections:
  - key: s
    title: {zh-CN: 节}
    fields:
      - {key: id_number, type: id_number, label: {zh-CN: 身份证号码}, required: true}
      - {key: committee, type: select, label: {zh-CN: 专委会}, dictionary: committees}
)";

TEST(FormValidatorTest, PassesTheIdentifierMessageThroughInBothLanguages) {
  const FormDefinition form = read(kForm);
  auto result =
      validate_form(form, Value(Value::Object{{"id_number", "120101200801014522"}}), kToday);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].field, "id_number");
  EXPECT_EQ(result.errors[0].code, kIdNumberCheckDigit);
  EXPECT_THAT(result.errors[0].message.zh_cn, HasSubstr("身份证号码校验位不正确"));
  EXPECT_THAT(result.errors[0].message.in("en"), HasSubstr("check digit"));
  EXPECT_FALSE(result.ok());
}

TEST(FormValidatorTest, ChecksDictionaryOptionsWhenTheDictionariesAreGiven) {
  const FormDefinition form = read(kForm);
  const Value input(Value::Object{{"id_number", "11010519491231002X"}, {"committee", "heart"}});
  // Without the tenant's dictionaries only the shape can be checked.
  EXPECT_TRUE(validate_form(form, input, kToday).ok());
  const Dictionaries dictionaries{{"committees", {{"lung", {"肺癌专委会", ""}}}}};
  auto refused = validate_form(form, input, kToday, &dictionaries);
  ASSERT_EQ(refused.errors.size(), 1u);
  EXPECT_EQ(refused.errors[0].code, kInvalidOption);
  const Value good(Value::Object{{"id_number", "11010519491231002X"}, {"committee", "lung"}});
  auto accepted = validate_form(form, good, kToday, &dictionaries);
  EXPECT_TRUE(accepted.ok());
  EXPECT_EQ(accepted.values, good);
}

TEST(FormValidatorTest, RefusesAValueThatIsNoObjectAsEmpty) {
  const FormDefinition form = read(kForm);
  auto result = validate_form(form, Value("not an object"), kToday);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].code, kRequired);
}

TEST(FormValidatorTest, TreatsAHandBuiltConditionCycleAsHidden) {
  // The reader refuses cycles; a definition built in code must still not recurse forever.
  FormDefinition form;
  Section section;
  Field a;
  a.key = "a";
  a.required = true;
  a.visible_when = Condition{Condition::Kind::empty, "b", {}, false, 0, {}, {}};
  Field b = a;
  b.key = "b";
  b.visible_when->field = "a";
  section.fields = {a, b};
  form.sections = {section};
  auto visible = visible_fields(form, Value(Value::Object{{"a", "x"}, {"b", "y"}}), kToday);
  EXPECT_LE(visible.size(), 1u);
}

}  // namespace
}  // namespace guildhall::forms
