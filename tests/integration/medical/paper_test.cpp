// The manuals' paper step (issue #7): a membership application is submitted first
// ("会员申请提交成功， 请返回并提交盖章文件"), waits for the stamped paper form, and enters review
// only when the applicant uploads the scan (提交盖章文件). Instantiated on SQLite and on MariaDB.
#include <filesystem>

#include "registry_world.hpp"

namespace guildhall::testing {
namespace {

using nlohmann::json;

const std::filesystem::path kTenants =
    std::filesystem::path(GUILDHALL_SOURCE_DIR) / "tests/fixtures/tenants_medical_flows";
const std::string kBase = "/api/v1/t/mf";

// A 1×1 PNG: the scan, as far as the server can tell.
const std::string kPng(
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00"
    "\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\x0d\x49\x44\x41\x54\x78\xda\x63\x64\x60"
    "\xf8\x5f\x0f\x00\x02\x87\x01\x80\xeb\x47\xba\x92\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60"
    "\x82",
    70);

class PaperStep : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::mysql && !test_mysql_url()) {
      GTEST_SKIP() << "GUILDHALL_TEST_MYSQL_URL is not set; scripts/test starts MariaDB";
    }
    world_ = std::make_unique<RegistryWorld>(GetParam(), kTenants);
  }

  static json scan(ApiSession& owner) {
    const auto r = owner.upload(kBase + "/uploads?form=join&field=stamped_form&name=scan.png", kPng,
                                "image/png");
    EXPECT_EQ(r.status, 201) << r.body;
    return json::array({json_of(r)});
  }

  static HttpResponse stamp(ApiSession& applicant, const json& app, const json& files) {
    return applicant.send("POST",
                          kBase + "/applications/" + app["id"].get<std::string>() + "/stamp",
                          {{"files", files}, {"version", app["version"]}});
  }

  std::unique_ptr<RegistryWorld> world_;
};

TEST_P(PaperStep, TheStampedFormFollowsTheSubmissionAndStartsTheReview) {
  auto admin = world_->appoint_admin("mf", "13900008001");
  auto applicant = world_->register_member("mf", "13900008002");
  auto other = world_->register_member("mf", "13900008003");

  const auto kinds = json_of(applicant->get(kBase + "/application-kinds"))["items"];
  ASSERT_GE(kinds.size(), 2U) << kinds;
  EXPECT_EQ(kinds[0]["key"], "join");
  EXPECT_EQ(kinds[0]["stamp"], "stamped_form");
  EXPECT_TRUE(kinds[1]["stamp"].is_null());

  const auto created = applicant->send(
      "POST", kBase + "/applications",
      {{"kind", "join"}, {"values", {{"name", "钱医生"}, {"member_type", "general"}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto submitted = applicant->send(
      "POST", kBase + "/applications/" + json_of(created)["id"].get<std::string>() + "/submit",
      {{"version", json_of(created)["version"]}});
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  const json waiting = json_of(submitted);
  EXPECT_EQ(waiting["status"], "awaiting_stamp");
  EXPECT_TRUE(waiting["step"].is_null());
  EXPECT_TRUE(waiting["dueAt"].is_null());
  // Nobody reviews an application whose paper is still missing; admins see it waiting.
  EXPECT_EQ(json_of(admin->get(kBase + "/review/queue"))["total"], 0);
  EXPECT_EQ(json_of(admin->get(kBase + "/review/queue?status=awaiting_stamp"))["total"], 1);
  // While it waits, the application cannot change.
  const auto edited =
      applicant->send("PUT", kBase + "/applications/" + waiting["id"].get<std::string>(),
                      {{"values", {{"name", "钱医生二"}, {"member_type", "general"}}},
                       {"version", waiting["version"]}});
  EXPECT_EQ(edited.status, 409) << edited.body;

  // No scan, and someone else's scan, are field errors on the stamp field.
  EXPECT_TRUE(
      has_field_error(stamp(*applicant, waiting, json::array()), "stamped_form", "required"));
  EXPECT_TRUE(
      has_field_error(stamp(*applicant, waiting, scan(*other)), "stamped_form", "upload_unknown"));
  // Only the applicant attaches it.
  EXPECT_EQ(stamp(*other, waiting, scan(*other)).status, 404);

  const json files = scan(*applicant);
  json stale = waiting;
  stale["version"] = waiting["version"].get<long long>() - 1;
  EXPECT_EQ(stamp(*applicant, stale, files).status, 409);

  const auto attached = stamp(*applicant, waiting, files);
  ASSERT_EQ(attached.status, 200) << attached.body;
  const json review = json_of(attached);
  EXPECT_EQ(review["status"], "under_review");
  EXPECT_EQ(review["step"], "admin");
  EXPECT_TRUE(review["dueAt"].is_string());
  EXPECT_EQ(review["values"]["stamped_form"][0]["id"], files[0]["id"]);
  ASSERT_EQ(review["events"].size(), 2U) << review["events"];
  EXPECT_EQ(review["events"][0]["action"], "submit");
  EXPECT_EQ(review["events"][0]["to"], "awaiting_stamp");
  EXPECT_EQ(review["events"][1]["action"], "stamp");
  EXPECT_EQ(review["events"][1]["to"], "under_review");
  // The same upload sent again changes nothing.
  const auto again = stamp(*applicant, waiting, files);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(json_of(again)["version"], review["version"]);
  // Once under review there is nothing to attach.
  const auto late = stamp(*applicant, review, files);
  EXPECT_EQ(late.status, 409);
  EXPECT_EQ(json_of(late)["code"], "not_awaiting_stamp");

  const auto queue = json_of(admin->get(kBase + "/review/queue"));
  ASSERT_EQ(queue["total"], 1);
  const auto approved =
      admin->send("POST", kBase + "/applications/" + review["id"].get<std::string>() + "/decisions",
                  {{"action", "approve"}, {"version", review["version"]}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(json_of(approved)["membership"]["memberNumber"].get<std::string>().substr(0, 2), "MF");
}

// A scan attached before submitting (or kept from an earlier submission) needs no second step.
TEST_P(PaperStep, AScanAttachedBeforehandGoesStraightToReview) {
  auto applicant = world_->register_member("mf", "13900008004");
  const auto created = applicant->send(
      "POST", kBase + "/applications",
      {{"kind", "join"},
       {"values",
        {{"name", "孙医生"}, {"member_type", "general"}, {"stamped_form", scan(*applicant)}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto submitted = applicant->send(
      "POST", kBase + "/applications/" + json_of(created)["id"].get<std::string>() + "/submit",
      {{"version", json_of(created)["version"]}});
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(json_of(submitted)["status"], "under_review");
}

INSTANTIATE_TEST_SUITE_P(Sqlite, PaperStep, ::testing::Values(Backend::sqlite), backend_name);
INSTANTIATE_TEST_SUITE_P(Mysql, PaperStep, ::testing::Values(Backend::mysql), backend_name);

}  // namespace
}  // namespace guildhall::testing
