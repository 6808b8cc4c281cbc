// The admins' member list through the real server (issue #5): members made by approved
// applications, listed with each filter, seen only by the admins of their tenant or an
// ancestor, exported to Excel (read back by openpyxl), and frozen for false data: the
// violation recorded, the memberships and the account frozen, the member unable to sign in.
// Instantiated on SQLite and on MariaDB (skipped without GUILDHALL_TEST_MYSQL_URL).
#include <soci/soci.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "db/database.hpp"
#include "registry_world.hpp"
#include "support/command.hpp"

namespace guildhall::testing {
namespace {

using nlohmann::json;

const std::string kWf = "/api/v1/t/wf";
const std::string kBranch = "/api/v1/t/wf-branch";
const std::filesystem::path kTenants =
    std::filesystem::path(GUILDHALL_SOURCE_DIR) / "tests/fixtures/tenants_workflow";
const std::string kIdNumber = "11010519491231002X";
const std::string kTianjinHeping[] = {"120000", "120100", "120101"};
const std::string kTianjinHedong[] = {"120000", "120100", "120102"};
const std::string kBeijingChaoyang[] = {"110000", "110100", "110105"};

std::string encoded(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// The mainland day `offset_days` from now, "YYYY-MM-DD".
std::string mainland_day(int offset_days) {
  using namespace std::chrono;
  const auto now = system_clock::now() + hours(8) + days(offset_days);
  const year_month_day ymd{floor<days>(now)};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

std::string account_id(ApiSession& session) {
  return json_of(session.get("/api/v1/auth/me"))["account"]["id"];
}

// Three members: 吴九 joined wf, 郑十 registered at and joined wf-branch, 王十一 registered at wf
// and joined wf-branch. The branch's admin reviews first, then wf's.
class Members : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::mysql && !test_mysql_url()) {
      GTEST_SKIP() << "GUILDHALL_TEST_MYSQL_URL is not set; scripts/test starts MariaDB";
    }
    world_ = std::make_unique<RegistryWorld>(GetParam(), kTenants);
    admin_ = world_->appoint_admin("wf", "13900001001");
    branch_admin_ = world_->appoint_admin("wf-branch", "13900001002");
    hospital_ = organisation("津门示例医院");
    clinic_ = organisation("京华示例诊所");

    wu_ = world_->register_member("wf", "13900001003");
    profile(*wu_, "吴九", "male", kTianjinHeping, hospital_, kIdNumber);
    ASSERT_EQ(decide(*admin_, submit(*wu_, "student", kWf), kWf).status, 200);

    zheng_ = world_->register_member("wf-branch", "13900001004");
    profile(*zheng_, "郑十", "female", kBeijingChaoyang, clinic_);
    join_branch(*zheng_);

    wang_ = world_->register_member("wf", "13900001005");
    profile(*wang_, "王十一", "male", kTianjinHedong, hospital_);
    join_branch(*wang_);
  }

  std::string organisation(const std::string& name) {
    const auto r =
        admin_->send("POST", kWf + "/admin/organisations",
                     {{"name", name}, {"region", json::array()}, {"credit_code", nullptr}});
    EXPECT_EQ(r.status, 201) << r.body;
    return json_of(r).value("id", "");
  }

  static void profile(ApiSession& member, const std::string& name, const std::string& gender,
                      const std::string (&region)[3], const std::string& employer,
                      const std::string& id_number = {}) {
    json values = {{"name", name},
                   {"gender", gender},
                   {"region", {region[0], region[1], region[2]}},
                   {"employer", employer}};
    if (!id_number.empty()) {
      values["id_number"] = id_number;
    }
    const auto r = member.send("PUT", kWf + "/profile", {{"values", values}});
    ASSERT_EQ(r.status, 200) << r.body;
  }

  static json submit(ApiSession& applicant, const std::string& member_type,
                     const std::string& base) {
    const auto name = json_of(applicant.get(kWf + "/profile"))["values"]["name"];
    const auto created = applicant.send(
        "POST", base + "/applications",
        {{"kind", "join"}, {"values", {{"name", name}, {"member_type", member_type}}}});
    EXPECT_EQ(created.status, 201) << created.body;
    const auto app = json_of(created);
    const auto r =
        applicant.send("POST", base + "/applications/" + app["id"].get<std::string>() + "/submit",
                       {{"version", app["version"]}});
    EXPECT_EQ(r.status, 200) << r.body;
    return json_of(r);
  }

  static HttpResponse decide(ApiSession& reviewer, const json& app, const std::string& base) {
    return reviewer.send("POST",
                         base + "/applications/" + app["id"].get<std::string>() + "/decisions",
                         {{"action", "approve"}, {"reason", ""}, {"version", app["version"]}});
  }

