// Runs every conformance case of tests/fixtures/forms/ (README.md there describes the format)
// through the reader and the validator. The web renderer's suite runs the same files, so a rule
// that changes here must change there too.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <guildhall/sdk/value.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "forms/civil_date.hpp"
#include "forms/form_json.hpp"
#include "forms/form_reader.hpp"
#include "forms/form_validator.hpp"
#include "forms/value_json.hpp"

namespace guildhall::forms {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kCases = fs::path(GUILDHALL_SOURCE_DIR) / "tests" / "fixtures" / "forms";

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> case_files() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kCases)) {
    if (entry.path().extension() == ".json") {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> sorted_pairs(const json& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) {
    out.push_back(e.at("field").get<std::string>() + ": " + e.at("code").get<std::string>());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class ConformanceTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ConformanceTest, MatchesExpectedErrorsAndValues) {
  const json c = json::parse(read_text(kCases / GetParam()));
  SCOPED_TRACE(c.at("description").get<std::string>());
  const json& definition = c.at("definition");
  const FormParseResult parsed = definition.is_string()
                                     ? parse_form(read_text(kCases / definition.get<std::string>()),
                                                  definition.get<std::string>())
                                     : parse_form(definition.dump(), GetParam());
  std::vector<std::string> load_errors;
  for (const auto& e : parsed.errors) {
    load_errors.push_back(e.to_string());
  }
  ASSERT_TRUE(parsed.form) << ::testing::PrintToString(load_errors);
  // The browser gets form_to_json; it must describe the same form.
  const std::string served = form_to_json(*parsed.form);
  const auto reparsed = parse_form(served, "served.json");
  ASSERT_TRUE(reparsed.form);
  EXPECT_EQ(form_to_json(*reparsed.form), served);

  const auto today = CivilDate::parse(c.at("today").get<std::string>());
  ASSERT_TRUE(today);
  const sdk::Value input = value_from_json(c.at("input").dump());
  const ValidationResult result = validate_form(*parsed.form, input, *today);

  json actual_errors = json::array();
  for (const auto& e : result.errors) {
    actual_errors.push_back({{"field", e.field}, {"code", e.code}});
    EXPECT_FALSE(e.message.zh_cn.empty()) << e.field;
    EXPECT_FALSE(e.message.en.empty()) << e.field;
  }
  const json& expected = c.at("expected");
  EXPECT_EQ(sorted_pairs(actual_errors), sorted_pairs(expected.at("errors")));
  if (expected.contains("values")) {
    EXPECT_EQ(json::parse(value_to_json(result.values)), expected.at("values"));
  }
  if (expected.contains("visible")) {
    EXPECT_EQ(json(visible_fields(*parsed.form, input, *today)), expected.at("visible"));
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, ConformanceTest, ::testing::ValuesIn(case_files()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string name = fs::path(param_info.param).stem().string();
                           std::replace_if(
                               name.begin(), name.end(),
                               [](char ch) {
                                 return !std::isalnum(static_cast<unsigned char>(ch));
                               },
                               '_');
                           return "case_" + name;
                         });

TEST(ConformanceSuiteTest, HasACaseForEveryRule) {
  EXPECT_GE(case_files().size(), 15u);
}

}  // namespace
}  // namespace guildhall::forms
