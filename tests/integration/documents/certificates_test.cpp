// Certificates through the real server (issue #6). A member with an approved membership
// confirms the printed values and downloads the PDF; poppler reads its text and renders it to
// an image whose QR code zbarimg decodes to a URL the public check accepts. The same URL with one
// character changed is refused; after a re-issue the old URL reports "superseded", after a
// revocation "revoked". The printed fields are locked by the download; admins re-issue, revoke
// and generate certificates in a batch whose progress they poll. Instantiated on SQLite and on
// MariaDB (skipped without GUILDHALL_TEST_MYSQL_URL).
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "registry_world.hpp"
#include "support/command.hpp"
#include "support/temp_dir.hpp"

namespace guildhall::testing {
namespace {

using nlohmann::json;

const std::string kWf = "/api/v1/t/wf";
const std::filesystem::path kTenants =
    std::filesystem::path(GUILDHALL_SOURCE_DIR) / "tests/fixtures/tenants_workflow";

std::string year_now() {
  using namespace std::chrono;
  const year_month_day ymd{floor<days>(system_clock::now() + hours(8))};
  return std::to_string(static_cast<int>(ymd.year()));
}

// What a phone does with the printed certificate: render the page, decode the QR code.
struct ReadBack {
  std::string text;  // pdftotext
  std::string url;   // the QR code
};

std::string pdf_text(const std::string& pdf) {
  TempDir dir;
  const auto text =
      run_command("/usr/bin/pdftotext", {dir.write("document.pdf", pdf).string(), "-"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  return text.out;
}

ReadBack read_pdf(const std::string& pdf) {
  TempDir dir;
  const auto file = dir.write("certificate.pdf", pdf);
  ReadBack out;
  out.text = pdf_text(pdf);
  const auto image = run_command(
      "/usr/bin/pdftoppm",
      {"-r", "150", "-png", "-singlefile", file.string(), (dir.path() / "page").string()});
  EXPECT_EQ(image.exit_code, 0) << image.err;
  const auto qr =
      run_command("/usr/bin/zbarimg", {"-q", "--raw", (dir.path() / "page.png").string()});
  EXPECT_EQ(qr.exit_code, 0) << qr.err;
  out.url = qr.out.substr(0, qr.out.find('\n'));
  return out;
}

// "/v/wf/WF…?d=…&s=…" of an absolute URL.
std::string path_of(const std::string& url) {
  const auto scheme = url.find("://");
  const auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return slash == std::string::npos ? url : url.substr(slash);
}

// The status the public page shows (its data-status attribute).
std::string page_status(ApiSession& anyone, const std::string& path) {
  const auto r = anyone.get(path);
  const std::string marker = "data-status=\"";
  const auto at = r.body.find(marker);
  if (at == std::string::npos) {
    return "no page (" + std::to_string(r.status) + ")";
  }
  return r.body.substr(at + marker.size(),
                       r.body.find('"', at + marker.size()) - at - marker.size());
}

class Certificates : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::mysql && !test_mysql_url()) {
      GTEST_SKIP() << "GUILDHALL_TEST_MYSQL_URL is not set; scripts/test starts MariaDB";
    }
    world_ = std::make_unique<RegistryWorld>(GetParam(), kTenants);
    admin_ = world_->appoint_admin("wf", "13900002001");
    const auto r = admin_->send(
        "POST", kWf + "/admin/organisations",
        {{"name", "津门示例医院"}, {"region", json::array()}, {"credit_code", nullptr}});
    ASSERT_EQ(r.status, 201) << r.body;
    hospital_ = json_of(r)["id"];
    member_ = world_->register_member("wf", "13900002002");
    join(*member_, {{"name", "吴九"}, {"gender", "male"}, {"employer", hospital_}});
    anyone_ = std::make_unique<ApiSession>(world_->port());
  }

