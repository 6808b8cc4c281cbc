#include "tenancy/tenant_loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>

namespace guildhall::tenancy {
using core::ConfigError;
using core::SourceMark;
namespace {

namespace fs = std::filesystem;

const fs::path kSourceDir = GUILDHALL_SOURCE_DIR;
const fs::path kBrokenDir = kSourceDir / "tests/fixtures/tenants_broken";

TenantCheckContext demo_context() {
  TenantCheckContext context;
  context.templates_root = kSourceDir / "templates";
  context.plugin_exists = [](std::string_view name) {
    return name == "medical" || name == "provincial";
  };
  return context;
}

std::vector<std::string> to_strings(const std::vector<ConfigError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) {
    out.push_back(e.to_string());
  }
  return out;
}

const TenantConfig& find(const TenantLoadResult& result, std::string_view slug) {
  for (const auto& t : result.tenants) {
    if (t->slug == slug) {
      return *t;
    }
  }
  throw std::out_of_range("no tenant " + std::string(slug));
}

const sdk::Value& at(const sdk::Value& value, std::string_view key) {
  const sdk::Value* member = value.find(key);
  if (member == nullptr) {
    throw std::out_of_range("no member " + std::string(key));
  }
  return *member;
}

// A scratch folder under the build tree, emptied for each test.
class TempDir {
 public:
  explicit TempDir(const std::string& name) : path_(fs::path(GUILDHALL_BINARY_DIR) / "tmp" / name) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

  fs::path write(const std::string& relative, const std::string& text) const {
    const fs::path file = path_ / relative;
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
    return file;
  }

