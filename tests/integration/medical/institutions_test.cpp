// The institutions a membership application names (申请机构, issue #7): approving the application
// opens one review per institution, in the institution's own queue when the platform hosts it
// (a committee, the youth council, a branch with its own member numbers) and in the
// association's otherwise; each approves or rejects with a reason, and a rejected one is
// corrected and submitted again. Instantiated on SQLite and on MariaDB.
#include <chrono>
#include <filesystem>
#include <map>

#include "registry_world.hpp"

namespace guildhall::testing {
namespace {

using nlohmann::json;

const std::filesystem::path kTenants =
    std::filesystem::path(GUILDHALL_SOURCE_DIR) / "tests/fixtures/tenants_institutions";

std::string base(const std::string& slug) {
  return "/api/v1/t/" + slug;
}

std::string year_now() {
  using namespace std::chrono;
  const year_month_day ymd{floor<days>(system_clock::now() + hours(8))};
  return std::to_string(static_cast<int>(ymd.year()));
}

class Institutions : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::mysql && !test_mysql_url()) {
      GTEST_SKIP() << "GUILDHALL_TEST_MYSQL_URL is not set; scripts/test starts MariaDB";
    }
    world_ = std::make_unique<RegistryWorld>(GetParam(), kTenants);
  }

  static HttpResponse decide(ApiSession& reviewer, const json& app, const std::string& action,
                             const std::string& reason = {}) {
    return reviewer.send(
        "POST",
        base(app["tenant"]) + "/applications/" + app["id"].get<std::string>() + "/decisions",
        {{"action", action}, {"reason", reason}, {"version", app["version"]}});
  }

  // The applicant's applications by institution ("" for the membership application itself).
  static std::map<std::string, json> by_institution(ApiSession& applicant) {
    std::map<std::string, json> out;
    const json list = json_of(applicant.get(base("in") + "/applications"));
    for (const auto& item : list["items"]) {
      out[item["institution"].is_string() ? item["institution"].get<std::string>() : ""] = item;
    }
    return out;
  }

  std::unique_ptr<RegistryWorld> world_;
};

