#include "tenancy/tenant_loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>

#include "tenancy/tenant_directory.hpp"
#include "tenancy/workflow_reader.hpp"

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
  for (const char* required : {"unknown_key",
                               "wrong_type",
                               "missing_required",
                               "duplicate_key",
                               "bad_enum",
                               "bad_slug",
                               "slug_folder_mismatch",
                               "missing_parent",
                               "cycle",
                               "missing_template",
                               "missing_plugin",
                               "yaml_syntax",
                               "bad_colour",
                               "duplicate_slug",
                               "form_unknown_type",
                               "form_unknown_condition_field",
                               "form_duplicate_field",
                               "form_unknown_dictionary",
                               "form_gender_fill",
                               "workflow_unknown_form",
                               "workflow_mistakes",
                               "workflow_inherited_form",
                               "workflow_bad_dates",
                               "workflow_structure",
                               "workflow_member_numbers",
                               "workflow_change_requests",
                               "certificate_fields"}) {
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

TEST(ParseTenantText, ReadsAWorkflowIntoItsTypes) {
  const auto result = parse_tenant_text(
      minimal_tenant("demo-br", "demo") +
          "forms:\n"
          "  - key: join\n"
          "    title: {zh-CN: 入会}\n"
          "    sections:\n"
          "      - key: main\n"
          "        title: {zh-CN: 基本}\n"
          "        fields:\n"
          "          - {key: recommender, type: committee_member, label: {zh-CN: 推荐人}}\n"
          "          - {key: method, type: text, label: {zh-CN: 方式}}\n"
          "workflow:\n"
          "  deadline_working_days: 20\n"
          "  holidays: [\"2027-01-01\", \"2026-10-01\"]\n"
          "  working_weekends: [\"2026-10-10\", \"2026-09-27\"]\n"
          "  member_numbers: {prefix: HX, code: \"TJ\", digits: 5}\n"
          "  applications:\n"
          "    - key: join\n"
          "      title: {zh-CN: 入会申请, en: Membership application}\n"
          "      form: join\n"
          "      effect: create_membership\n"
          "      steps:\n"
          "        - key: rec\n"
          "          title: {zh-CN: 推荐人审核}\n"
          "          reviewer: {named_by: recommender}\n"
          "          when: {field: method, in: [committee, member]}\n"
          "        - {key: committee, title: {zh-CN: 委员}, reviewer: reviewer}\n"
          "        - {key: admin, title: {zh-CN: 协会}, reviewer: tenant_admin}\n"
          "        - {key: national, title: {zh-CN: 总会}, reviewer: parent_admin}\n"
          "    - key: upgrade\n"
          "      title: {zh-CN: 升级}\n"
          "      form: profile\n"
          "      effect: change_member_type\n"
          "      steps: [{key: admin, title: {zh-CN: 审核}, reviewer: tenant_admin}]\n",
      "wf.yaml");
  ASSERT_TRUE(result.errors.empty()) << ::testing::PrintToString(to_strings(result.errors));
  ASSERT_TRUE(result.tenant->workflow);
  const WorkflowConfig& w = *result.tenant->workflow;
  EXPECT_EQ(w.deadline_working_days, 20);
  EXPECT_EQ(w.holidays, (std::vector<std::string>{"2026-10-01", "2027-01-01"}));
  EXPECT_EQ(w.working_weekends, (std::vector<std::string>{"2026-09-27", "2026-10-10"}));
  ASSERT_TRUE(w.member_numbers);
  EXPECT_EQ(w.member_numbers->prefix, "HX");
  EXPECT_EQ(w.member_numbers->code, "TJ");
  EXPECT_EQ(w.member_numbers->digits, 5);
  EXPECT_EQ(w.mark, (SourceMark{"wf.yaml", 16, 3}));

  ASSERT_EQ(w.applications.size(), 2U);
  const ApplicationKind& join = w.applications[0];
  EXPECT_EQ(&join, w.find("join"));
  EXPECT_EQ(join.title.in("en"), "Membership application");
  EXPECT_EQ(join.form, "join");
  EXPECT_EQ(join.effect, ApprovalEffect::create_membership);
  EXPECT_TRUE(join.auto_approve_fields.empty());
  ASSERT_EQ(join.steps.size(), 4U);
  const ReviewStep& rec = join.steps[0];
  EXPECT_EQ(rec.key, "rec");
  EXPECT_EQ(rec.reviewer, ReviewerKind::named);
  EXPECT_EQ(rec.named_by, "recommender");
  EXPECT_EQ(rec.mark, (SourceMark{"wf.yaml", 26, 11}));
  ASSERT_TRUE(rec.when);
  EXPECT_EQ(rec.when->kind, forms::Condition::Kind::in);
  EXPECT_EQ(rec.when->field, "method");
  EXPECT_EQ(rec.when->values, (std::vector<std::string>{"committee", "member"}));
  EXPECT_EQ(join.steps[1].reviewer, ReviewerKind::reviewer);
  EXPECT_EQ(join.steps[2].reviewer, ReviewerKind::tenant_admin);
  EXPECT_EQ(join.steps[3].reviewer, ReviewerKind::parent_admin);
  EXPECT_TRUE(join.steps[3].named_by.empty());
  EXPECT_FALSE(join.steps[3].when);

  // A form the file does not define may be an ancestor's: the loader decides.
  const ApplicationKind* upgrade = w.find("upgrade");
  ASSERT_NE(upgrade, nullptr);
  EXPECT_EQ(upgrade->form, "profile");
  EXPECT_EQ(upgrade->effect, ApprovalEffect::change_member_type);
  ASSERT_EQ(upgrade->steps.size(), 1U);
  EXPECT_EQ(w.find("Join"), nullptr);
}

TEST(ParseTenantText, AWorkflowIsOptional) {
  const auto result = parse_tenant_text(minimal_tenant("demo"), "d.yaml");
  ASSERT_TRUE(result.errors.empty()) << ::testing::PrintToString(to_strings(result.errors));
  EXPECT_FALSE(result.tenant->workflow);
}

TEST(LoadTenants, AKindChecksTheFieldsOfAnInheritedForm) {
  TempDir dir("workflow_inherited");
  const std::string form =
      "forms:\n"
      "  - key: join\n"
      "    title: {zh-CN: 入会}\n"
      "    sections:\n"
      "      - {key: main, title: {zh-CN: 基本}, fields: [{key: recommender, type: "
      "committee_member, "
      "label: {zh-CN: 推荐人}}]}\n";
  const std::string workflow =
      "workflow:\n"
      "  applications:\n"
      "    - key: join\n"
      "      title: {zh-CN: 入会}\n"
      "      form: join\n"
      "      effect: create_membership\n"
      "      steps:\n"
      "        - {key: rec, title: {zh-CN: 推荐}, reviewer: {named_by: recommender}}\n";
  dir.write("aa/tenant.yaml", minimal_tenant("aa") + form);
  dir.write("aa-x/tenant.yaml", minimal_tenant("aa-x", "aa"));
  dir.write("aa-x-y/tenant.yaml", minimal_tenant("aa-x-y", "aa-x") + workflow);
  const auto good = load_tenants({dir.path()}, demo_context());
  EXPECT_TRUE(good.ok()) << ::testing::PrintToString(to_strings(good.errors));
  EXPECT_EQ(good.tenants.size(), 3U);

  // A grandparent's form without the field named.
  dir.write(
      "aa-x-y/tenant.yaml",
      minimal_tenant("aa-x-y", "aa-x") +
          std::regex_replace(workflow, std::regex("named_by: recommender"), "named_by: recommend"));
  const auto bad = load_tenants({dir.path()}, demo_context());
  ASSERT_EQ(bad.errors.size(), 1U) << ::testing::PrintToString(to_strings(bad.errors));
  EXPECT_EQ(bad.errors[0].mark.line, 13);
  EXPECT_EQ(bad.errors[0].mark.column, 63);
  EXPECT_EQ(bad.errors[0].message,
            "named_by names \"recommend\", which is no field of form \"join\" (did you mean "
            "\"recommender\"?)");
  EXPECT_EQ(bad.tenants.size(), 2U);

  // An ancestor that could not be read may have lost the form to its own error: only that error.
  dir.write("aa/tenant.yaml", minimal_tenant("aa") + "colour: red\n");
  dir.write("aa-x-y/tenant.yaml", minimal_tenant("aa-x-y", "aa-x") + workflow);
  const auto broken = load_tenants({dir.path()}, demo_context());
  ASSERT_EQ(broken.errors.size(), 1U) << ::testing::PrintToString(to_strings(broken.errors));
  EXPECT_NE(broken.errors[0].message.find("colour"), std::string::npos);
}

TEST(CheckInheritedFormFields, NamesEveryFieldTheFormLacks) {
  forms::FormDefinition form;
  form.key = "profile";
  form.sections.resize(1);
  form.sections[0].fields.resize(2);
  form.sections[0].fields[0].key = "mobile";
  form.sections[0].fields[1].key = "email";
  ApplicationKind kind;
  kind.key = "change";
  kind.form = "profile";
  kind.effect = ApprovalEffect::apply_profile_changes;
  kind.auto_approve_fields = {"mobile", "emial", "address"};
  ReviewStep step;
  step.key = "admin";
  forms::Condition leaf;
  leaf.field = "mobil";
  leaf.mark = {"t.yaml", 9, 20};
  forms::Condition any;
  any.kind = forms::Condition::Kind::any;
  any.children = {leaf};
  step.when = any;
  kind.steps = {step};
  core::SourceMap marks;
  marks.add("workflow.applications.2.auto_approve_fields.1", {"t.yaml", 7, 30});
  marks.add("workflow.applications.2.auto_approve_fields.2", {"t.yaml", 7, 37});

  EXPECT_EQ(to_strings(check_inherited_form_fields(kind, 2, form, marks)),
            (std::vector<std::string>{
                "t.yaml:9:20: the condition names \"mobil\", which is no field of form "
                "\"profile\" (did you mean \"mobile\"?)",
                "t.yaml:7:30: auto_approve_fields names \"emial\", which is no field of form "
                "\"profile\" (did you mean \"email\"?)",
                "t.yaml:7:37: auto_approve_fields names \"address\", which is no field of form "
                "\"profile\"",
            }));
}

// find_workflow gives a tenant's own workflow, else its nearest ancestor's, with its owner.
TEST(TenantDirectory, AChildWithoutAWorkflowFollowsItsNearestAncestor) {
  const TenantLoadResult result =
      load_tenants({kSourceDir / "tests/fixtures/tenants_workflow"}, demo_context());
  ASSERT_TRUE(result.errors.empty()) << ::testing::PrintToString(to_strings(result.errors));
  std::vector<std::shared_ptr<const Tenant>> tenants;
  for (const auto& config : result.tenants) {
    tenants.push_back(std::make_shared<const Tenant>(Tenant{config, "wf", {}, nullptr, ""}));
  }
  TenantConfig grandchild;
  grandchild.slug = "wf-branch-x";
  grandchild.parent = "wf-branch";
  TenantConfig plain_child;
  plain_child.slug = "wf-other";
  plain_child.parent = "wf";
  TenantConfig lone;
  lone.slug = "lone";
  for (const auto& config : {grandchild, plain_child, lone}) {
    tenants.push_back(std::make_shared<const Tenant>(
        Tenant{std::make_shared<const TenantConfig>(config), "wf", {}, nullptr, ""}));
  }
  const TenantDirectory directory(tenants);

  const auto own = directory.find_workflow("wf-branch");
  ASSERT_NE(own.workflow, nullptr);
  EXPECT_EQ(own.owner->slug(), "wf-branch");
  EXPECT_EQ(own.workflow->member_numbers->code, "BR");

  const auto from_parent = directory.find_workflow("wf-other");
  ASSERT_NE(from_parent.workflow, nullptr);
  EXPECT_EQ(from_parent.owner->slug(), "wf");
  EXPECT_EQ(from_parent.workflow, &*directory.find("wf")->config->workflow);
  EXPECT_EQ(from_parent.workflow->find("join")->steps.size(), 2U);

  const auto nearest = directory.find_workflow("wf-branch-x");
  ASSERT_NE(nearest.workflow, nullptr);
  EXPECT_EQ(nearest.owner->slug(), "wf-branch");

  EXPECT_EQ(directory.find_workflow("lone").workflow, nullptr);
  EXPECT_EQ(directory.find_workflow("lone").owner, nullptr);
  EXPECT_EQ(directory.find_workflow("nobody").workflow, nullptr);
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
