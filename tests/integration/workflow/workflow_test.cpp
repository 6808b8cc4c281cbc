// Applications and their review through the real server (issue #5): the steps in order, a
// rejection with its reason, correction and resubmission, member numbers, and the races that
// must make exactly one transition. Instantiated on SQLite and on MariaDB (two instances).
#include <soci/soci.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "db/database.hpp"
#include "registry_world.hpp"

namespace guildhall::testing {
namespace {

using nlohmann::json;

const std::string kWf = "/api/v1/t/wf";
const std::filesystem::path kTenants =
    std::filesystem::path(GUILDHALL_SOURCE_DIR) / "tests/fixtures/tenants_workflow";

class Workflow : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::mysql && !test_mysql_url()) {
      GTEST_SKIP() << "GUILDHALL_TEST_MYSQL_URL is not set; scripts/test starts MariaDB";
    }
    world_ = std::make_unique<RegistryWorld>(GetParam(), kTenants);
  }
  RegistryWorld& world() { return *world_; }

  static json application(ApiSession& applicant, const json& values,
                          const std::string& base = kWf) {
    const auto created =
        applicant.send("POST", base + "/applications", {{"kind", "join"}, {"values", values}});
    EXPECT_EQ(created.status, 201) << created.body;
    return json_of(created);
  }

  static json submit(ApiSession& applicant, const json& app, const std::string& base = kWf) {
    const auto r =
        applicant.send("POST", base + "/applications/" + app["id"].get<std::string>() + "/submit",
                       {{"version", app["version"]}});
    EXPECT_EQ(r.status, 200) << r.body;
    return json_of(r);
  }

  static HttpResponse decide(ApiSession& reviewer, const json& app, const std::string& action,
                             const std::string& reason = {}, const std::string& base = kWf) {
    return reviewer.send("POST",
                         base + "/applications/" + app["id"].get<std::string>() + "/decisions",
                         {{"action", action}, {"reason", reason}, {"version", app["version"]}});
  }

  std::unique_ptr<RegistryWorld> world_;
};

std::string account_id(ApiSession& session) {
  return json_of(session.get("/api/v1/auth/me"))["account"]["id"];
}