  void join(ApiSession& applicant, const json& profile) {
    const auto saved = applicant.send("PUT", kWf + "/profile", {{"values", profile}});
    ASSERT_EQ(saved.status, 200) << saved.body;
    const auto created = applicant.send(
        "POST", kWf + "/applications",
        {{"kind", "join"}, {"values", {{"name", profile["name"]}, {"member_type", "student"}}}});
    ASSERT_EQ(created.status, 201) << created.body;
    const auto app = json_of(created);
    const auto id = app["id"].get<std::string>();
    const auto submitted = applicant.send("POST", kWf + "/applications/" + id + "/submit",
                                          {{"version", app["version"]}});
    ASSERT_EQ(submitted.status, 200) << submitted.body;
    const auto decided = admin_->send(
        "POST", kWf + "/applications/" + id + "/decisions",
        {{"action", "approve"}, {"reason", ""}, {"version", json_of(submitted)["version"]}});
    ASSERT_EQ(decided.status, 200) << decided.body;
  }

  json mine(ApiSession& member) {
    const auto r = member.get(kWf + "/me/certificates");
    EXPECT_EQ(r.status, 200) << r.body;
    return json_of(r)["items"];
  }

  std::string download(ApiSession& who, const std::string& id) {
    const auto r = who.get(kWf + "/certificates/" + id + "/pdf");
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body.rfind("%PDF-", 0), 0u);
    return r.body;
  }

  std::unique_ptr<RegistryWorld> world_;
  std::unique_ptr<ApiSession> admin_, member_, anyone_;
  std::string hospital_;
};

TEST_P(Certificates, TheDownloadedPdfCarriesAQrCodeThePublicCheckAcceptsAndOnlyThatUrl) {
  const auto items = mine(*member_);
  ASSERT_EQ(items.size(), 1u) << items;
  const auto& item = items[0];
  EXPECT_TRUE(item["certificate"].is_null());
  EXPECT_EQ(item["memberTypeName"], "学生会员");
  // The printed values as the certificate shows them: labels, not option keys or ids.
  json printed = json::object();
  for (const auto& f : item["printed"]["fields"]) {
    printed[f["key"].get<std::string>()] = f["text"];
  }
  EXPECT_EQ(printed, json({{"name", "吴九"}, {"gender", "男"}, {"employer", "津门示例医院"}}));

  const std::string membership = item["membershipId"];
  const auto preview = member_->get(kWf + "/me/memberships/" + membership + "/certificate/preview");
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(preview.body.substr(1, 3), "PNG");

  const auto confirmed =
      member_->send("POST", kWf + "/me/memberships/" + membership + "/certificate");
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  const auto certificate = json_of(confirmed);
  const std::string number = certificate["number"];
  EXPECT_EQ(number, "ZSWF" + year_now() + "000001");
  EXPECT_EQ(certificate["status"], "active");
  // Confirming the same values again gives the same certificate.
  EXPECT_EQ(
      json_of(member_->send("POST", kWf + "/me/memberships/" + membership + "/certificate"))["id"],
      certificate["id"]);

  const auto pdf = download(*member_, certificate["id"]);
  EXPECT_LT(pdf.size(), 120'000u) << "one TrueType CJK face, subset";
  const auto read = read_pdf(pdf);
  EXPECT_NE(read.text.find("吴九"), std::string::npos) << read.text;
  EXPECT_NE(read.text.find(number), std::string::npos) << read.text;
  EXPECT_NE(read.text.find("工作流测试学会"), std::string::npos) << read.text;
  ASSERT_NE(read.url.find("/v/wf/" + number + "?d="), std::string::npos) << read.url;

  const std::string path = path_of(read.url);
  const auto page = anyone_->get(path);
  EXPECT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page_status(*anyone_, path), "valid");
  EXPECT_NE(page.body.find("证书有效"), std::string::npos);
  EXPECT_NE(page.body.find("吴*"), std::string::npos) << "the holder's name, masked";
  EXPECT_EQ(page.body.find("吴九"), std::string::npos) << "and nothing more about the holder";
  EXPECT_EQ(page.body.find("津门示例医院"), std::string::npos);
  const auto api = json_of(anyone_->get("/api/v1/verify" + path.substr(2)));
  EXPECT_EQ(api["status"], "valid") << api;
  EXPECT_EQ(api["tenantName"], "工作流测试学会");
  EXPECT_EQ(api["memberTypeName"], "学生会员");
  EXPECT_EQ(api["holder"], "吴*");

  // One character changed anywhere — signature, number, date — and the URL proves nothing.
  for (const std::size_t at :
       {path.size() - 1, path.find(number) + number.size() - 1, path.find("?d=") + 6}) {
    std::string forged = path;
    forged[at] = forged[at] == '1' ? '2' : '1';
    EXPECT_EQ(anyone_->get(forged).status, 404) << forged;
    EXPECT_EQ(page_status(*anyone_, forged), "unknown") << forged;
  }
}

