// The manuals' 原会员激活 (issue #7): the admins import the old system's roster, reported row by
// row; a member on it signs in with the old mobile number and an SMS code, is recognised, starts
// the activation from the roster's data, and once it is approved holds a new membership and
// number while the old certificate and member numbers stop verifying. Instantiated on SQLite and
// on MariaDB.
#include <filesystem>

#include "registry_world.hpp"

namespace guildhall::testing {
namespace {

using nlohmann::json;

const std::filesystem::path kTenants =
    std::filesystem::path(GUILDHALL_SOURCE_DIR) / "tests/fixtures/tenants_medical_flows";
const std::string kBase = "/api/v1/t/mf";

const json kHeader = {"会员编号", "证书编号", "姓名",     "手机号码", "会员类型",
                      "证件类型", "证件号码", "工作单位", "职称",     "省份/城市",
                      "入会日期", "有效期至", "备注"};

json row(int number, std::vector<std::string> cells) {
  return {{"row", number}, {"cells", cells}};
}

class LegacyMembers : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::mysql && !test_mysql_url()) {
      GTEST_SKIP() << "GUILDHALL_TEST_MYSQL_URL is not set; scripts/test starts MariaDB";
    }
    world_ = std::make_unique<RegistryWorld>(GetParam(), kTenants);
    admin_ = world_->appoint_admin("mf", "13900009001");
    const auto hospital = admin_->send("POST", kBase + "/admin/organisations",
                                       {{"name", "流程测试医院"}, {"credit_code", ""}});
    ASSERT_EQ(hospital.status, 201) << hospital.body;
    hospital_id_ = json_of(hospital)["id"];
  }

  HttpResponse import(const json& rows, bool dry_run = false, const json& header = kHeader) {
    return admin_->send("POST", kBase + "/admin/legacy-members/import",
                        {{"header", header}, {"rows", rows}, {"dryRun", dry_run}});
  }

  // A member of the roster signing in for the first time: an SMS code to the old number.
  std::unique_ptr<ApiSession> sign_in_by_code(const std::string& mobile) {
    auto session = std::make_unique<ApiSession>(world_->port());
    const auto asked = session->send("POST", kBase + "/auth/sms-codes",
                                     {{"mobile", mobile}, {"purpose", "sign_in"}});
    EXPECT_EQ(asked.status, 202) << asked.body;
    const auto signed_in = session->send("POST", kBase + "/auth/sign-in",
                                         {{"mobile", mobile}, {"code", world_->sms_code(mobile)}});
    EXPECT_EQ(signed_in.status, 200) << signed_in.body;
    return session;
  }

  std::unique_ptr<RegistryWorld> world_;
  std::unique_ptr<ApiSession> admin_;
  std::string hospital_id_;
};

// Issues of one row of an import report, as "column:code".
std::vector<std::string> issues_of(const json& issues, int row_number) {
  std::vector<std::string> out;
  for (const auto& issue : issues) {
    if (issue["row"] == row_number) {
      out.push_back(issue["column"].get<std::string>() + ":" + issue["code"].get<std::string>());
    }
  }
  return out;
}