TEST_P(Workflow, RecommenderThenAdminRejectResubmitApproveGivesAMemberNumber) {
  auto admin = world().appoint_admin("wf", "13900000101");
  auto recommender = world().register_member("wf", "13900000102");
  auto applicant = world().register_member("wf", "13900000103");
  const std::string recommender_id = account_id(*recommender);
  // A committee member is a reviewer of one of the realm's tenants, listed by their profile name.
  ASSERT_EQ(recommender->send("PUT", kWf + "/profile", {{"values", {{"name", "李委员"}}}}).status,
            200);
  ASSERT_EQ(admin
                ->send("PUT", kWf + "/admin/accounts/" + recommender_id + "/roles",
                       {{"roles", json::array({{{"tenant", "wf"}, {"role", "reviewer"}}})}})
                .status,
            204);
  recommender = world().sign_in("wf", "13900000102");
  const auto directory = json_of(applicant->get(kWf + "/committee-members?q=%E6%9D%8E"));
  ASSERT_EQ(directory["items"].size(), 1U) << directory;
  EXPECT_EQ(directory["items"][0]["id"], recommender_id);
  EXPECT_EQ(directory["items"][0]["name"], "李委员");
  EXPECT_EQ(directory["items"][0]["seats"][0]["tenant"], "wf");
  EXPECT_EQ(json_of(applicant->get(kWf + "/committee-members?q=%E7%8E%8B"))["items"].size(), 0U);
  EXPECT_EQ(applicant->get(kWf + "/committee-members/" + account_id(*admin)).status, 404);

  // A draft keeps what was typed, even incomplete; submitting checks the form.
  auto draft = application(*applicant, {{"member_type", "professional"}});
  EXPECT_EQ(draft["status"], "draft");
  const auto incomplete =
      applicant->send("POST", kWf + "/applications/" + draft["id"].get<std::string>() + "/submit",
                      {{"version", draft["version"]}});
  EXPECT_TRUE(has_field_error(incomplete, "name", "required"));
  const auto unknown = applicant->send(
      "PUT", kWf + "/applications/" + draft["id"].get<std::string>(),
      {{"values", {{"name", "张三"}, {"member_type", "professional"}, {"recommender", "nobody"}}},
       {"version", draft["version"]}});
  ASSERT_EQ(unknown.status, 200) << unknown.body;
  EXPECT_TRUE(has_field_error(
      applicant->send("POST", kWf + "/applications/" + draft["id"].get<std::string>() + "/submit",
                      {{"version", json_of(unknown)["version"]}}),
      "recommender", "committee_member_unknown"));
  const auto named = applicant->send(
      "PUT", kWf + "/applications/" + draft["id"].get<std::string>(),
      {{"values",
        {{"name", "张三"}, {"member_type", "professional"}, {"recommender", recommender_id}}},
       {"version", json_of(unknown)["version"]}});
  ASSERT_EQ(named.status, 200) << named.body;
  ASSERT_EQ(applicant->send("PUT", kWf + "/profile", {{"values", {{"name", "张三"}}}}).status, 200);
  auto app = submit(*applicant, json_of(named));
  EXPECT_EQ(app["status"], "under_review");
  // Under review, the fields the application covers are locked in the profile.
  const auto locked = applicant->send("PUT", kWf + "/profile", {{"values", {{"name", "张三丰"}}}});
  EXPECT_EQ(locked.status, 409) << locked.body;
  EXPECT_EQ(json_of(locked)["code"], "field_locked");
  EXPECT_EQ(app["step"], "recommender");
  EXPECT_FALSE(app["dueAt"].is_null());

  // Only the named recommender acts on the first step, and sees it in the queue.
  EXPECT_EQ(json_of(admin->get(kWf + "/review/queue"))["total"], 0);
  EXPECT_EQ(decide(*admin, app, "approve").status, 403);
  ASSERT_EQ(json_of(recommender->get(kWf + "/review/queue"))["total"], 1);
  const auto recommended = decide(*recommender, app, "approve");
  ASSERT_EQ(recommended.status, 200) << recommended.body;
  app = json_of(recommended);
  EXPECT_EQ(app["step"], "admin");

  // The admin rejects with a reason (required); the applicant sees it and resubmits.
  EXPECT_TRUE(has_field_error(decide(*admin, app, "reject"), "reason", "required"));
  const auto rejected = decide(*admin, app, "return", "证件照片不清晰");
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  app = json_of(rejected);
  EXPECT_EQ(app["status"], "returned");
  // Returned: the applicant may correct the profile again.
  EXPECT_EQ(applicant->send("PUT", kWf + "/profile", {{"values", {{"name", "张三"}}}}).status, 200);
  const auto seen = json_of(applicant->get(kWf + "/applications"));
  ASSERT_EQ(seen["total"], 1);
  EXPECT_EQ(seen["items"][0]["reason"], "证件照片不清晰");
  app = submit(*applicant, app);
  EXPECT_EQ(app["step"], "recommender");
  app = json_of(decide(*recommender, app, "approve"));
  const auto approved = decide(*admin, app, "approve");
  ASSERT_EQ(approved.status, 200) << approved.body;
  app = json_of(approved);
  EXPECT_EQ(app["status"], "approved");
  ASSERT_TRUE(app["membership"].is_object()) << app.dump();
  const std::string year = app["decidedAt"].get<std::string>().substr(0, 4);
  EXPECT_EQ(app["membership"]["memberNumber"], "WF" + year + "000001");
  EXPECT_EQ(app["membership"]["memberType"], "professional");

  // The history: who did what, in order, with the reasons.
  std::vector<std::string> actions;
  for (const auto& e : app["events"]) {
    actions.push_back(e["action"]);
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"submit", "approve", "return", "submit", "approve",
                                               "approve"}));
  // Each transition told the applicant in the site inbox, with the reason and the number.
  const auto inbox = json_of(applicant->get("/api/v1/me/messages"));
  std::string all_text = inbox.dump();
  EXPECT_NE(all_text.find("证件照片不清晰"), std::string::npos) << all_text;
  EXPECT_NE(all_text.find("WF" + year + "000001"), std::string::npos) << all_text;
  EXPECT_NE(all_text.find("审批通过"), std::string::npos) << all_text;
  const auto memberships = json_of(applicant->get(kWf + "/memberships"));
  ASSERT_EQ(memberships["items"].size(), 1U);
  EXPECT_EQ(memberships["items"][0]["status"], "active");
  // membership_years: 4 — valid to the end of the day before the fourth anniversary (Beijing).
  const std::string from = memberships["items"][0]["validFrom"];
  const std::string until = memberships["items"][0]["validUntil"];
  EXPECT_EQ(std::stoi(until.substr(0, 4)), std::stoi(from.substr(0, 4)) + 4)
      << from << " " << until;
  EXPECT_EQ(until.substr(11), "15:59:59.999Z") << until;

  // Nobody else reads it.
  auto stranger = world().register_member("wf", "13900000104");
  EXPECT_EQ(stranger->get(kWf + "/applications/" + app["id"].get<std::string>()).status, 404);

  // Besides the site inbox, the applicant gets an SMS with the result, through the outbox.
  std::string sms;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (sms.find("审批通过") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    const json recorded = json_of(admin->get("/api/v1/dev/sms?mobile=13900000103"));
    for (const auto& item : recorded["items"]) {
      if (item["text"].is_string() &&
          item["text"].get<std::string>().find("审批通过") != std::string::npos) {
        sms = item["text"].get<std::string>();
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(sms, "您的入会申请：审批通过，会员编号 WF" + year + "000001。请登录会员中心查看。");
}

TEST_P(Workflow, FiftyConcurrentApprovalsMakeOneTransition) {
  auto admin = world().appoint_admin("wf", "13900000201");
  auto applicant = world().register_member("wf", "13900000202");
  const auto app =
      submit(*applicant, application(*applicant, {{"name", "李四"}, {"member_type", "student"}}));
  ASSERT_EQ(app["step"], "admin");
  const std::uint16_t second = GetParam() == Backend::mysql ? world().start_second_server() : 0;

  constexpr int kClicks = 50;
  std::atomic<int> ok{0};
  std::atomic<int> conflicts{0};
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClicks; ++i) {
    auto session = admin->clone(second != 0 && i % 2 == 1 ? second : world().port());
    threads.emplace_back([session = std::move(session), &app, &ok, &conflicts, &other] {
      const auto r = decide(*session, app, "approve");
      (r.status == 200 ? ok : r.status == 409 ? conflicts : other)++;
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  // The same person repeating the same decision gets its result; exactly one transition.
  EXPECT_EQ(ok.load(), kClicks);
  EXPECT_EQ(other.load(), 0);
  const auto final_state =
      json_of(applicant->get(kWf + "/applications/" + app["id"].get<std::string>()));
  EXPECT_EQ(final_state["status"], "approved");
  EXPECT_EQ(final_state["version"], app["version"].get<long long>() + 1);
  EXPECT_EQ(final_state["events"].size(), 2U) << final_state.dump();
  EXPECT_EQ(json_of(applicant->get(kWf + "/memberships"))["items"].size(), 1U);

  // Another reviewer acting on the version that is gone gets a conflict, not a second step.
  auto other_admin = world().appoint_admin("wf", "13900000203");
  const auto late = decide(*other_admin, app, "reject", "重复");
  EXPECT_EQ(late.status, 409) << late.body;
  EXPECT_EQ(json_of(late)["code"], "application_changed");
}

TEST_P(Workflow, TwoHundredConcurrentApprovalsGiveDistinctGapFreeNumbers) {
  auto admin = world().appoint_admin("wf", "13900000301");
  constexpr int kApplicants = 4;
  constexpr int kEach = 50;
  std::vector<json> apps;
  for (int a = 0; a < kApplicants; ++a) {
    auto applicant = world().register_member("wf", "1390000031" + std::to_string(a));
    for (int i = 0; i < kEach; ++i) {
      apps.push_back(
          submit(*applicant,
                 application(*applicant, {{"name", "会员"}, {"member_type", "professional"}})));
    }
  }
  const std::uint16_t second = GetParam() == Backend::mysql ? world().start_second_server() : 0;
  std::vector<std::string> numbers(apps.size());
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  constexpr int kThreads = 20;
  for (int t = 0; t < kThreads; ++t) {
    auto session = admin->clone(second != 0 && t % 2 == 1 ? second : world().port());
    threads.emplace_back([session = std::move(session), t, &apps, &numbers, &failures] {
      for (std::size_t i = static_cast<std::size_t>(t); i < apps.size(); i += kThreads) {
        const auto r = decide(*session, apps[i], "approve");
        if (r.status != 200) {
          ++failures;
          continue;
        }
        numbers[i] = json_of(r)["membership"]["memberNumber"];
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  ASSERT_EQ(failures.load(), 0);
  std::set<std::string> distinct(numbers.begin(), numbers.end());
  ASSERT_EQ(distinct.size(), apps.size());
  // Gap-free: exactly the sequences 1..200 of this year.
  std::set<int> sequences;
  for (const auto& n : numbers) {
    ASSERT_EQ(n.size(), 2U + 4U + 2U + 4U) << n;
    sequences.insert(std::stoi(n.substr(8)));
  }
  EXPECT_EQ(*sequences.begin(), 1);
  EXPECT_EQ(*sequences.rbegin(), static_cast<int>(apps.size()));
}

TEST_P(Workflow, ABranchApplicationGoesToTheBranchAdminThenTheParentsAdmin) {
  const std::string branch = "/api/v1/t/wf-branch";
  auto branch_admin = world().appoint_admin("wf-branch", "13900000401");
  auto national_admin = world().appoint_admin("wf", "13900000402");
  auto applicant = world().register_member("wf-branch", "13900000403");
  auto app = submit(
      *applicant,
      application(*applicant, {{"name", "王五"}, {"member_type", "professional"}}, branch), branch);
  EXPECT_EQ(app["step"], "branch");
  // The national admin sees the whole subtree's queue, but only acts on the national step.
  EXPECT_EQ(json_of(national_admin->get(kWf + "/review/queue"))["total"], 1);
  app = json_of(decide(*branch_admin, app, "approve", {}, branch));
  EXPECT_EQ(app["step"], "national");
  EXPECT_EQ(decide(*branch_admin, app, "approve", {}, branch).status, 403);
  const auto approved = decide(*national_admin, app, "approve", {}, branch);
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(json_of(approved)["membership"]["memberNumber"].get<std::string>().substr(6, 2), "BR");
}

TEST_P(Workflow, ThePluginChecksEligibilityAndComputesTheMemberNumber) {
  const std::string committee = "/api/v1/t/wf-plugin";
  auto admin = world().appoint_admin("wf-plugin", "13900000801");
  auto applicant = world().register_member("wf-plugin", "13900000802");
  // The medical plugin's check_member_type: a professional member needs a title.
  const auto draft = application(
      *applicant, {{"name", "周八"}, {"member_type", "professional"}, {"title", "none"}},
      committee);
  EXPECT_TRUE(has_field_error(
      applicant->send("POST",
                      committee + "/applications/" + draft["id"].get<std::string>() + "/submit",
                      {{"version", draft["version"]}}),
      "member_type", "professional_needs_title"));
  const auto fixed = applicant->send(
      "PUT", committee + "/applications/" + draft["id"].get<std::string>(),
      {{"values", {{"name", "周八"}, {"member_type", "professional"}, {"title", "senior_medical"}}},
       {"version", draft["version"]}});
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  const auto app = submit(*applicant, json_of(fixed), committee);
  const auto approved = decide(*admin, app, "approve", {}, committee);
  ASSERT_EQ(approved.status, 200) << approved.body;
  const std::string year = std::to_string(
      std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(
                                      std::chrono::system_clock::now() + std::chrono::hours(8))}
          .year()
          .
          operator int());
  EXPECT_EQ(json_of(approved)["membership"]["memberNumber"], "WFPLUGIN" + year + "000001");
}

TEST_P(Workflow, AnUpgradeSupersedesTheOldMembership) {
  auto admin = world().appoint_admin("wf", "13900001001");
  auto applicant = world().register_member("wf", "13900001002");
  const auto early = applicant->send("POST", kWf + "/applications",
                                     {{"kind", "upgrade"}, {"values", json::object()}});
  EXPECT_EQ(json_of(early)["code"], "membership_required") << early.body;
  const auto draft = application(*applicant, {{"name", "冯一"}, {"member_type", "student"}});
  // One draft per kind; and once a member, no second joining.
  const auto twice = applicant->send("POST", kWf + "/applications",
                                     {{"kind", "join"}, {"values", json::object()}});
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(json_of(twice)["code"], "draft_exists");
  ASSERT_EQ(decide(*admin, submit(*applicant, draft), "approve").status, 200);
  EXPECT_EQ(json_of(applicant->send("POST", kWf + "/applications",
                                    {{"kind", "join"}, {"values", json::object()}}))["code"],
            "already_member");
  const auto created = applicant->send(
      "POST", kWf + "/applications",
      {{"kind", "upgrade"}, {"values", {{"name", "冯一"}, {"member_type", "professional"}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto upgraded = decide(*admin, submit(*applicant, json_of(created)), "approve");
  ASSERT_EQ(upgraded.status, 200) << upgraded.body;
  const auto memberships = json_of(applicant->get(kWf + "/memberships"))["items"];
  ASSERT_EQ(memberships.size(), 2U);
  EXPECT_EQ(memberships[0]["memberType"], "student");
  EXPECT_EQ(memberships[0]["status"], "superseded");
  EXPECT_EQ(memberships[1]["memberType"], "professional");
  EXPECT_EQ(memberships[1]["status"], "active");
  EXPECT_NE(memberships[1]["memberNumber"], memberships[0]["memberNumber"]);
}

TEST_P(Workflow, AChangeRequestShowsItsDiffAndOnceApprovedChangesTheProfile) {
  auto admin = world().appoint_admin("wf", "13900000501");
  auto applicant = world().register_member("wf", "13900000502");
  ASSERT_EQ(applicant
                ->send("PUT", kWf + "/profile",
                       {{"values", {{"name", "赵六"}, {"email", "zhao@example.org"}}}})
                .status,
            200);
  const auto early = applicant->send("POST", kWf + "/applications", {{"kind", "change"}});
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(json_of(early)["code"], "membership_required");
  const auto joined = decide(
      *admin,
      submit(*applicant, application(*applicant, {{"name", "赵六"}, {"member_type", "student"}})),
      "approve");
  ASSERT_EQ(joined.status, 200) << joined.body;

  // A change request starts from the whole profile; sending it unchanged is refused.
  const auto change = [&](const json& values) {
    const auto created =
        applicant->send("POST", kWf + "/applications", {{"kind", "change"}, {"values", values}});
    EXPECT_EQ(created.status, 201) << created.body;
    return json_of(created);
  };
  auto draft = change(json::object());
  EXPECT_EQ(draft["values"]["name"], "赵六");
  EXPECT_EQ(draft["values"]["email"], "zhao@example.org");
  const auto unchanged =
      applicant->send("POST", kWf + "/applications/" + draft["id"].get<std::string>() + "/submit",
                      {{"version", draft["version"]}});
  EXPECT_EQ(unchanged.status, 422) << unchanged.body;
  EXPECT_EQ(json_of(unchanged)["code"], "no_changes");

  // A new name always goes to a reviewer, with the diff; the changed fields lock meanwhile.
  const auto edited = applicant->send(
      "PUT", kWf + "/applications/" + draft["id"].get<std::string>(),
      {{"values",
        {{"name", "赵大"}, {"email", "zhao@example.org"}, {"id_number", "11010519491231002X"}}},
       {"version", draft["version"]}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  auto app = submit(*applicant, json_of(edited));
  EXPECT_EQ(app["status"], "under_review");
  EXPECT_EQ(app["changes"],
            json::parse(R"([{"field":"name","before":"赵六","after":"赵大"},)"
                        R"({"field":"id_number","before":null,"after":"110105********002X"}])"));
  const auto locked = applicant->send(
      "PUT", kWf + "/profile", {{"values", {{"name", "赵小"}, {"email", "zhao@example.org"}}}});
  EXPECT_EQ(locked.status, 409) << locked.body;

  // Reviewers leave notes for one another; the applicant never sees them.
  const std::string id = app["id"];
  const auto empty_note =
      admin->send("POST", kWf + "/applications/" + id + "/comments", {{"body", "  "}});
  EXPECT_TRUE(has_field_error(empty_note, "body", "required"));
  const auto noted = admin->send("POST", kWf + "/applications/" + id + "/comments",
                                 {{"body", "身份证号需与原件核对"}});
  ASSERT_EQ(noted.status, 201) << noted.body;
  EXPECT_EQ(json_of(noted)["comments"][0]["body"], "身份证号需与原件核对");
  EXPECT_EQ(json_of(admin->get(kWf + "/applications/" + id))["comments"].size(), 1U);
  EXPECT_EQ(json_of(applicant->get(kWf + "/applications/" + id))["comments"].size(), 0U);
  EXPECT_EQ(
      applicant->send("POST", kWf + "/applications/" + id + "/comments", {{"body", "我"}}).status,
      404);

  // A reviewer reads a masked value in full, audited; the applicant gets nothing here.
  const auto revealed =
      admin->send("POST", kWf + "/applications/" + id + "/reveal", {{"field", "id_number"}});
  ASSERT_EQ(revealed.status, 200) << revealed.body;
  EXPECT_EQ(json_of(revealed)["value"], "11010519491231002X");
  EXPECT_TRUE(has_field_error(
      admin->send("POST", kWf + "/applications/" + id + "/reveal", {{"field", "name"}}), "field",
      "not_protected"));
  EXPECT_EQ(
      applicant->send("POST", kWf + "/applications/" + id + "/reveal", {{"field", "id_number"}})
          .status,
      404);
  const auto audit = admin->get(kWf + "/admin/audit?event=application_revealed");
  EXPECT_NE(audit.body.find("application_revealed"), std::string::npos) << audit.body;

  const auto approved = decide(*admin, app, "approve");
  ASSERT_EQ(approved.status, 200) << approved.body;
  auto profile = json_of(applicant->get(kWf + "/profile"));
  EXPECT_EQ(profile["values"]["name"], "赵大");
  EXPECT_EQ(profile["masked"]["id_number"], "110105********002X");

  // A new e-mail address alone is one of the kind's auto_approve_fields: approved at once.
  auto contact = change(json::object());
  const auto mailed =
      applicant->send("PUT", kWf + "/applications/" + contact["id"].get<std::string>(),
                      {{"values", {{"name", "赵大"}, {"email", "zhao.da@example.org"}}},
                       {"version", contact["version"]}});
  ASSERT_EQ(mailed.status, 200) << mailed.body;
  contact = submit(*applicant, json_of(mailed));
  EXPECT_EQ(contact["status"], "approved");
  ASSERT_EQ(contact["events"].size(), 1U);
  EXPECT_EQ(contact["events"][0]["action"], "auto_approve");
  profile = json_of(applicant->get(kWf + "/profile"));
  EXPECT_EQ(profile["values"]["email"], "zhao.da@example.org");
  EXPECT_EQ(profile["values"]["name"], "赵大");
}

TEST_P(Workflow, TheQueueFiltersAndApprovesInBatches) {
  auto admin = world().appoint_admin("wf", "13900000601");
  std::vector<json> apps;
  std::unique_ptr<ApiSession> last;
  for (int i = 0; i < 3; ++i) {
    last = world().register_member("wf", "1390000061" + std::to_string(i));
    apps.push_back(
        submit(*last, application(*last, {{"name", "会员"},
                                          {"member_type", i == 2 ? "student" : "professional"}})));
  }
  const auto total = [&](ApiSession& who, const std::string& query) {
    const auto r = who.get(kWf + "/review/queue" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return json_of(r)["total"].get<int>();
  };
  EXPECT_EQ(total(*admin, ""), 3);
  EXPECT_EQ(total(*admin, "?member_type=student"), 1);
  EXPECT_EQ(total(*admin, "?kind=change"), 0);
  EXPECT_EQ(total(*admin, "?kind=join&submitted_from=2000-01-01"), 3);
  EXPECT_EQ(total(*admin, "?submitted_to=2000-01-01"), 0);
  EXPECT_EQ(total(*admin, "?overdue=1"), 0);
  EXPECT_TRUE(has_field_error(admin->get(kWf + "/review/queue?submitted_from=2026-13-01"),
                              "submitted_from", "invalid_value"));
  EXPECT_TRUE(
      has_field_error(admin->get(kWf + "/review/queue?status=lost"), "status", "invalid_value"));
  EXPECT_EQ(last->get(kWf + "/review/queue?status=all").status, 403);

  // Two approvals go through; the third names a version that is gone and says so.
  const auto batch = admin->send(
      "POST", kWf + "/review/approvals",
      {{"items", json::array({{{"id", apps[0]["id"]}, {"version", apps[0]["version"]}},
                              {{"id", apps[1]["id"]}, {"version", apps[1]["version"]}},
                              {{"id", apps[2]["id"]},
                               {"version", apps[2]["version"].get<long long>() - 1}}})}});
  ASSERT_EQ(batch.status, 200) << batch.body;
  const auto results = json_of(batch)["items"];
  ASSERT_EQ(results.size(), 3U);
  EXPECT_EQ(results[0]["application"]["status"], "approved");
  EXPECT_EQ(results[1]["application"]["status"], "approved");
  EXPECT_EQ(results[2]["code"], "application_changed");
  EXPECT_EQ(total(*admin, ""), 1);
  EXPECT_EQ(total(*admin, "?status=approved"), 2);
  EXPECT_EQ(total(*admin, "?status=all"), 3);
}

TEST_P(Workflow, APassedDeadlineRemindsTheReviewersAndTheApplicantOnce) {
  auto admin = world().appoint_admin("wf", "13900000701");
  auto applicant = world().register_member("wf", "13900000702");
  const auto app =
      submit(*applicant, application(*applicant, {{"name", "孙七"}, {"member_type", "student"}}));
  const auto remind = [&] {
    const auto r = world().platform_admin().send("POST", "/api/v1/platform/workflow/reminders");
    EXPECT_EQ(r.status, 200) << r.body;
    return json_of(r)["reminded"].get<int>();
  };
  EXPECT_EQ(remind(), 0) << "fifteen working days remain";
  EXPECT_EQ(admin->send("POST", "/api/v1/platform/workflow/reminders").status, 403);

  // Time passes: the stored deadline is moved into the past.
  const auto db = db::Database::open(db::DatabaseUrl::parse(world().database_url()));
  const std::string id = app["id"];
  long long moved = 0;
  db->transaction([&](soci::session& tx) {
    tx << "UPDATE applications SET due_at = 1000 WHERE id = :id", soci::use(id);
    tx << "SELECT COUNT(*) FROM applications WHERE due_at = 1000", soci::into(moved);
  });
  ASSERT_EQ(moved, 1);
  EXPECT_EQ(json_of(admin->get(kWf + "/review/queue?overdue=1"))["total"], 1);
  EXPECT_EQ(remind(), 1);
  EXPECT_EQ(remind(), 0) << "each reminder goes out once";
  const auto inbox_of = [](ApiSession& who) {
    return json_of(who.get("/api/v1/me/messages")).dump();
  };
  EXPECT_NE(inbox_of(*admin).find("孙七的入会申请已于 1970-01-01 超过审核期限，请尽快审核。"),
            std::string::npos)
      << inbox_of(*admin);
  EXPECT_NE(inbox_of(*applicant).find("您的入会申请已超过审核期限（1970-01-01）"),
            std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, Workflow, ::testing::Values(Backend::sqlite), backend_name);
INSTANTIATE_TEST_SUITE_P(MariaDb, Workflow, ::testing::Values(Backend::mysql), backend_name);

}  // namespace
}  // namespace guildhall::testing