TEST_P(Certificates, ADownloadLocksThePrintedFieldsAndAReissueSupersedesTheOldNumber) {
  const std::string membership = mine(*member_)[0]["membershipId"];
  const auto first =
      json_of(member_->send("POST", kWf + "/me/memberships/" + membership + "/certificate"));
  const std::string old_url = path_of(read_pdf(download(*member_, first["id"])).url);
  EXPECT_TRUE(mine(*member_)[0]["locked"].get<bool>());

  // The name is printed: locked, with a message that says why; the e-mail is not.
  const auto edit =
      member_->send("PUT", kWf + "/profile",
                    {{"values", {{"name", "吴久"}, {"gender", "male"}, {"employer", hospital_}}}});
  EXPECT_EQ(edit.status, 409) << edit.body;
  EXPECT_NE(edit.body.find("证书已下载"), std::string::npos) << edit.body;
  EXPECT_EQ(member_
                ->send("PUT", kWf + "/profile",
                       {{"values",
                         {{"name", "吴九"},
                          {"gender", "male"},
                          {"employer", hospital_},
                          {"email", "wu@example.com"}}}})
                .status,
            200);

  // Other members and anonymous callers cannot fetch the PDF; other members cannot list.
  auto other = world_->register_member("wf", "13900002003");
  EXPECT_EQ(other->get(kWf + "/certificates/" + first["id"].get<std::string>() + "/pdf").status,
            404);
  EXPECT_EQ(other->get(kWf + "/admin/certificates").status, 403);

  const auto reissued =
      admin_->send("POST", kWf + "/admin/memberships/" + membership + "/certificate");
  ASSERT_EQ(reissued.status, 200) << reissued.body;
  const auto second = json_of(reissued);
  EXPECT_EQ(second["number"], "ZSWF" + year_now() + "000002");
  EXPECT_EQ(page_status(*anyone_, old_url), "superseded");
  const std::string new_url = path_of(read_pdf(download(*admin_, second["id"])).url);
  EXPECT_EQ(page_status(*anyone_, new_url), "valid");

  const auto listed = json_of(admin_->get(kWf + "/admin/certificates"))["items"];
  ASSERT_EQ(listed.size(), 2u) << listed;
  EXPECT_EQ(listed[0]["status"], "active");
  EXPECT_EQ(listed[0]["holderName"], "吴九");
  EXPECT_EQ(listed[1]["status"], "superseded");
  EXPECT_EQ(listed[1]["supersededBy"], second["id"]);
  EXPECT_EQ(json_of(admin_->get(kWf + "/admin/certificates?status=superseded"))["items"].size(),
            1u);
  EXPECT_TRUE(
      has_field_error(admin_->get(kWf + "/admin/certificates?status=lost"), "status", "invalid"));

  // Revoking needs a reason, and only a valid certificate can be revoked.
  const std::string revoke =
      kWf + "/admin/certificates/" + second["id"].get<std::string>() + "/revoke";
  EXPECT_TRUE(
      has_field_error(admin_->send("POST", revoke, {{"reason", ""}}), "reason", "required"));
  ASSERT_EQ(admin_->send("POST", revoke, {{"reason", "资料不实"}}).status, 200);
  EXPECT_EQ(admin_->send("POST", revoke, {{"reason", "资料不实"}}).status, 409);
  EXPECT_EQ(page_status(*anyone_, new_url), "revoked");
  EXPECT_TRUE(mine(*member_)[0]["certificate"].is_null());
}