TEST_P(LegacyMembers, TheImportReportsEveryRowAndUpdatesWhatChanged) {
  const json rows = json::array(
      {row(2, {"ZK001", "M001A", "钱老师", "13900009101", "专业会员", "身份证",
               "120101198409301235", "流程测试医院", "中级/主管药师", "天津/天津市/和平区",
               "2019/3/17", "2027-03-16", "备注不导入"}),
       row(3, {"ZK002", "", "孙老师", "", "普通会员", "", "", "", "", "", "", "", ""}),
       row(4, {"ZK003", "", "李老师", "13900009103", "荣誉会员", "", "", "", "", "", "", "", ""}),
       row(5, {"ZK001", "", "周老师", "13900009104", "普通会员", "", "", "", "", "", "", "", ""}),
       row(6, {"ZK005", "", "吴老师", "13900009105", "普通会员", "身份证", "120101198409301236",
               "不存在的医院", "初级", "火星", "昨天", "", ""}),
       row(7, {"ZK006", "", "郑老师", "13900009101", "普通会员", "", "", "", "", "", "", "", ""})});

  // A dry run checks everything and writes nothing.
  const auto dry = import(rows, true);
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(json_of(dry)["created"], 2);
  EXPECT_EQ(json_of(admin_->get(kBase + "/admin/legacy-members"))["total"], 0);

  const auto imported = import(rows);
  ASSERT_EQ(imported.status, 200) << imported.body;
  const json report = json_of(imported);
  EXPECT_EQ(report["created"], 2) << report;
  EXPECT_EQ(report["skipped"], 4) << report;
  EXPECT_EQ(report["ignoredColumns"], json::array({"备注"}));
  EXPECT_TRUE(issues_of(report["errors"], 2).empty()) << report;
  EXPECT_TRUE(issues_of(report["warnings"], 2).empty()) << report;
  EXPECT_EQ(issues_of(report["errors"], 3), std::vector<std::string>{"手机号码:required"});
  EXPECT_EQ(issues_of(report["errors"], 4),
            std::vector<std::string>{"会员类型:member_type_unknown"});
  EXPECT_EQ(issues_of(report["errors"], 5), std::vector<std::string>{"会员编号:duplicate_in_file"});
  EXPECT_EQ(issues_of(report["errors"], 7), std::vector<std::string>{"手机号码:duplicate_in_file"});
  // Row 6 is in, without what could not be read: the member completes it when activating.
  EXPECT_EQ(
      issues_of(report["warnings"], 6),
      (std::vector<std::string>{"工作单位:unreadable", "职称:unreadable", "省份/城市:unreadable",
                                "入会日期:invalid_date", "证件号码:id_number_check_digit"}))
      << report;
  for (const auto& issue : report["errors"]) {
    EXPECT_FALSE(issue["message"].get<std::string>().empty()) << issue;
  }

  const auto list = json_of(admin_->get(kBase + "/admin/legacy-members?status=pending"));
  ASSERT_EQ(list["total"], 2) << list;
  const auto& first =
      list["items"][1]["memberNumber"] == "ZK001" ? list["items"][1] : list["items"][0];
  EXPECT_EQ(first["name"], "钱老师");
  EXPECT_EQ(first["mobile"], "139****9101");
  EXPECT_EQ(first["certificateNumber"], "M001A");
  EXPECT_EQ(first["memberTypeName"], "专业会员");
  EXPECT_EQ(first["joinedOn"], "2019-03-17");
  EXPECT_EQ(json_of(admin_->get(kBase + "/admin/legacy-members?q=ZK00"))["total"], 2);
  EXPECT_EQ(json_of(admin_->get(kBase + "/admin/legacy-members?q=钱"))["total"], 1);

  // The same rows again change nothing; a corrected row updates its member.
  json again = json::array({rows[0], rows[4]});
  auto second = json_of(import(again));
  EXPECT_EQ(second["unchanged"], 2) << second;
  again[1]["cells"][8] = "中级";
  second = json_of(import(again));
  EXPECT_EQ(second["updated"], 1) << second;
  EXPECT_EQ(second["unchanged"], 1) << second;

  // A file without the required columns is refused as a whole, on its header.
  EXPECT_TRUE(has_field_error(import(json::array({row(2, {"钱老师"})}), false, {"姓名"}), "header",
                              "columns_missing"));
  // Only the tenant's admins import or read the roster.
  auto member = world_->register_member("mf", "13900009199");
  EXPECT_EQ(member
                ->send("POST", kBase + "/admin/legacy-members/import",
                       {{"header", kHeader}, {"rows", rows}})
                .status,
            403);
  EXPECT_EQ(member->get(kBase + "/admin/legacy-members").status, 403);
}