 private:
  fs::path path_;
};

std::string minimal_tenant(const std::string& slug, const std::string& parent = "") {
  std::string text = "slug: " + slug + "\n";
  if (!parent.empty()) {
    text += "parent: " + parent + "\n";
  }
  return text +
         "kind: national\nname: {zh-CN: 测试}\nbranding: {primary_color: \"#123456\", "
         "logo_text: 测}\n";
}

TEST(DemoTenants, EveryTenantUnderTenantsLoadsWithoutErrors) {
  const TenantLoadResult result = load_tenants({kSourceDir / "tenants"}, demo_context());
  EXPECT_TRUE(result.ok()) << ::testing::PrintToString(to_strings(result.errors));
  std::set<std::string> slugs;
  for (const auto& t : result.tenants) {
    slugs.insert(t->slug);
  }
  EXPECT_EQ(slugs, (std::set<std::string>{"med", "med-tj", "med-lung", "med-breast", "med-youth",
                                          "pcb", "sci", "sci-phys", "sci-chem"}));
  std::size_t folders = 0;
  for (const auto& entry : fs::directory_iterator(kSourceDir / "tenants")) {
    folders += entry.is_directory() ? 1 : 0;
  }
  EXPECT_EQ(result.tenants.size(), folders);
}

TEST(DemoTenants, FormThreeRealmsWithDistinctBranding) {
  const TenantLoadResult result = load_tenants({kSourceDir / "tenants"}, demo_context());
  ASSERT_TRUE(result.ok());
  const auto realms = compute_realms(result.tenants);
  EXPECT_EQ(realms.at("med-tj"), "med");
  EXPECT_EQ(realms.at("med-youth"), "med");
  EXPECT_EQ(realms.at("med"), "med");
  EXPECT_EQ(realms.at("pcb"), "pcb");
  EXPECT_EQ(realms.at("sci-chem"), "sci");
  std::set<std::string> colors;
  for (const auto& t : result.tenants) {
    colors.insert(t->branding.primary_color);
    EXPECT_FALSE(t->name.zh_cn.empty()) << t->slug;
    EXPECT_FALSE(t->name.en.empty()) << t->slug;
    EXPECT_FALSE(t->member_types.empty()) << t->slug;
  }
  EXPECT_EQ(colors.size(), result.tenants.size());

  const TenantConfig& med = find(result, "med");
  EXPECT_EQ(med.kind, TenantKind::national);
  EXPECT_TRUE(med.is_realm_root());
  ASSERT_TRUE(med.plugin.has_value());
  EXPECT_EQ(med.plugin->name, "medical");
  EXPECT_EQ(at(med.plugin->section, "max_specialty_committees").as_integer(), 5);
  EXPECT_EQ(at(med.plugin->section, "youth_council_age_limit").as_integer(), 45);
  const MemberType* student = med.find_member_type("student");
  ASSERT_NE(student, nullptr);
  EXPECT_EQ(student->name.zh_cn, "学生会员");
  EXPECT_EQ(find(result, "med-youth").kind, TenantKind::youth_council);
  EXPECT_EQ(find(result, "med-tj").plugin->name, "provincial");

  const TenantConfig& pcb = find(result, "pcb");
  EXPECT_EQ(pcb.kind, TenantKind::industry);
  std::vector<std::string> levels;
  for (const auto& type : pcb.member_types) {
    levels.push_back(type.name.zh_cn);
  }
  EXPECT_EQ(levels, (std::vector<std::string>{"会长单位", "副会长单位", "理事单位", "会员单位"}));
}

TEST(DemoTenants, ParentsComeBeforeChildren) {
  const TenantLoadResult result = load_tenants({kSourceDir / "tenants"}, demo_context());
  std::set<std::string> seen;
  for (const auto& t : result.tenants) {
    if (!t->parent.empty()) {
      EXPECT_TRUE(seen.contains(t->parent)) << t->slug << " before " << t->parent;
    }
    seen.insert(t->slug);
  }
}

// Each case folder under tests/fixtures/tenants_broken is loaded like tenants/; every file in it
// states the errors it must produce as "# expect: line:col: message" lines.
std::vector<std::string> broken_cases() {
  std::vector<std::string> cases;
  for (const auto& entry : fs::directory_iterator(kBrokenDir)) {
    if (entry.is_directory()) {
      cases.push_back(entry.path().filename().string());
    }
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

class BrokenTenants : public ::testing::TestWithParam<std::string> {};

TEST_P(BrokenTenants, ProduceExactlyTheirExpectedErrors) {
  const fs::path case_dir = kBrokenDir / GetParam();
  const std::string prefix = case_dir.generic_string() + "/";
  std::vector<std::string> expected;
  for (const auto& entry : fs::recursive_directory_iterator(case_dir)) {
    if (!entry.is_regular_file()) {
      continue;
    }
    const std::string relative = fs::relative(entry.path(), case_dir).generic_string();
    std::ifstream in(entry.path());
    std::string line;
    while (std::getline(in, line)) {
      constexpr std::string_view kTag = "# expect: ";
      if (line.starts_with(kTag)) {
        expected.push_back(relative + ":" + line.substr(kTag.size()));
      }
    }
  }
  ASSERT_FALSE(expected.empty()) << "no \"# expect:\" line in " << case_dir;

  const TenantLoadResult result = load_tenants({case_dir}, demo_context());
  std::vector<std::string> actual;
  for (const auto& e : result.errors) {
    std::string text = e.to_string();
    for (auto pos = text.find(prefix); pos != std::string::npos; pos = text.find(prefix)) {
      text.erase(pos, prefix.size());
    }
    actual.push_back(text);
  }
  std::sort(expected.begin(), expected.end());
  std::sort(actual.begin(), actual.end());
  EXPECT_EQ(actual, expected);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, BrokenTenants, ::testing::ValuesIn(broken_cases()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

TEST(BrokenTenants, CoverEveryKindOfMistake) {
  const auto cases = broken_cases();
  for (const char* required :
       {"unknown_key", "wrong_type", "missing_required", "duplicate_key", "bad_enum", "bad_slug",
        "slug_folder_mismatch", "missing_parent", "cycle", "missing_template", "missing_plugin",
        "yaml_syntax", "bad_colour", "duplicate_slug", "form_unknown_type",
        "form_unknown_condition_field", "form_duplicate_field", "form_unknown_dictionary",
        "form_gender_fill", "workflow_unknown_form", "workflow_mistakes"}) {
    EXPECT_NE(std::find(cases.begin(), cases.end(), required), cases.end()) << required;
  }
}

// The workflow fixture of the integration tests, read into its typed form; the branch follows
// its own workflow, and a branch without one would follow its parent's.
TEST(TenantLoader, ReadsTheWorkflowSection) {
  const TenantLoadResult result =
      load_tenants({kSourceDir / "tests/fixtures/tenants_workflow"}, demo_context());
  ASSERT_TRUE(result.errors.empty()) << ::testing::PrintToString(to_strings(result.errors));
  const TenantConfig* root = nullptr;
  for (const auto& t : result.tenants) {
    if (t->slug == "wf") {
      root = t.get();
    }
  }
  ASSERT_NE(root, nullptr);
  ASSERT_TRUE(root->workflow);
  const WorkflowConfig& w = *root->workflow;
  EXPECT_EQ(w.deadline_working_days, 15);
  ASSERT_TRUE(w.member_numbers);
  EXPECT_EQ(w.member_numbers->prefix, "WF");
  EXPECT_EQ(w.member_numbers->code, "00");
  EXPECT_EQ(w.member_numbers->digits, 4);
  const ApplicationKind* join = w.find("join");
  ASSERT_NE(join, nullptr);
  EXPECT_EQ(w.find("nope"), nullptr);
  EXPECT_EQ(join->form, "join");
  EXPECT_EQ(join->effect, ApprovalEffect::create_membership);
  ASSERT_EQ(join->steps.size(), 2U);
  EXPECT_EQ(join->steps[0].reviewer, ReviewerKind::named);
  EXPECT_EQ(join->steps[0].named_by, "recommender");
  ASSERT_TRUE(join->steps[0].when);
  EXPECT_EQ(join->steps[0].when->kind, forms::Condition::Kind::not_);
  EXPECT_EQ(join->steps[1].reviewer, ReviewerKind::tenant_admin);
  EXPECT_FALSE(join->steps[1].when);
}

TEST(ParseTenantText, BuildsTypedConfigWithMarks) {
  const auto result = parse_tenant_text(
      "slug: demo\n"
      "kind: society\n"
      "name: {zh-CN: 演示学会, en: Demo Society}\n"
      "hosts: [Demo.Example.org]\n"
      "default_locale: en\n"
      "branding: {primary_color: \"#a1b2c3\", logo_text: 演示, accent_color: \"#000000\"}\n"
      "member_types:\n"
      "  - key: regular\n"
      "    name: {zh-CN: 会员}\n"
      "plugin:\n"
      "  name: medical\n"
      "  config:\n"
      "    limits: {max: 3}\n"
      "contact: {email: a@b.cn, phone: \"+86 10 1234 5678\"}\n",
      "demo.yaml");
  ASSERT_TRUE(result.errors.empty()) << ::testing::PrintToString(to_strings(result.errors));
  const TenantConfig& t = *result.tenant;
  EXPECT_EQ(t.kind, TenantKind::society);
  EXPECT_EQ(t.name.in("en"), "Demo Society");
  EXPECT_EQ(t.name.in("zh-CN"), "演示学会");
  EXPECT_EQ(t.short_name, t.name);
  EXPECT_EQ(t.hosts, std::vector<std::string>{"demo.example.org"});
  EXPECT_EQ(t.default_locale, "en");
  EXPECT_EQ(t.branding.primary_color, "#A1B2C3");
  EXPECT_EQ(t.branding.accent_color, "#000000");
  EXPECT_EQ(t.member_types.at(0).key, "regular");
  EXPECT_TRUE(t.member_types.at(0).description.empty());
  EXPECT_EQ(t.contact.email, "a@b.cn");
  EXPECT_EQ(t.contact.address, std::nullopt);
  EXPECT_EQ(t.source_file, "demo.yaml");
  EXPECT_EQ(t.marks.find("member_types.0.key"), (SourceMark{"demo.yaml", 8, 10}));
  ASSERT_TRUE(t.plugin.has_value());
  EXPECT_EQ(at(at(t.plugin->section, "limits"), "max").as_integer(), 3);
  EXPECT_EQ(t.plugin->mark_of("limits.max"), (SourceMark{"demo.yaml", 13, 19}));
  EXPECT_EQ(t.plugin->mark_of(""), (SourceMark{"demo.yaml", 13, 5}));
  EXPECT_EQ(t.plugin->name_mark, (SourceMark{"demo.yaml", 11, 9}));
}

TEST(ParseTenantText, PluginWithoutConfigGetsAnEmptySection) {
  const auto result = parse_tenant_text(minimal_tenant("demo") + "plugin: {name: medical}\n", "d");
  ASSERT_TRUE(result.errors.empty());
  EXPECT_TRUE(result.tenant->plugin->section.is_object());
  EXPECT_TRUE(result.tenant->plugin->section.as_object().empty());
}

TEST(ParseTenantText, ReturnsNoTenantWhenThereAreErrors) {
  const auto result = parse_tenant_text("slug: x\n", "bad.yaml");
  EXPECT_EQ(result.tenant, nullptr);
  EXPECT_EQ(to_strings(result.errors),
            (std::vector<std::string>{
                "bad.yaml:1:1: missing required key \"kind\"",
                "bad.yaml:1:1: missing required key \"name\"",
                "bad.yaml:1:1: missing required key \"branding\"",
                "bad.yaml:1:7: bad slug \"x\": a slug has 2 to 63 characters, lower-case letters, "
                "digits and \"-\", and starts with a letter",
            }));
}

TEST(ParseTenantText, RejectsBadHostsPhonesAndEmails) {
  const auto result = parse_tenant_text(minimal_tenant("demo") +
                                            "hosts: [\"https://x.org/\", a.org, a.org]\n"
                                            "contact: {email: nobody, phone: call me}\n",
                                        "d.yaml");
  EXPECT_EQ(to_strings(result.errors),
            (std::vector<std::string>{
                "d.yaml:5:9: bad host name \"https://x.org/\": write a domain name without "
                "scheme, port or path, e.g. \"med.example.org\"",
                "d.yaml:5:34: host \"a.org\" is listed twice",
                "d.yaml:6:18: bad e-mail address \"nobody\"",
                "d.yaml:6:33: bad phone number \"call me\": use digits, spaces and + - ( ) only, "
                "e.g. \"010-6512 3456\"",
            }));
}

TEST(LoadTenants, ValidatesABranchAgainstSlugsKnownAlready) {
  TempDir dir("branch_against_existing");
  dir.write("med-sh/tenant.yaml", minimal_tenant("med-sh", "med"));
  TenantCheckContext context = demo_context();

  const auto alone = load_tenants({dir.path() / "med-sh"}, context);
  ASSERT_EQ(alone.errors.size(), 1u);
  EXPECT_NE(alone.errors[0].message.find("parent \"med\" does not exist"), std::string::npos);
  EXPECT_TRUE(alone.tenants.empty());

  context.existing_slugs = {"med"};
  const auto known = load_tenants({dir.path() / "med-sh" / "tenant.yaml"}, context);
  EXPECT_TRUE(known.ok()) << ::testing::PrintToString(to_strings(known.errors));
  ASSERT_EQ(known.tenants.size(), 1u);
  EXPECT_EQ(known.tenants[0]->parent, "med");
}

TEST(LoadTenants, ABrokenTenantLeavesOutItsSubtreeOnly) {
  TempDir dir("broken_subtree");
  dir.write("root/tenant.yaml", minimal_tenant("root") + "colour: red\n");
  dir.write("root-child/tenant.yaml", minimal_tenant("root-child", "root"));
  dir.write("other/tenant.yaml", minimal_tenant("other"));
  const auto result = load_tenants({dir.path()}, demo_context());
  ASSERT_EQ(result.errors.size(), 1u);
  ASSERT_EQ(result.tenants.size(), 1u);
  EXPECT_EQ(result.tenants[0]->slug, "other");
}

TEST(LoadTenants, HostsMustBelongToOneTenant) {
  TempDir dir("shared_host");
  dir.write("aa/tenant.yaml", minimal_tenant("aa") + "hosts: [x.test]\n");
  dir.write("bb/tenant.yaml", minimal_tenant("bb") + "hosts: [y.test, x.test]\n");
  const auto result = load_tenants({dir.path()}, demo_context());
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].mark.line, 5);
  EXPECT_EQ(result.errors[0].mark.column, 17);
  EXPECT_EQ(result.errors[0].message, "host \"x.test\" is already used by tenant \"aa\"");
}

TEST(LoadTenants, ReportsPathsThatHoldNoTenants) {
  TempDir dir("no_tenants");
  dir.write("empty-tenant/notes.txt", "not a tenant");
  dir.write("typo/tenant.yml", minimal_tenant("typo"));
  const auto result = load_tenants({dir.path(), dir.path() / "missing"}, demo_context());
  EXPECT_EQ(
      to_strings(result.errors),
      (std::vector<std::string>{
          (dir.path() / "empty-tenant").generic_string() +
              ": this tenant folder has no tenant.yaml",
          (dir.path() / "typo/tenant.yml").generic_string() + ": rename this file to tenant.yaml",
          (dir.path() / "missing").generic_string() + ": no such file or folder",
      }));
}

TEST(LoadTenants, AFileWithAnotherNameSkipsTheFolderCheck) {
  TempDir dir("other_name");
  const fs::path file = dir.write("drafts/new-branch.yaml", minimal_tenant("new-branch"));
  const auto result = load_tenants({file}, demo_context());
  EXPECT_TRUE(result.ok()) << ::testing::PrintToString(to_strings(result.errors));
  EXPECT_EQ(result.tenants.size(), 1u);
}

TEST(ComputeRealms, LeavesOutChainsThatLeaveTheSet) {
  TenantConfig root;
  root.slug = "aa";
  TenantConfig child;
  child.slug = "aa-x";
  child.parent = "aa";
  TenantConfig orphan;
  orphan.slug = "bb-x";
  orphan.parent = "bb";
  const auto realms = compute_realms({std::make_shared<const TenantConfig>(root),
                                      std::make_shared<const TenantConfig>(child),
                                      std::make_shared<const TenantConfig>(orphan)});
  EXPECT_EQ(realms, (std::map<std::string, std::string>{{"aa", "aa"}, {"aa-x", "aa"}}));
}

}  // namespace
}  // namespace guildhall::tenancy