TEST_P(Institutions, EachInstitutionReviewsAfterTheAssociationApproves) {
  auto admin = world_->appoint_admin("in", "13900007001");
  auto lung = world_->appoint_admin("in-lung", "13900007002");
  auto youth = world_->appoint_admin("in-youth", "13900007003");
  auto branch = world_->appoint_admin("in-tj", "13900007004");
  auto applicant = world_->register_member("in", "13900007005");

  // Institutions review only members: nobody starts such a review by hand.
  const auto by_hand = applicant->send("POST", base("in") + "/applications",
                                       {{"kind", "institution"}, {"values", json::object()}});
  EXPECT_EQ(by_hand.status, 409) << by_hand.body;
  EXPECT_EQ(json_of(by_hand)["code"], "opened_by_association");
  const auto kinds = json_of(applicant->get(base("in") + "/application-kinds"))["items"];
  ASSERT_EQ(kinds.size(), 2U) << kinds;
  EXPECT_EQ(kinds[1]["effect"], "join_institution");

  const auto created = applicant->send("POST", base("in") + "/applications",
                                       {{"kind", "join"},
                                        {"values",
                                         {{"name", "赵医生"},
                                          {"member_type", "general"},
                                          {"committees", json::array({"in-lung", "in-nursing"})},
                                          {"provincial", "in-tj"},
                                          {"youth_council", true}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto submitted = applicant->send(
      "POST", base("in") + "/applications/" + json_of(created)["id"].get<std::string>() + "/submit",
      {{"version", json_of(created)["version"]}});
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  // Until the association decides, no institution has anything to review; the application
  // lists those it names, for the applicant to follow.
  const auto pending = by_institution(*applicant);
  ASSERT_EQ(pending.size(), 1U);
  const json named = pending.at("")["institutions"];
  ASSERT_EQ(named.size(), 4U) << named;
  EXPECT_EQ(named[0]["key"], "in-lung");
  EXPECT_EQ(named[1]["name"]["zh-CN"], "肿瘤护理专业委员会");
  EXPECT_EQ(named[2]["key"], "in-tj");
  EXPECT_EQ(named[3]["name"]["zh-CN"], "青年理事会");
  EXPECT_EQ(json_of(lung->get(base("in-lung") + "/review/queue"))["total"], 0);

  const auto approved = decide(*admin, json_of(submitted), "approve");
  ASSERT_EQ(approved.status, 200) << approved.body;
  const json association = json_of(approved)["membership"];
  const std::string year = year_now();
  EXPECT_EQ(association["memberNumber"], "IN" + year + "000001");

  auto mine = by_institution(*applicant);
  ASSERT_EQ(mine.size(), 5U);
  const std::string parent = json_of(approved)["id"];
  for (const auto& [institution, app] : mine) {
    if (institution.empty()) {
      continue;
    }
    EXPECT_EQ(app["parentId"], parent) << institution;
    EXPECT_EQ(app["status"], "under_review") << institution;
    EXPECT_FALSE(app["dueAt"].is_null()) << institution;
  }
  // Hosted institutions review in their own tenant; the one hosted nowhere, in the association's.
  EXPECT_EQ(mine["in-lung"]["tenant"], "in-lung");
  EXPECT_EQ(mine["in-youth"]["tenant"], "in-youth");
  EXPECT_EQ(mine["in-tj"]["tenant"], "in-tj");
  EXPECT_EQ(mine["in-nursing"]["tenant"], "in");
  EXPECT_EQ(mine["in-lung"]["institutionName"]["zh-CN"], "肺癌专业委员会");
  EXPECT_EQ(mine["in-nursing"]["institutionName"]["zh-CN"], "肿瘤护理专业委员会");
  EXPECT_EQ(mine["in-youth"]["institutionName"]["zh-CN"], "青年理事会");

  // Each institution's admins see their own; the association's see its subtree.
  const auto lung_queue = json_of(lung->get(base("in-lung") + "/review/queue"));
  ASSERT_EQ(lung_queue["total"], 1) << lung_queue;
  EXPECT_EQ(lung_queue["items"][0]["values"]["name"], "赵医生");
  EXPECT_EQ(json_of(admin->get(base("in") + "/review/queue"))["total"], 4);
  EXPECT_EQ(decide(*lung, mine["in-tj"], "approve").status, 403);

  // The committee admits: a membership of its own, numbered with its code, lasting as long as
  // the association's.
  const auto admitted = decide(*lung, mine["in-lung"], "approve");
  ASSERT_EQ(admitted.status, 200) << admitted.body;
  const json committee = json_of(admitted)["membership"];
  EXPECT_EQ(committee["memberNumber"], "IN" + year + "LUNG0001");
  EXPECT_EQ(committee["validUntil"], association["validUntil"]);
  // A branch with a workflow of its own numbers in its own format.
  const auto joined_branch = decide(*branch, mine["in-tj"], "approve");
  ASSERT_EQ(joined_branch.status, 200) << joined_branch.body;
  EXPECT_EQ(json_of(joined_branch)["membership"]["memberNumber"], "IN" + year + "TJ0001");
  // The association approves for the committee it hosts no tenant for: no membership to give.
  const auto nursing = decide(*admin, mine["in-nursing"], "approve");
  ASSERT_EQ(nursing.status, 200) << nursing.body;
  EXPECT_TRUE(json_of(nursing)["membership"].is_null());

  // The youth council rejects with a reason; the applicant reads it, corrects and resubmits.
  EXPECT_TRUE(has_field_error(decide(*youth, mine["in-youth"], "reject"), "reason", "required"));
  const auto rejected = decide(*youth, mine["in-youth"], "reject", "盖章不清晰");
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  mine = by_institution(*applicant);
  EXPECT_EQ(mine["in-youth"]["status"], "rejected");
  EXPECT_EQ(mine["in-youth"]["reason"], "盖章不清晰");
  EXPECT_EQ(mine["in-lung"]["status"], "approved");
  const auto inbox = json_of(applicant->get("/api/v1/me/messages")).dump();
  EXPECT_NE(inbox.find("盖章不清晰"), std::string::npos) << inbox;
  const auto resubmitted = applicant->send(
      "POST",
      base("in-youth") + "/applications/" + mine["in-youth"]["id"].get<std::string>() + "/submit",
      {{"version", mine["in-youth"]["version"]}});
  ASSERT_EQ(resubmitted.status, 200) << resubmitted.body;
  EXPECT_EQ(json_of(resubmitted)["status"], "under_review");
  const auto again = decide(*youth, json_of(resubmitted), "approve");
  ASSERT_EQ(again.status, 200) << again.body;
  // The youth council offers only professional membership: a general member joins as its first.
  EXPECT_EQ(json_of(again)["membership"]["memberType"], "professional");

  std::map<std::string, std::string> memberships;
  const json listed = json_of(applicant->get(base("in") + "/memberships"));
  for (const auto& m : listed["items"]) {
    memberships[m["tenant"]] = m["status"];
  }
  EXPECT_EQ(
      memberships,
      (std::map<std::string, std::string>{
          {"in", "active"}, {"in-lung", "active"}, {"in-tj", "active"}, {"in-youth", "active"}}));
}

INSTANTIATE_TEST_SUITE_P(Sqlite, Institutions, ::testing::Values(Backend::sqlite), backend_name);
INSTANTIATE_TEST_SUITE_P(Mysql, Institutions, ::testing::Values(Backend::mysql), backend_name);

}  // namespace
}  // namespace guildhall::testing