TEST_P(LegacyMembers, AMemberOfTheRosterActivatesAndTheOldNumbersStopVerifying) {
  ASSERT_EQ(import(json::array({row(2, {"ZK101", "M101A", "冯老师", "13900009201", "普通会员",
                                        "身份证", "120101198409301235", "流程测试医院",
                                        "中级/主管药师", "天津/天津市/和平区", "", "", ""})}))
                .status,
            200);
  // Before activation the old certificate is still good, and so is the old member number.
  const auto before = json_of(admin_->get("/api/v1/verify/mf/M101A"));
  EXPECT_EQ(before["status"], "valid") << before;
  EXPECT_EQ(before["legacy"], true);
  EXPECT_EQ(before["holder"], "冯**");
  EXPECT_EQ(json_of(admin_->get("/api/v1/verify/mf/ZK101"))["status"], "valid");
  EXPECT_EQ(admin_->get("/api/v1/verify/mf/M999Z").status, 404);

  // The old mobile and an SMS code open the account; it has no password yet.
  auto member = sign_in_by_code("13900009201");
  const auto me = json_of(member->get("/api/v1/auth/me"));
  EXPECT_EQ(me["account"]["hasPassword"], false);
  const auto roster = json_of(member->get(kBase + "/legacy/me"))["items"];
  ASSERT_EQ(roster.size(), 1U) << roster;
  EXPECT_EQ(roster[0]["status"], "pending");
  EXPECT_EQ(roster[0]["memberNumber"], "ZK101");

  // The activation starts from the roster's data.
  const auto created = member->send("POST", kBase + "/applications",
                                    {{"kind", "activate"}, {"values", json::object()}});
  ASSERT_EQ(created.status, 201) << created.body;
  const json draft = json_of(created);
  EXPECT_EQ(draft["values"]["name"], "冯老师");
  EXPECT_EQ(draft["values"]["member_type"], "general");
  EXPECT_EQ(draft["values"]["employer"], hospital_id_);
  EXPECT_EQ(draft["values"]["title"], "intermediate");
  EXPECT_EQ(draft["values"]["region"], json::array({"120000", "120100", "120101"}));
  EXPECT_EQ(draft["masked"]["id_number"].get<std::string>().substr(0, 4), "1201");
  EXPECT_EQ(draft["masked"]["mobile"], "139****9201");

  const auto submitted =
      member->send("POST", kBase + "/applications/" + draft["id"].get<std::string>() + "/submit",
                   {{"version", draft["version"]}});
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  const json review = json_of(submitted);
  EXPECT_EQ(review["status"], "under_review");
  // One activation at a time.
  const auto second =
      member->send("POST", kBase + "/applications", {{"kind", "activate"}, {"values", json::object()}});
  EXPECT_EQ(second.status, 409) << second.body;
  EXPECT_EQ(json_of(second)["code"], "activation_under_review");
  // The application's details became the profile, for the realm's other applications.
  const auto profile = json_of(member->get(kBase + "/profile"));
  EXPECT_EQ(profile["values"]["name"], "冯老师") << profile;
  // Only members change their details: not yet.
  EXPECT_EQ(
      member
          ->send("POST", kBase + "/applications", {{"kind", "change"}, {"values", json::object()}})
          .status,
      409);

  const auto approved = admin_->send(
      "POST", kBase + "/applications/" + review["id"].get<std::string>() + "/decisions",
      {{"action", "approve"}, {"version", review["version"]}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  const std::string number = json_of(approved)["membership"]["memberNumber"];
  EXPECT_EQ(number.substr(0, 2), "MF");
  EXPECT_NE(number, "ZK101");

  // The old numbers no longer verify as valid; the roster says activated.
  EXPECT_EQ(json_of(admin_->get("/api/v1/verify/mf/M101A"))["status"], "superseded");
  EXPECT_EQ(json_of(admin_->get("/api/v1/verify/mf/ZK101"))["status"], "superseded");
  const auto page = admin_->get("/v/mf/M101A");
  EXPECT_NE(page.body.find("原证书已失效"), std::string::npos) << page.body;
  EXPECT_EQ(json_of(member->get(kBase + "/legacy/me"))["items"][0]["status"], "activated");
  EXPECT_EQ(json_of(admin_->get(kBase + "/admin/legacy-members?status=activated"))["total"], 1);
  // Activated once: no second activation, and the roster no longer overwrites the member.
  EXPECT_EQ(member
                ->send("POST", kBase + "/applications",
                       {{"kind", "activate"}, {"values", json::object()}})
                .status,
            409);
  const auto reimport = json_of(import(json::array({row(
      2, {"ZK101", "", "冯老师", "13900009201", "专业会员", "", "", "", "", "", "", "", ""})})));
  EXPECT_EQ(issues_of(reimport["errors"], 2),
            std::vector<std::string>{"会员编号:already_activated"});
  // An activated member is a member: changes are open now.
  EXPECT_EQ(
      member
          ->send("POST", kBase + "/applications", {{"kind", "change"}, {"values", json::object()}})
          .status,
      201);

  // The password is set without a current one, then signs in.
  EXPECT_EQ(
      member->send("POST", "/api/v1/auth/password", {{"newPassword", "Activated-2026-ok"}}).status,
      204);
  ApiSession again(world_->port());
  EXPECT_EQ(again
                .send("POST", kBase + "/auth/sign-in",
                      {{"mobile", "13900009201"}, {"password", "Activated-2026-ok"}})
                .status,
            200);
}

// Nobody else gets an account from an SMS code, nor an activation.
TEST_P(LegacyMembers, OnlyTheRostersMembersAreRecognised) {
  ApiSession stranger(world_->port());
  EXPECT_EQ(stranger
                .send("POST", kBase + "/auth/sms-codes",
                      {{"mobile", "13900009301"}, {"purpose", "sign_in"}})
                .status,
            202);
  EXPECT_TRUE(json_of(stranger.get("/api/v1/dev/sms?mobile=13900009301"))["items"].empty());
  EXPECT_EQ(
      stranger
          .send("POST", kBase + "/auth/sign-in", {{"mobile", "13900009301"}, {"code", "000000"}})
          .status,
      401);
  auto member = world_->register_member("mf", "13900009302");
  const auto refused = member->send("POST", kBase + "/applications",
                                    {{"kind", "activate"}, {"values", json::object()}});
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(json_of(refused)["code"], "legacy_member_unknown");
  EXPECT_TRUE(json_of(member->get(kBase + "/legacy/me"))["items"].empty());
}

INSTANTIATE_TEST_SUITE_P(Sqlite, LegacyMembers, ::testing::Values(Backend::sqlite), backend_name);
INSTANTIATE_TEST_SUITE_P(Mysql, LegacyMembers, ::testing::Values(Backend::mysql), backend_name);

}  // namespace
}  // namespace guildhall::testing
