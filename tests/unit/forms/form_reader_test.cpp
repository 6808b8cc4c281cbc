#include "forms/form_reader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "forms/form_json.hpp"

namespace guildhall::forms {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr std::string_view kForm = R"(key: membership
title: {zh-CN: 入会申请, en: Membership application}
sections:
  - key: basic
    title: {zh-CN: 基本信息, en: Basic information}
    fields:
      - key: name
        type: text
        label: {zh-CN: 姓名, en: Name}
        required: true
        min_length: 2
        max_length: 20
      - key: member_type
        type: radio
        label: {zh-CN: 会员类型, en: Member type}
        required: true
        options:
          - {value: student, label: {zh-CN: 学生会员, en: Student member}}
          - {value: professional, label: {zh-CN: 专业会员}}
      - key: birth_date
        type: date
        label: {zh-CN: 出生日期}
        max: today
      - key: youth_council
        type: checkbox
        label: {zh-CN: 申请加入青年委员会}
        visibleWhen: {field: birth_date, age_below: 45}
      - key: years
        type: number
        label: {zh-CN: 从业年限}
        min: 0
        max: 60.5
      - key: committees
        type: select
        label: {zh-CN: 专委会}
        dictionary: committees
        multiple: true
  - key: student
    title: {zh-CN: 学生信息}
    visibleWhen: {field: member_type, eq: student}
    fields:
      - key: student_card
        type: upload
        label: {zh-CN: 学生证}
        required: true
        upload: {types: [jpg, png, pdf], max_size_mb: 5, max_count: 2}
      - key: school
        type: organisation
        label: {zh-CN: 学校}
        visibleWhen:
          all:
            - {field: student_card, empty: false}
            - not: {field: member_type, in: [professional]}
)";

std::vector<std::string> messages(const FormParseResult& result) {
  std::vector<std::string> out;
  for (const auto& e : result.errors) {
    out.push_back(e.to_string());
  }
  return out;
}

TEST(FormReaderTest, ReadsSectionsFieldsOptionsUploadsAndConditions) {
  auto result = parse_form(kForm, "form.yaml");
  ASSERT_TRUE(result.form) << ::testing::PrintToString(messages(result));
  const FormDefinition& form = *result.form;
  EXPECT_EQ(form.key, "membership");
  EXPECT_EQ(form.title.en, "Membership application");
  ASSERT_EQ(form.sections.size(), 2u);
  const Field* name = form.find("name");
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->type, FieldType::text);
  EXPECT_TRUE(name->required);
  EXPECT_EQ(name->min_length, 2);
  EXPECT_EQ(name->max_length, 20);
  EXPECT_EQ(name->mark.line, 7);
  const Field* type = form.find("member_type");
  ASSERT_EQ(type->options.size(), 2u);
  EXPECT_EQ(type->options[1].value, "professional");
  EXPECT_EQ(type->options[1].label.zh_cn, "专业会员");
  EXPECT_EQ(form.find("birth_date")->max_date, "today");
  EXPECT_EQ(form.find("years")->max, 60.5);
  EXPECT_EQ(form.find("committees")->dictionary, "committees");
  EXPECT_TRUE(form.find("committees")->multiple);
  const auto& youth = form.find("youth_council")->visible_when;
  ASSERT_TRUE(youth);
  EXPECT_EQ(youth->kind, Condition::Kind::age_below);
  EXPECT_EQ(youth->age, 45);
  ASSERT_TRUE(form.sections[1].visible_when);
  EXPECT_EQ(form.sections[1].visible_when->values, std::vector<std::string>{"student"});
  const Field* card = form.find("student_card");
  ASSERT_TRUE(card->upload);
  EXPECT_EQ(card->upload->max_count, 2);
  EXPECT_EQ(card->upload->types, (std::vector<std::string>{"jpg", "png", "pdf"}));
  const auto& school = form.find("school")->visible_when;
  ASSERT_TRUE(school);
  EXPECT_EQ(school->kind, Condition::Kind::all);
  ASSERT_EQ(school->children.size(), 2u);
  EXPECT_EQ(school->children[1].kind, Condition::Kind::not_);
  EXPECT_EQ(school->children[1].children.at(0).kind, Condition::Kind::in);
}

TEST(FormReaderTest, JsonReadsBackToTheSameDefinition) {
  auto first = parse_form(kForm, "form.yaml");
  ASSERT_TRUE(first.form);
  const std::string json = form_to_json(*first.form);
  EXPECT_THAT(json, HasSubstr(R"("visibleWhen":{"age_below":45,"field":"birth_date"})"));
  auto second = parse_form(json, "form.json");
  ASSERT_TRUE(second.form) << ::testing::PrintToString(messages(second));
  EXPECT_EQ(form_to_json(*second.form), json);
}

TEST(FormReaderTest, ReportsAnUnknownTypeAtItsPosition) {
  auto result = parse_form(R"(key: f
title: {zh-CN: 表}
sections:
  - key: s
    title: {zh-CN: 节}
    fields:
      - {key: phone, type: mobil, label: {zh-CN: 手机}}
)",
                           "f.yaml");
  EXPECT_FALSE(result.form);
  ASSERT_EQ(result.errors.size(), 1u) << ::testing::PrintToString(messages(result));
  EXPECT_EQ(result.errors[0].mark.line, 7);
  EXPECT_EQ(result.errors[0].mark.column, 28);
  EXPECT_THAT(result.errors[0].message, HasSubstr("\"mobile\""));
}