  void join_branch(ApiSession& applicant) {
    const auto app = submit(applicant, "professional", kBranch);
    const auto first = decide(*branch_admin_, app, kBranch);
    ASSERT_EQ(first.status, 200) << first.body;
    const auto second = decide(*admin_, json_of(first), kBranch);
    ASSERT_EQ(second.status, 200) << second.body;
  }

  json list(ApiSession& who, const std::string& base, const std::string& query = {}) {
    const auto r = who.get(base + "/admin/members" + query);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    return json_of(r);
  }

  std::vector<std::string> names(ApiSession& who, const std::string& base,
                                 const std::string& query) {
    std::vector<std::string> out;
    const auto page = list(who, base, query);
    for (const auto& item : page["items"]) {
      out.push_back(item["name"]);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  std::unique_ptr<RegistryWorld> world_;
  std::unique_ptr<ApiSession> admin_, branch_admin_, wu_, zheng_, wang_;
  std::string hospital_, clinic_;
};

using Names = std::vector<std::string>;

TEST_P(Members, TheListHasEveryMemberOfTheSubtreeAndEachFilterNarrowsIt) {
  const auto all = list(*admin_, kWf);
  ASSERT_EQ(all["total"], 3) << all;
  // Newest first: 王十一 was approved last.
  EXPECT_EQ(all["items"][0]["name"], "王十一");
  json wu;
  for (const auto& item : all["items"]) {
    if (item["name"] == "吴九") {
      wu = item;
    }
  }
  ASSERT_TRUE(wu.is_object()) << all;
  const std::string year = mainland_day(0).substr(0, 4);
  EXPECT_EQ(wu["accountId"], account_id(*wu_));
  EXPECT_EQ(wu["tenant"], "wf");
  EXPECT_EQ(wu["tenantName"], "工作流测试学会");
  EXPECT_EQ(wu["gender"], "male");
  EXPECT_EQ(wu["memberType"], "student");
  EXPECT_EQ(wu["memberTypeName"], "学生会员");
  EXPECT_EQ(wu["memberNumber"], "WF" + year + "000001");
  EXPECT_EQ(wu["status"], "active");
  EXPECT_EQ(wu["accountStatus"], "active");
  EXPECT_EQ(wu["region"], json::array({"120000", "120100", "120101"}));
  EXPECT_EQ(wu["regionText"], "天津市 / 市辖区 / 和平区");
  EXPECT_EQ(wu["employer"], hospital_);
  EXPECT_EQ(wu["employerName"], "津门示例医院");
  EXPECT_FALSE(wu["membershipId"].get<std::string>().empty());
  EXPECT_EQ(wu["validFrom"].get<std::string>().substr(0, 4), year);
  EXPECT_TRUE(wu["validUntil"].is_string()) << "wf's terms run for four years";
  // A branch without member types of its own names them as its parent does.
  EXPECT_EQ(all["items"][0]["memberTypeName"], "专业会员");
  // Protected values never reach the list.
  EXPECT_EQ(all.dump().find(kIdNumber), std::string::npos);
  EXPECT_EQ(all.dump().find("002X"), std::string::npos);
  EXPECT_EQ(all.dump().find("13900001003"), std::string::npos);

  EXPECT_EQ(names(*admin_, kWf, "?q=" + encoded("十")), (Names{"王十一", "郑十"}));
  EXPECT_EQ(names(*admin_, kWf, "?q=" + encoded("吴九")), (Names{"吴九"}));
  EXPECT_EQ(names(*admin_, kWf, "?q=WF" + year + "BR"), (Names{"王十一", "郑十"}));
  EXPECT_EQ(names(*admin_, kWf, "?q=" + year), Names{}) << "the number matches from its start";
  EXPECT_EQ(names(*admin_, kWf, "?member_type=student"), (Names{"吴九"}));
  EXPECT_EQ(names(*admin_, kWf, "?member_type=professional"), (Names{"王十一", "郑十"}));
  EXPECT_EQ(names(*admin_, kWf, "?status=active").size(), 3U);
  EXPECT_EQ(names(*admin_, kWf, "?status=frozen"), Names{});
  // A province matches the members in its cities and districts; a district only its own.
  EXPECT_EQ(names(*admin_, kWf, "?region=120000"), (Names{"吴九", "王十一"}));
  EXPECT_EQ(names(*admin_, kWf, "?region=120102"), (Names{"王十一"}));
  EXPECT_EQ(names(*admin_, kWf, "?region=110100"), (Names{"郑十"}));
  EXPECT_EQ(names(*admin_, kWf, "?employer=" + hospital_), (Names{"吴九", "王十一"}));
  EXPECT_EQ(names(*admin_, kWf, "?employer=" + clinic_ + "&region=120000"), Names{});
  // Join dates are mainland days, both ends included.
  const std::string today = mainland_day(0);
  EXPECT_EQ(names(*admin_, kWf, "?joined_from=" + today + "&joined_to=" + today).size(), 3U);
  EXPECT_EQ(names(*admin_, kWf, "?joined_from=" + mainland_day(1)), Names{});
  EXPECT_EQ(names(*admin_, kWf, "?joined_to=" + mainland_day(-1)), Names{});
  EXPECT_EQ(names(*admin_, kWf,
                  "?member_type=professional&region=120000&joined_from=" + mainland_day(-30)),
            (Names{"王十一"}));

  // Pages of the same order, and the total of every match.
  const auto second = list(*admin_, kWf, "?page=2&page_size=2");
  EXPECT_EQ(second["total"], 3);
  ASSERT_EQ(second["items"].size(), 1U);
  EXPECT_EQ(second["items"][0]["membershipId"], all["items"][2]["membershipId"]);
}

TEST_P(Members, BadFiltersAreFieldErrorsInBothLanguages) {
  const auto bad_date = admin_->get(kWf + "/admin/members?joined_from=2026-02-30");
  EXPECT_TRUE(has_field_error(bad_date, "joined_from", "invalid_value"));
  EXPECT_EQ(json_of(bad_date)["errors"][0]["message"], "请输入有效日期，格式如 2026-11-22。");
  EXPECT_TRUE(has_field_error(admin_->get(kWf + "/admin/members?joined_to=yesterday"), "joined_to",
                              "invalid_value"));
  EXPECT_TRUE(has_field_error(admin_->get(kWf + "/admin/members?status=dormant"), "status",
                              "invalid_value"));
  EXPECT_TRUE(has_field_error(admin_->get(kWf + "/admin/members?region=999999"), "region",
                              "invalid_value"));
  EXPECT_TRUE(
      has_field_error(admin_->get(kWf + "/admin/members?page=two"), "page", "invalid_value"));
  EXPECT_TRUE(has_field_error(admin_->get(kWf + "/admin/members.xlsx?status=dormant"), "status",
                              "invalid_value"));
  admin_->set_locale("en");
  const auto english = admin_->get(kWf + "/admin/members?status=dormant");
  EXPECT_TRUE(has_field_error(english, "status", "invalid_value"));
  EXPECT_EQ(json_of(english)["errors"][0]["message"],
            "Status is one of active, frozen, superseded, expired.");
}

TEST_P(Members, OnlyTheAdminsOfTheTenantOrAnAncestorSeeItsMembers) {
  EXPECT_EQ(names(*branch_admin_, kBranch, ""), (Names{"王十一", "郑十"}));
  EXPECT_EQ(names(*branch_admin_, kBranch, "?region=120000"), (Names{"王十一"}));
  EXPECT_EQ(branch_admin_->get(kWf + "/admin/members").status, 403);
  EXPECT_EQ(branch_admin_->get(kWf + "/admin/members.xlsx").status, 403);
  // 吴九 is wf's member only: not the branch's to see or freeze.
  const std::string wu = account_id(*wu_);
  EXPECT_EQ(branch_admin_->get(kBranch + "/admin/members/" + wu).status, 404);
  EXPECT_EQ(
      branch_admin_->send("POST", kBranch + "/admin/members/" + wu + "/freeze", {{"reason", "x"}})
          .status,
      404);
  EXPECT_EQ(admin_->get(kWf + "/admin/members/01ARZ3NDEKTSV4RRFFQ69G5FAV").status, 404);

  // Members are no admins, not even of themselves.
  for (const auto& path : {kWf + "/admin/members", kWf + "/admin/members.xlsx",
                           kWf + "/admin/members/" + wu, kBranch + "/admin/members"}) {
    EXPECT_EQ(wu_->get(path).status, 403) << path;
  }
  EXPECT_EQ(wu_->send("POST", kWf + "/admin/members/" + wu + "/freeze", {{"reason", "x"}}).status,
            403);
  ApiSession anonymous(world_->port());
  EXPECT_EQ(anonymous.get(kWf + "/admin/members").status, 401);
  EXPECT_EQ(json_of(admin_->get(kWf + "/admin/members/" + wu))["accountStatus"], "active")
      << "nothing above froze anyone";
}

TEST_P(Members, TheExportIsAWorkbookOfTheFilteredListWithRealDates) {
  const auto sheet = admin_->get(kWf + "/admin/members.xlsx?region=120000");
  ASSERT_EQ(sheet.status, 200) << sheet.body;
  EXPECT_EQ(sheet.header_or_empty("Content-Type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  // 会员名单-wf-<date>.xlsx, RFC 5987 encoded.
  EXPECT_EQ(
      sheet.header_or_empty("Content-Disposition"),
      "attachment; filename*=UTF-8''" + encoded("会员名单") + "-wf-" + mainland_day(0) + ".xlsx");

  const auto dir =
      std::filesystem::temp_directory_path() / ("gh-members-" + std::to_string(::getpid()) + "-" +
                                                std::to_string(static_cast<int>(GetParam())));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "members.xlsx", std::ios::binary) << sheet.body;
  // Each row's text, then whether the dates are dates: the join day, and the term in years
  // (wf's four) or the text of a long-term membership (the branch's).
  const auto read =
      run_command("/usr/bin/python3",
                  {"-c",
                   "import openpyxl, sys\n"
                   "ws = openpyxl.load_workbook(sys.argv[1]).active\n"
                   "print(' '.join(str(c.value) for c in ws[1]))\n"
                   "for row in sorted(ws.iter_rows(min_row=2), key=lambda r: r[0].value):\n"
                   "    print(' '.join(str(c.value) for c in row[:8]))\n"
                   "    start, until = row[8], row[9]\n"
                   "    term = round((until.value - start.value).days / 365.25) if until.is_date "
                   "else until.value\n"
                   "    print(start.is_date, start.number_format, start.value.date(), term)\n",
                   (dir / "members.xlsx").string()});
  std::filesystem::remove_all(dir);
  ASSERT_EQ(read.exit_code, 0) << read.err;
  const std::string today = mainland_day(0);
  const std::string year = today.substr(0, 4);
  EXPECT_EQ(read.out,
            "姓名 性别 会员类型 会员编号 状态 所属机构 所在地区 工作单位 入会日期 有效期至\n"
            "吴九 男 学生会员 WF" +
                year +
                "000001 有效 工作流测试学会 天津市 / 市辖区 / 和平区 "
                "津门示例医院\n"
                "True yyyy-mm-dd " +
                today +
                " 4\n"
                "王十一 男 专业会员 WF" +
                year +
                "BR0002 有效 工作流测试分会 天津市 / 市辖区 / 河东区 "
                "津门示例医院\n"
                "True yyyy-mm-dd " +
                today + " 长期\n");
}

TEST_P(Members, FreezingRecordsTheViolationAndFreezesTheMembershipAndTheAccount) {
  const std::string zheng = account_id(*zheng_);
  const auto page = admin_->get(kWf + "/admin/members/" + zheng);
  ASSERT_EQ(page.status, 200) << page.body;
  const auto record = json_of(page);
  EXPECT_EQ(record["name"], "郑十");
  EXPECT_EQ(record["accountStatus"], "active");
  ASSERT_EQ(record["memberships"].size(), 1U);
  EXPECT_EQ(record["memberships"][0]["tenant"], "wf-branch");
  ASSERT_EQ(record["applications"].size(), 1U);
  const auto& application = record["applications"][0];
  EXPECT_EQ(application["kind"], "join");
  EXPECT_EQ(application["status"], "approved");
  EXPECT_TRUE(application["submittedAt"].is_string());
  EXPECT_TRUE(application["decidedAt"].is_string());
  ASSERT_EQ(application["events"].size(), 3U) << application;
  EXPECT_EQ(application["events"][0]["action"], "submit");
  EXPECT_EQ(record["violations"], json::array());

  // The reason is what gets recorded: none, none frozen.
  const auto blank =
      admin_->send("POST", kWf + "/admin/members/" + zheng + "/freeze", {{"reason", " \n"}});
  EXPECT_TRUE(has_field_error(blank, "reason", "required"));
  EXPECT_EQ(json_of(blank)["errors"][0]["message"], "请填写违规情况，将记入该会员的记录。");
  EXPECT_TRUE(has_field_error(admin_->send("POST", kWf + "/admin/members/" + zheng + "/freeze"),
                              "reason", "required"));
  EXPECT_EQ(names(*admin_, kWf, "?status=frozen"), Names{});
  EXPECT_EQ(world_->sign_in("wf-branch", "13900001004")->get("/api/v1/auth/me").status, 200);

  const auto frozen = admin_->send("POST", kWf + "/admin/members/" + zheng + "/freeze",
                                   {{"reason", "学历证书系伪造"}});
  ASSERT_EQ(frozen.status, 200) << frozen.body;
  const auto after = json_of(frozen);
  EXPECT_EQ(after["accountStatus"], "frozen");
  EXPECT_EQ(after["memberships"][0]["status"], "frozen");
  ASSERT_EQ(after["violations"].size(), 1U);
  EXPECT_EQ(after["violations"][0]["reason"], "学历证书系伪造");
  EXPECT_EQ(after["violations"][0]["tenant"], "wf");
  EXPECT_EQ(after["violations"][0]["recordedBy"], account_id(*admin_));
  // The same afterwards, and in the list.
  EXPECT_EQ(json_of(admin_->get(kWf + "/admin/members/" + zheng))["violations"],
            after["violations"]);
  const auto listed = list(*admin_, kWf, "?status=frozen");
  ASSERT_EQ(listed["total"], 1);
  EXPECT_EQ(listed["items"][0]["name"], "郑十");
  EXPECT_EQ(listed["items"][0]["accountStatus"], "frozen");
  EXPECT_EQ(names(*admin_, kWf, "?status=active"), (Names{"吴九", "王十一"}));

  // Identity froze the account: audited with the reason, its session ended, no more sign-in.
  const auto audit = json_of(admin_->get(kWf + "/admin/audit?event=account_frozen"));
  EXPECT_NE(audit.dump().find("学历证书系伪造"), std::string::npos) << audit;
  EXPECT_EQ(zheng_->get("/api/v1/auth/me").status, 401);
  ApiSession again(world_->port());
  EXPECT_NE(again
                .send("POST", kBranch + "/auth/sign-in",
                      {{"mobile", "13900001004"}, {"password", "Registry-test-password-1"}})
                .status,
            200);
  EXPECT_EQ(world_->sign_in("wf", "13900001003")->get("/api/v1/auth/me").status, 200)
      << "the others still sign in";
}

TEST_P(Members, ABranchAdminFreezesABranchMemberWhoRegisteredAtTheParent) {
  const std::string wang = account_id(*wang_);
  const auto frozen = branch_admin_->send("POST", kBranch + "/admin/members/" + wang + "/freeze",
                                          {{"reason", "工作单位信息不实"}});
  ASSERT_EQ(frozen.status, 200) << frozen.body;
  EXPECT_EQ(json_of(frozen)["accountStatus"], "frozen");
  EXPECT_EQ(json_of(frozen)["memberships"][0]["status"], "frozen");
  EXPECT_EQ(wang_->get("/api/v1/auth/me").status, 401);
  // The branch's record is the branch's and its ancestors' to read.
  const auto seen = json_of(admin_->get(kWf + "/admin/members/" + wang));
  ASSERT_EQ(seen["violations"].size(), 1U);
  EXPECT_EQ(seen["violations"][0]["tenant"], "wf-branch");
}

TEST_P(Members, ViolationsAreReadWhereTheyWereRecordedAndAbove) {
  // wf's admin records a violation of a branch member; the branch's admin does not see wf's
  // record, only that the membership and account are frozen.
  const std::string zheng = account_id(*zheng_);
  ASSERT_EQ(admin_
                ->send("POST", kWf + "/admin/members/" + zheng + "/freeze",
                       {{"reason", "总会核查：证书伪造"}})
                .status,
            200);
  const auto seen = json_of(branch_admin_->get(kBranch + "/admin/members/" + zheng));
  EXPECT_EQ(seen["violations"], json::array());
  EXPECT_EQ(seen["accountStatus"], "frozen");
  EXPECT_EQ(seen["memberships"][0]["status"], "frozen");
}

TEST_P(Members, AMembershipWhoseTermEndedListsAsExpired) {
  const auto db = db::Database::open(db::DatabaseUrl::parse(world_->database_url()));
  const std::string wu = account_id(*wu_);
  db->transaction([&](soci::session& tx) {
    tx << "UPDATE memberships SET valid_until = 1000 WHERE account_id = :a", soci::use(wu);
  });
  EXPECT_EQ(names(*admin_, kWf, "?status=expired"), (Names{"吴九"}));
  EXPECT_EQ(names(*admin_, kWf, "?status=active"), (Names{"王十一", "郑十"}));
  EXPECT_EQ(json_of(admin_->get(kWf + "/admin/members/" + wu))["memberships"][0]["status"],
            "expired");
}

INSTANTIATE_TEST_SUITE_P(Sqlite, Members, ::testing::Values(Backend::sqlite), backend_name);
INSTANTIATE_TEST_SUITE_P(MariaDb, Members, ::testing::Values(Backend::mysql), backend_name);

}  // namespace
}  // namespace guildhall::testing