TEST_P(Certificates, ABatchIssuesForEveryMemberWithoutOneAndReportsWhatItCouldNot) {
  // A name that would break the SVG if it were not escaped, and a member with a value missing.
  auto li = world_->register_member("wf", "13900002004");
  join(*li, {{"name", "李&<四>"}, {"gender", "female"}, {"employer", hospital_}});
  auto zhao = world_->register_member("wf", "13900002005");
  join(*zhao, {{"name", "赵五"}, {"employer", hospital_}});

  const auto missing =
      zhao->send("POST", kWf + "/me/memberships/" +
                             mine(*zhao)[0]["membershipId"].get<std::string>() + "/certificate");
  EXPECT_TRUE(has_field_error(missing, "gender", "required")) << missing.body;

  const auto started = admin_->send("POST", kWf + "/admin/certificate-batches");
  ASSERT_EQ(started.status, 202) << started.body;
  auto job = json_of(started);
  EXPECT_EQ(job["total"], 3);
  for (int i = 0; i < 200 && !job["finished"].get<bool>(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    job = json_of(admin_->get(kWf + "/admin/certificate-batches/" + job["id"].get<std::string>()));
  }
  ASSERT_TRUE(job["finished"].get<bool>()) << job;
  EXPECT_EQ(job["done"], 3);
  EXPECT_EQ(job["issued"], 2);
  ASSERT_EQ(job["failures"].size(), 1u) << job;
  EXPECT_EQ(job["failures"][0]["holder"], "赵五");

  const auto li_item = mine(*li)[0];
  ASSERT_TRUE(li_item["certificate"].is_object()) << li_item;
  const auto read = read_pdf(download(*li, li_item["certificate"]["id"]));
  EXPECT_NE(read.text.find("李&<四>"), std::string::npos) << read.text;
  EXPECT_EQ(page_status(*anyone_, path_of(read.url)), "valid");
  // Nothing left to do: a second batch finds no one.
  EXPECT_EQ(json_of(admin_->send("POST", kWf + "/admin/certificate-batches"))["total"], 1)
      << "only 赵五, still without a gender";
}

TEST_P(Certificates, TheApplicationPrintsAsAFormToStampForTheApplicantAndItsReviewersOnly) {
  auto li = world_->register_member("wf", "13900002006");
  const auto saved =
      li->send("PUT", kWf + "/profile",
               {{"values", {{"name", "李四"}, {"gender", "female"}, {"employer", hospital_}}}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  const auto created =
      li->send("POST", kWf + "/applications",
               {{"kind", "join"}, {"values", {{"name", "李四"}, {"member_type", "professional"}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = json_of(created)["id"];
  const std::string form = kWf + "/applications/" + id + "/form.pdf";

  const auto pdf = li->get(form);
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  const auto text = pdf_text(pdf.body);
  for (const char* expected :
       {"工作流测试学会", "入会申请表", "李四", "专业会员", "申请人签名", "工作单位意见（盖章）"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " in\n" << text;
  }
  EXPECT_NE(text.find(id), std::string::npos) << "the application's number";

  // Where the kind's print lists xlsx, the same form as a workbook (section, item, value).
  const auto sheet = li->get(kWf + "/applications/" + id + "/form.xlsx");
  ASSERT_EQ(sheet.status, 200) << sheet.body;
  TempDir dir;
  const auto read =
      run_command("/usr/bin/python3", {"-c",
                                       "import openpyxl, sys\n"
                                       "ws = openpyxl.load_workbook(sys.argv[1]).active\n"
                                       "for row in ws.iter_rows(min_row=3):\n"
                                       "    print(' '.join(str(c.value) for c in row))\n",
                                       dir.write("form.xlsx", sheet.body).string()});
  ASSERT_EQ(read.exit_code, 0) << read.err;
  EXPECT_NE(read.out.find("基本信息 姓名 李四\n"), std::string::npos) << read.out;
  EXPECT_NE(read.out.find("签字盖章 工作单位意见（盖章）： None\n"), std::string::npos) << read.out;
  EXPECT_EQ(admin_->get(form).status, 200) << "a reviewer of it";
  EXPECT_EQ(member_->get(form).status, 404) << "another member";
  EXPECT_EQ(anyone_->get(form).status, 401);
}

TEST_P(Certificates, TheReviewQueueExportsToExcelWithItsFiltersAndRealCellTypes) {
  auto li = world_->register_member("wf", "13900002007");
  ASSERT_EQ(
      li->send("PUT", kWf + "/profile",
               {{"values", {{"name", "李四"}, {"gender", "female"}, {"employer", hospital_}}}})
          .status,
      200);
  const auto created =
      li->send("POST", kWf + "/applications",
               {{"kind", "join"}, {"values", {{"name", "李四"}, {"member_type", "professional"}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto app = json_of(created);
  ASSERT_EQ(li->send("POST", kWf + "/applications/" + app["id"].get<std::string>() + "/submit",
                     {{"version", app["version"]}})
                .status,
            200);

  const auto read = [&](const std::string& query) {
    const auto r = admin_->get(kWf + "/review/queue.xlsx" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    TempDir dir;
    const auto file = dir.write("queue.xlsx", r.body);
    // openpyxl, an independent reader: each row's values, then the cells' types.
    const auto out = run_command("/usr/bin/python3",
                                 {"-c",
                                  "import openpyxl, sys\n"
                                  "ws = openpyxl.load_workbook(sys.argv[1]).active\n"
                                  "print(' '.join(str(c.value) for c in ws[1]))\n"
                                  "for row in ws.iter_rows(min_row=2):\n"
                                  "    print(' '.join(str(c.value) for c in row[1:7]))\n"
                                  "    print(row[7].is_date, row[8].is_date, row[8].number_format, "
                                  "type(row[9].value).__name__, row[9].value)\n",
                                  file.string()});
    EXPECT_EQ(out.exit_code, 0) << out.err;
    return out.out;
  };
  EXPECT_EQ(
      read(""),
      "申请编号 申请类型 申请人 会员类型 状态 当前审核 受理机构 提交时间 审核期限 已等待天数\n"
      "入会申请 李四 专业会员 申请中 协会审核 工作流测试学会\n"
      "True True yyyy-mm-dd int 0\n");
  EXPECT_EQ(
      read("?kind=change"),
      "申请编号 申请类型 申请人 会员类型 状态 当前审核 受理机构 提交时间 审核期限 已等待天数\n");
  EXPECT_EQ(member_->get(kWf + "/review/queue.xlsx?status=all").status, 403);
}

TEST_P(Certificates, AnApprovedChangeOfAPrintedFieldReleasesTheLockAndANewCertificateSupersedes) {
  const std::string membership = mine(*member_)[0]["membershipId"];
  const std::string confirm = kWf + "/me/memberships/" + membership + "/certificate";
  const auto first = json_of(member_->send("POST", confirm));
  const std::string old_url = path_of(read_pdf(download(*member_, first["id"])).url);

  // A change of e-mail alone (auto-approved) prints nothing: the lock stays.
  auto draft = json_of(member_->send("POST", kWf + "/applications", {{"kind", "change"}}));
  const std::string email_change = draft["id"];
  draft["values"]["email"] = "wu@example.org";
  auto saved = member_->send("PUT", kWf + "/applications/" + email_change,
                             {{"values", draft["values"]}, {"version", draft["version"]}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  auto submitted = member_->send("POST", kWf + "/applications/" + email_change + "/submit",
                                 {{"version", json_of(saved)["version"]}});
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(json_of(submitted)["status"], "approved");
  EXPECT_TRUE(mine(*member_)[0]["locked"].get<bool>());

  // A new name goes to the association; once approved, the profile holds it, the lock is gone
  // and the member centre says the certificate no longer matches.
  draft = json_of(member_->send("POST", kWf + "/applications", {{"kind", "change"}}));
  const std::string name_change = draft["id"];
  draft["values"]["name"] = "吴久";
  saved = member_->send("PUT", kWf + "/applications/" + name_change,
                        {{"values", draft["values"]}, {"version", draft["version"]}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  submitted = member_->send("POST", kWf + "/applications/" + name_change + "/submit",
                            {{"version", json_of(saved)["version"]}});
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  const auto approved = admin_->send(
      "POST", kWf + "/applications/" + name_change + "/decisions",
      {{"action", "approve"}, {"reason", ""}, {"version", json_of(submitted)["version"]}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  const auto item = mine(*member_)[0];
  EXPECT_FALSE(item["locked"].get<bool>()) << item;
  EXPECT_TRUE(item["printedChanged"].get<bool>()) << item;

  // Confirming the new values issues a new certificate; the old number stops being valid.
  const auto second = json_of(member_->send("POST", confirm));
  EXPECT_NE(second["number"], first["number"]);
  const auto read = read_pdf(download(*member_, second["id"]));
  EXPECT_NE(read.text.find("吴久"), std::string::npos) << read.text;
  EXPECT_EQ(page_status(*anyone_, old_url), "superseded");
  EXPECT_EQ(page_status(*anyone_, path_of(read.url)), "valid");
  EXPECT_TRUE(mine(*member_)[0]["locked"].get<bool>()) << "locked again by the new download";
}

TEST_P(Certificates, WhereTheTenantSaysSoTheCertificateWaitsForTheYearsDues) {
  const std::string branch = "/api/v1/t/wf-branch";
  auto branch_admin = world_->appoint_admin("wf-branch", "13900002008");
  auto zhou = world_->register_member("wf-branch", "13900002009");
  ASSERT_EQ(
      zhou->send("PUT", kWf + "/profile",
                 {{"values", {{"name", "周八"}, {"gender", "male"}, {"employer", hospital_}}}})
          .status,
      200);
  const auto created = zhou->send(
      "POST", branch + "/applications",
      {{"kind", "join"}, {"values", {{"name", "周八"}, {"member_type", "professional"}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto app = json_of(created);
  const std::string id = app["id"];
  app = json_of(zhou->send("POST", branch + "/applications/" + id + "/submit",
                           {{"version", app["version"]}}));
  for (ApiSession* reviewer : {branch_admin.get(), admin_.get()}) {
    const auto r =
        reviewer->send("POST", branch + "/applications/" + id + "/decisions",
                       {{"action", "approve"}, {"reason", ""}, {"version", app["version"]}});
    ASSERT_EQ(r.status, 200) << r.body;
    app = json_of(r);
  }

  const auto item = json_of(zhou->get(branch + "/me/certificates"))["items"][0];
  EXPECT_TRUE(item["duesRequired"].get<bool>());
  EXPECT_FALSE(item["duesPaid"].get<bool>());
  const std::string membership = item["membershipId"];
  const std::string confirm = branch + "/me/memberships/" + membership + "/certificate";
  const auto refused = zhou->send("POST", confirm);
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_NE(refused.body.find("dues_unpaid"), std::string::npos) << refused.body;
  EXPECT_NE(refused.body.find("请先缴纳本年度会费"), std::string::npos) << refused.body;

  // The parent's admin records the dues; the member list says so, and the certificate follows.
  EXPECT_EQ(zhou->send("POST", kWf + "/admin/memberships/" + membership + "/dues").status, 403);
  const auto recorded = admin_->send("POST", kWf + "/admin/memberships/" + membership + "/dues");
  ASSERT_EQ(recorded.status, 200) << recorded.body;
  EXPECT_TRUE(json_of(recorded)["memberships"][0]["duesPaid"].get<bool>());
  EXPECT_TRUE(json_of(zhou->get(branch + "/me/certificates"))["items"][0]["duesPaid"].get<bool>());
  const auto issued = zhou->send("POST", confirm);
  ASSERT_EQ(issued.status, 200) << issued.body;
  EXPECT_EQ(json_of(issued)["number"], "ZSWFBRANCH" + year_now() + "000001");
}

INSTANTIATE_TEST_SUITE_P(Backends, Certificates, ::testing::Values(Backend::sqlite, Backend::mysql),
                         backend_name);

}  // namespace
}  // namespace guildhall::testing