TEST(FormReaderTest, ReportsConditionsOnUnknownFieldsWithASuggestion) {
  auto result = parse_form(R"(key: f
title: {zh-CN: 表}
sections:
  - key: s
    title: {zh-CN: 节}
    fields:
      - {key: member_type, type: text, label: {zh-CN: 类型}}
      - key: card
        type: text
        label: {zh-CN: 学生证号}
        visibleWhen: {field: membertype, eq: student}
)",
                           "f.yaml");
  EXPECT_FALSE(result.form);
  EXPECT_THAT(messages(result),
              ElementsAre("f.yaml:11:22: the condition names the unknown field \"membertype\" "
                          "(did you mean \"member_type\"?)"));
}

TEST(FormReaderTest, ReportsDuplicateKeysAcrossSections) {
  auto result = parse_form(R"(key: f
title: {zh-CN: 表}
sections:
  - key: s
    title: {zh-CN: 节}
    fields:
      - {key: name, type: text, label: {zh-CN: 姓名}}
  - key: s
    title: {zh-CN: 节二}
    fields:
      - {key: name, type: text, label: {zh-CN: 姓名}}
)",
                           "f.yaml");
  EXPECT_FALSE(result.form);
  EXPECT_THAT(messages(result),
              ElementsAre("f.yaml:8:10: section \"s\" is defined twice (first on line 4)",
                          "f.yaml:11:15: field \"name\" is defined twice (first on line 7)"));
}

TEST(FormReaderTest, ReportsMisplacedAndMissingOptionsAndBadAgeRules) {
  auto result = parse_form(R"(key: f
title: {zh-CN: 表}
sections:
  - key: s
    title: {zh-CN: 节}
    fields:
      - {key: name, type: text, label: {zh-CN: 姓名}, options: [{value: a, label: {zh-CN: 甲}}]}
      - {key: level, type: select, label: {zh-CN: 级别}}
      - {key: note, type: text, label: {zh-CN: 备注}, visibleWhen: {field: name, age_below: 45}}
      - {key: x, type: text, label: {zh-CN: 某}, visibleWhen: {field: name, eq: a, ne: b}}
)",
                           "f.yaml");
  EXPECT_FALSE(result.form);
  auto all = messages(result);
  ASSERT_EQ(all.size(), 4u) << ::testing::PrintToString(all);
  EXPECT_THAT(all[0], HasSubstr("f.yaml:7:53: \"sections[1].fields[1].options\" applies only to "
                                "select, radio and checkbox fields"));
  EXPECT_THAT(all[1], HasSubstr("f.yaml:8:9: \"sections[1].fields[2]\" needs \"options\" or "
                                "\"dictionary\""));
  EXPECT_THAT(all[2], HasSubstr("needs exactly one of"));
  EXPECT_THAT(all[3], HasSubstr("an age rule needs a date or id_number field"));
}

TEST(FormReaderTest, ReportsWhatAnIdNumberCannotFill) {
  auto result = parse_form(R"(key: f
title: {zh-CN: 表}
sections:
  - key: s
    title: {zh-CN: 节}
    fields:
      - {key: sex, type: radio, label: {zh-CN: 性别}, options: [{value: m, label: {zh-CN: 男}}, {value: f, label: {zh-CN: 女}}]}
      - {key: born, type: text, label: {zh-CN: 出生}}
      - {key: id, type: id_number, label: {zh-CN: 证件}, fills: {birth_date: born, gender: sex}}
      - {key: id2, type: id_number, label: {zh-CN: 证件}, fills: {birth_date: bron, sex: sex}}
      - {key: note, type: text, label: {zh-CN: 备注}, fills: {gender: sex}}
)",
                           "f.yaml");
  EXPECT_FALSE(result.form);
  auto all = messages(result);
  ASSERT_EQ(all.size(), 6u) << ::testing::PrintToString(all);
  EXPECT_THAT(all[0],
              HasSubstr("f.yaml:10:83: unknown key \"sex\" in "
                        "\"sections[1].fields[4].fills\"; allowed keys: birth_date, gender"));
  EXPECT_THAT(all[1], HasSubstr("f.yaml:11:53: \"sections[1].fields[5].fills\" applies only to "
                                "id_number fields"));
  EXPECT_THAT(all[2], HasSubstr("f.yaml:9:76: the birth date is filled into a date field, but "
                                "\"born\" is of type \"text\""));
  const std::string not_gender =
      "the gender is filled into a radio or select field with the options \"male\" and "
      "\"female\", which \"sex\" is not";
  EXPECT_THAT(all[3], HasSubstr("f.yaml:9:90: " + not_gender));
  EXPECT_THAT(all[4], HasSubstr("f.yaml:10:77: the ID number fills the unknown field \"bron\" "
                                "(did you mean \"born\"?)"));
  EXPECT_THAT(all[5], HasSubstr("f.yaml:11:69: " + not_gender));
}

TEST(FormReaderTest, RefusesConditionsThatDependOnEachOther) {
  auto result = parse_form(R"(key: f
title: {zh-CN: 表}
sections:
  - key: s
    title: {zh-CN: 节}
    fields:
      - {key: a, type: text, label: {zh-CN: 甲}, visibleWhen: {field: b, empty: false}}
      - {key: b, type: text, label: {zh-CN: 乙}, visibleWhen: {field: a, empty: false}}
)",
                           "f.yaml");
  EXPECT_FALSE(result.form);
  EXPECT_THAT(messages(result),
              ElementsAre("f.yaml:7:9: the visibleWhen conditions depend on each other in a "
                          "cycle: a → b → a"));
}

}  // namespace
}  // namespace guildhall::forms
