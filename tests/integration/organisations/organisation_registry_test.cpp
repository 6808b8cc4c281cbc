// The organisation registry through the real server: search, create and update with field
// errors, duplicates, merging, the spreadsheet import and who may do what. Instantiated on
// SQLite (sqlite_suite.cpp) and on MariaDB (mysql_suite.cpp).
#include <fstream>
#include <map>
#include <set>

#include "registry_world.hpp"

namespace guildhall::testing {
namespace {

using nlohmann::json;

// Valid GB 32100 codes (fictional), and one with a wrong check character.
constexpr const char* kCodeA = "12120103179908776C";
constexpr const char* kCodeB = "12120104644058466U";
constexpr const char* kCodeC = "91440306219124620Q";
constexpr const char* kCodeD = "91320505291363462G";
constexpr const char* kBadCheck = "12120103179908776D";

const std::string kMed = "/api/v1/t/med";

std::string url_encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : text) {
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
        c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

json organisation(const std::string& name, const std::string& code = {},
                  const std::vector<std::string>& region = {}) {
  json body = {{"name", name}, {"region", region}};
  body["credit_code"] = code.empty() ? json() : json(code);
  return body;
}

std::string create(ApiSession& admin, const std::string& base, const json& body) {
  const auto r = admin.send("POST", base + "/admin/organisations", body);
  EXPECT_EQ(r.status, 201) << r.body;
  return json_of(r).value("id", "");
}

json search(ApiSession& session, const std::string& base, const std::string& q,
            const std::string& extra = {}) {
  const auto r = session.get(base + "/organisations?q=" + url_encode(q) + extra);
  EXPECT_EQ(r.status, 200) << r.body;
  return json_of(r);
}

std::set<std::string> names_of(const json& page) {
  std::set<std::string> out;
  for (const auto& item : page["items"]) {
    out.insert(item["name"].get<std::string>());
  }
  return out;
}

long long audit_count(ApiSession& admin, const std::string& event) {
  const auto r = admin.get(kMed + "/admin/audit?event=" + event);
  EXPECT_EQ(r.status, 200) << r.body;
  return json_of(r).value("total", -1LL);
}

TEST_P(OrganisationRegistry, SearchFindsByNameOrCreditCodeAndPages) {
  auto admin = world().appoint_admin("med", "13900000001");
  auto member = world().register_member("med", "13900000002");
  const auto hospital =
      create(*admin, kMed, organisation("华夏测试医院", kCodeA, {"120000", "120100", "120103"}));
  create(*admin, kMed, organisation("华夏测试大学", kCodeB));
  create(*admin, kMed, organisation("江南测试研究所"));
  create(*admin, kMed, organisation("Huaxia Circuit Co."));

  EXPECT_EQ(search(*member, kMed, "测试")["total"], 3);
  EXPECT_EQ(names_of(search(*member, kMed, "华夏测试")),
            (std::set<std::string>{"华夏测试医院", "华夏测试大学"}));
  // Part of a credit code, in any case; full-width letters and case do not matter for names.
  const auto by_code = search(*member, kMed, "179908776c");
  ASSERT_EQ(by_code["total"], 1);
  const auto& item = by_code["items"][0];
  EXPECT_EQ(item["id"], hospital);
  EXPECT_EQ(item["name"], "华夏测试医院");
  EXPECT_EQ(item["credit_code"], kCodeA);
  EXPECT_EQ(item["region"], json::array({"120000", "120100", "120103"}));
  EXPECT_EQ(names_of(search(*member, kMed, "ＨＵＡＸＩＡ circuit")),
            std::set<std::string>{"Huaxia Circuit Co."});
  // LIKE wildcards are matched literally.
  EXPECT_EQ(search(*member, kMed, "%%")["total"], 0);

  const auto first = search(*member, kMed, "测试", "&page_size=2");
  EXPECT_EQ(first["total"], 3);
  EXPECT_EQ(first["items"].size(), 2U);
  const auto second = search(*member, kMed, "测试", "&page_size=2&page=2");
  EXPECT_EQ(second["items"].size(), 1U);
  EXPECT_EQ(search(*member, kMed, "")["total"], 4);

  EXPECT_TRUE(has_field_error(member->get(kMed + "/organisations?q=" + url_encode("华")), "q",
                              "too_short"));
  EXPECT_TRUE(has_field_error(member->get(kMed + "/organisations?page=0"), "page", "invalid"));

  const auto one = member->get(kMed + "/organisations/" + hospital);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(json_of(one)["name"], "华夏测试医院");
  EXPECT_FALSE(json_of(one).contains("merged_into"));
  EXPECT_EQ(member->get(kMed + "/organisations/01J0000000000000000000NONE").status, 404);

  ApiSession anonymous(world().port());
  EXPECT_EQ(anonymous.get(kMed + "/organisations?q=" + url_encode("测试")).status, 401);
  // An account of another realm is not signed in here.
  auto outsider = world().register_member("pcb", "13900000003");
  EXPECT_EQ(outsider->get(kMed + "/organisations").status, 401);
  EXPECT_EQ(outsider->get(kMed + "/organisations/" + hospital).status, 401);
}

TEST_P(OrganisationRegistry, CreateAndUpdateRefuseBadFieldsAndDuplicates) {
  auto admin = world().appoint_admin("med", "13900000011");
  const std::string path = kMed + "/admin/organisations";

  const auto bad = admin->send("POST", path, organisation("华夏校验医院", kBadCheck));
  EXPECT_TRUE(has_field_error(bad, "credit_code", "credit_code_check"));
  EXPECT_NE(json_of(bad)["errors"][0]["message"].get<std::string>().find("校验位"),
            std::string::npos)
      << bad.body;
  admin->set_locale("en");
  const auto english = admin->send("POST", path, organisation("华夏校验医院", kBadCheck));
  EXPECT_NE(json_of(english)["errors"][0]["message"].get<std::string>().find("check character"),
            std::string::npos)
      << english.body;
  admin->set_locale("zh-CN");
  EXPECT_TRUE(has_field_error(admin->send("POST", path, organisation("华夏校验医院", "12345")),
                              "credit_code", "credit_code_format"));
  EXPECT_TRUE(
      has_field_error(admin->send("POST", path, organisation("医")), "name", "name_length"));
  EXPECT_TRUE(has_field_error(admin->send("POST", path, json{{"credit_code", kCodeA}}), "name",
                              "required"));
  EXPECT_TRUE(has_field_error(
      admin->send("POST", path, organisation("华夏地区医院", "", {"120000", "110100"})), "region",
      "region_format"));
  EXPECT_TRUE(has_field_error(
      admin->send("POST", path, json{{"name", "华夏地区医院"}, {"region", "120000"}}), "region",
      "invalid"));
  EXPECT_TRUE(has_field_error(admin->send("POST", path, json{{"name", "华夏医院"}, {"x", 1}}), "x",
                              "unknown_field"));
  // Several problems at once are reported together.
  const auto both = admin->send("POST", path, organisation("医", kBadCheck));
  EXPECT_TRUE(has_field_error(both, "name", "name_length"));
  EXPECT_TRUE(has_field_error(both, "credit_code", "credit_code_check"));
  EXPECT_EQ(search(*admin, kMed, "")["total"], 0) << "nothing invalid was stored";

  const auto first = create(*admin, kMed, organisation("华夏重复医院（东院）", kCodeA));
  EXPECT_TRUE(has_field_error(admin->send("POST", path, organisation(" 华夏重复医院(东院) ")),
                              "name", "duplicate"));
  EXPECT_TRUE(
      has_field_error(admin->send("POST", path, organisation("华夏另一医院", "12120103179908776c")),
                      "credit_code", "duplicate"));
  const auto second = create(*admin, kMed, organisation("华夏另一医院", kCodeB));

  EXPECT_TRUE(has_field_error(
      admin->send("PUT", path + "/" + second, organisation("华夏重复医院(东院)", kCodeB)), "name",
      "duplicate"));
  EXPECT_TRUE(
      has_field_error(admin->send("PUT", path + "/" + second, organisation("华夏另一医院", kCodeA)),
                      "credit_code", "duplicate"));
  const auto renamed = admin->send("PUT", path + "/" + second,
                                   organisation("  华夏另一医院  北院 ", kCodeB, {"120000"}));
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(json_of(renamed)["name"], "华夏另一医院 北院");
  EXPECT_EQ(json_of(renamed)["region"], json::array({"120000"}));
  // Saving an organisation unchanged is not a duplicate of itself.
  EXPECT_EQ(
      admin->send("PUT", path + "/" + first, organisation("华夏重复医院（东院）", kCodeA)).status,
      200);
  EXPECT_EQ(
      admin->send("PUT", path + "/01J0000000000000000000NONE", organisation("华夏医院")).status,
      404);

  EXPECT_EQ(audit_count(*admin, "organisation_created"), 2);
  EXPECT_EQ(audit_count(*admin, "organisation_updated"), 2);
}

TEST_P(OrganisationRegistry, MergeHidesTheDuplicateAndRedirectsToTheSurvivor) {
  auto admin = world().appoint_admin("med", "13900000021");
  auto member = world().register_member("med", "13900000022");
  const std::string path = kMed + "/admin/organisations";
  const auto a = create(*admin, kMed, organisation("华夏合并医院", kCodeA));
  const auto b = create(*admin, kMed, organisation("华夏合并医院东院区"));
  EXPECT_EQ(search(*member, kMed, "合并")["total"], 2);

  const auto merged = admin->send("POST", path + "/" + a + "/merge", {{"into", b}});
  ASSERT_EQ(merged.status, 200) << merged.body;
  EXPECT_EQ(json_of(merged)["id"], b);
  EXPECT_EQ(json_of(merged)["credit_code"], kCodeA) << "the survivor takes the code it lacked";

  const auto found = search(*member, kMed, "合并");
  EXPECT_EQ(found["total"], 1);
  EXPECT_EQ(names_of(found), std::set<std::string>{"华夏合并医院东院区"});
  const auto redirected = member->get(kMed + "/organisations/" + a);
  ASSERT_EQ(redirected.status, 200) << redirected.body;
  EXPECT_EQ(json_of(redirected)["id"], b);
  EXPECT_EQ(json_of(redirected)["merged_into"], b);

  const auto changed = admin->send("PUT", path + "/" + a, organisation("华夏合并医院"));
  EXPECT_EQ(changed.status, 409);
  EXPECT_EQ(json_of(changed)["code"], "organisation_merged");
  EXPECT_EQ(admin->send("POST", path + "/" + a + "/merge", {{"into", b}}).status, 409);
  EXPECT_TRUE(has_field_error(admin->send("POST", path + "/" + b + "/merge", {{"into", b}}), "into",
                              "same_organisation"));
  EXPECT_TRUE(has_field_error(admin->send("POST", path + "/" + b + "/merge", {{"into", a}}), "into",
                              "organisation_merged"));
  EXPECT_TRUE(has_field_error(admin->send("POST", path + "/" + b + "/merge", json::object()),
                              "into", "required"));
  // The merged name stays taken: it now means the survivor.
  EXPECT_TRUE(has_field_error(admin->send("POST", path, organisation("华夏合并医院")), "name",
                              "duplicate"));

  // Merging the survivor again carries the earlier merge along.
  const auto c = create(*admin, kMed, organisation("华夏合并总医院", kCodeB));
  ASSERT_EQ(admin->send("POST", path + "/" + b + "/merge", {{"into", c}}).status, 200);
  const auto twice = member->get(kMed + "/organisations/" + a);
  EXPECT_EQ(json_of(twice)["id"], c);
  EXPECT_EQ(json_of(twice)["merged_into"], c);
  EXPECT_EQ(search(*member, kMed, "合并")["total"], 1);

  EXPECT_EQ(audit_count(*admin, "organisation_merged"), 2);
}

TEST_P(OrganisationRegistry, ImportReportsRowErrorsAndDryRunWritesNothing) {
  auto admin = world().appoint_admin("med", "13900000031");
  const std::string path = kMed + "/admin/organisations/import";
  const auto existing = create(*admin, kMed, organisation("华夏导入已有医院", kCodeC));
  create(*admin, kMed, organisation("华夏导入同名医院"));

  const json rows = json::array({
      {{"name", "华夏导入新医院一"}, {"credit_code", kCodeA}, {"region", "120000/120100/120103"}},
      {{"name", "华夏导入坏代码医院"}, {"credit_code", kBadCheck}},
      {{"name", "华夏导入已有医院（更名）"}, {"credit_code", kCodeC}},
      {{"name", "华夏导入新医院二"}, {"credit_code", kCodeA}},
      {{"name", "华夏导入同名医院"}},
      {{"name", ""}, {"credit_code", ""}},
      {{"name", "华夏导入新医院三"}, {"region", "120000/110100"}},
      {{"name", "华夏导入新医院四"}, {"credit_code", kCodeD}, {"region", {"120000", "120100"}}},
      {{"name", true}},
  });
  const auto check_report = [](const json& report) {
    EXPECT_EQ(report["created"], 2) << report.dump();
    EXPECT_EQ(report["updated"], 1) << report.dump();
    EXPECT_EQ(report["skipped"], 6) << report.dump();
    std::set<std::tuple<int, std::string, std::string>> errors;
    for (const auto& e : report["errors"]) {
      EXPECT_FALSE(e["message"].get<std::string>().empty());
      errors.insert(
          {e["row"].get<int>(), e["field"].get<std::string>(), e["code"].get<std::string>()});
    }
    const std::set<std::tuple<int, std::string, std::string>> expected{
        {3, "credit_code", "credit_code_check"},
        {5, "credit_code", "duplicate_in_file"},
        {6, "name", "duplicate"},
        {7, "name", "required"},
        {8, "region", "region_format"},
        {10, "name", "invalid"}};
    EXPECT_EQ(errors, expected) << report.dump();
  };

  const auto dry = admin->send("POST", path, {{"rows", rows}, {"dry_run", true}});
  ASSERT_EQ(dry.status, 200) << dry.body;
  check_report(json_of(dry));
  EXPECT_EQ(search(*admin, kMed, "华夏导入")["total"], 2) << "a dry run writes nothing";
  EXPECT_EQ(json_of(admin->get(kMed + "/organisations/" + existing))["name"], "华夏导入已有医院");
  EXPECT_EQ(audit_count(*admin, "organisations_imported"), 0);

  const auto real = admin->send("POST", path, {{"rows", rows}, {"dry_run", false}});
  ASSERT_EQ(real.status, 200) << real.body;
  check_report(json_of(real));
  EXPECT_EQ(names_of(search(*admin, kMed, "华夏导入")),
            (std::set<std::string>{"华夏导入新医院一", "华夏导入已有医院（更名）",
                                   "华夏导入同名医院", "华夏导入新医院四"}));
  const auto updated = json_of(admin->get(kMed + "/organisations/" + existing));
  EXPECT_EQ(updated["name"], "华夏导入已有医院（更名）");
  EXPECT_EQ(updated["credit_code"], kCodeC);
  const auto fourth = search(*admin, kMed, "新医院四")["items"][0];
  EXPECT_EQ(fourth["region"], json::array({"120000", "120100"}));
  EXPECT_EQ(audit_count(*admin, "organisations_imported"), 1);

  // The same sheet again: what it created now matches by credit code and is unchanged.
  const auto again = json_of(admin->send("POST", path, {{"rows", rows}}));
  EXPECT_EQ(again["created"], 0) << again.dump();
  EXPECT_EQ(again["updated"], 0) << again.dump();
  EXPECT_EQ(again["unchanged"], 3) << again.dump();

  // Row numbers can be given when the sheet had rows the browser left out; messages follow
  // the request's language.
  admin->set_locale("en");
  const auto numbered = json_of(admin->send(
      "POST", path,
      {{"rows", json::array({{{"row", 12}, {"name", "华夏导入坏医院"}, {"credit_code", "123"}}})},
       {"dry_run", true}}));
  ASSERT_EQ(numbered["errors"].size(), 1U) << numbered.dump();
  EXPECT_EQ(numbered["errors"][0]["row"], 12);
  EXPECT_EQ(numbered["errors"][0]["code"], "credit_code_format");
  EXPECT_NE(numbered["errors"][0]["message"].get<std::string>().find("18"), std::string::npos);

  json too_many = json::array();
  for (int i = 0; i < 5001; ++i) {
    too_many.push_back({{"name", "华夏批量单位" + std::to_string(i)}});
  }
  EXPECT_TRUE(has_field_error(admin->send("POST", path, {{"rows", too_many}, {"dry_run", true}}),
                              "rows", "too_many_rows"));
  EXPECT_TRUE(
      has_field_error(admin->send("POST", path, {{"rows", json::array()}}), "rows", "required"));
  too_many.erase(too_many.begin());
  const auto full = admin->send("POST", path, {{"rows", too_many}});
  ASSERT_EQ(full.status, 200) << full.body;
  EXPECT_EQ(json_of(full)["created"], 5000);
  EXPECT_EQ(search(*admin, kMed, "华夏批量单位")["total"], 5000);
}

TEST_P(OrganisationRegistry, OnlyTheTenantsAdminsChangeItsRegistry) {
  auto admin = world().appoint_admin("med", "13900000041");
  auto member = world().register_member("med", "13900000042");
  auto branch_admin = world().appoint_admin("med-tj", "13900000043");
  auto other_admin = world().appoint_admin("pcb", "13900000044");
  const std::string path = kMed + "/admin/organisations";
  const auto id = create(*admin, kMed, organisation("华夏权限医院", kCodeA));

  // A member may search but not change anything, whatever the body.
  EXPECT_EQ(search(*member, kMed, "权限")["total"], 1);
  EXPECT_EQ(member->send("POST", path, organisation("华夏会员医院")).status, 403);
  EXPECT_EQ(member->send("POST", path, json{{"bogus", true}}).status, 403);
  EXPECT_EQ(member->send("PUT", path + "/" + id, organisation("华夏会员医院")).status, 403);
  EXPECT_EQ(member->send("POST", path + "/" + id + "/merge", {{"into", id}}).status, 403);
  EXPECT_EQ(
      member->send("POST", path + "/import", {{"rows", json::array({{{"name", "华夏会员医院"}}})}})
          .status,
      403);
  ApiSession anonymous(world().port());
  EXPECT_EQ(anonymous.send("POST", path, organisation("华夏匿名医院")).status, 401);

  // Another tenant's admin, of another realm: the tenant is not theirs to see.
  EXPECT_EQ(other_admin->send("POST", path, organisation("华夏外来医院")).status, 404);
  EXPECT_EQ(other_admin->send("PUT", path + "/" + id, organisation("华夏外来医院")).status, 404);
  EXPECT_EQ(
      other_admin
          ->send("POST", path + "/import", {{"rows", json::array({{{"name", "华夏外来医院"}}})}})
          .status,
      404);
  // In its own tenant it works, and neither registry sees the other's entries.
  const auto pcb_id = create(*other_admin, "/api/v1/t/pcb", organisation("华夏权限电路公司"));
  EXPECT_EQ(admin->get(kMed + "/organisations/" + pcb_id).status, 404);
  EXPECT_EQ(
      other_admin
          ->send("PUT", "/api/v1/t/pcb/admin/organisations/" + id, organisation("华夏权限医院"))
          .status,
      404);
  EXPECT_EQ(search(*admin, kMed, "权限")["total"], 1);
  EXPECT_EQ(search(*other_admin, "/api/v1/t/pcb", "权限")["total"], 1);

  // A branch's admin administers the branch, not its parent; the parent's admin both.
  EXPECT_EQ(branch_admin->send("POST", path, organisation("华夏分会医院")).status, 404);
  create(*branch_admin, "/api/v1/t/med-tj", organisation("天津权限医院"));
  create(*admin, "/api/v1/t/med-tj", organisation("天津权限医院二"));
  // The branch's applicants also find the parent's organisations; the parent's do not see the
  // branch's.
  EXPECT_EQ(search(*branch_admin, "/api/v1/t/med-tj", "权限")["total"], 3);
  EXPECT_EQ(search(*branch_admin, kMed, "权限")["total"], 1);

  // The platform admin may change any tenant's registry.
  create(world().platform_admin(), "/api/v1/t/pcb", organisation("华夏平台电路公司"));
}

// tenants/<slug>/organisations.csv: the demo seed an admin imports from the admin page.
std::vector<json> seed_rows(const std::string& slug) {
  std::ifstream in(std::filesystem::path(GUILDHALL_SOURCE_DIR) / "tenants" / slug /
                   "organisations.csv");
  std::vector<json> rows;
  std::string line;
  std::getline(in, line);
  EXPECT_NE(line.find("统一社会信用代码"), std::string::npos) << "the header row";
  while (std::getline(in, line)) {
    if (line.empty()) {
      continue;
    }
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (std::size_t comma; (comma = line.find(',', start)) != std::string::npos;
         start = comma + 1) {
      cells.push_back(line.substr(start, comma - start));
    }
    cells.push_back(line.substr(start));
    EXPECT_EQ(cells.size(), 3U) << line;
    cells.resize(3);
    rows.push_back({{"name", cells[0]}, {"credit_code", cells[1]}, {"region", cells[2]}});
  }
  return rows;
}

TEST_P(OrganisationRegistry, DemoSeedFilesImportWithoutErrors) {
  auto& root = world().platform_admin();
  // A search of med-tj reads its parent's registry too.
  const std::map<std::string, std::size_t> inherited = {{"med-tj", seed_rows("med").size()}};
  for (const std::string slug : {"med", "med-tj", "pcb"}) {
    const auto rows = seed_rows(slug);
    ASSERT_GE(rows.size(), 5U) << slug;
    const std::string base = "/api/v1/t/" + slug;
    const auto report =
        json_of(root.send("POST", base + "/admin/organisations/import", {{"rows", rows}}));
    EXPECT_EQ(report["created"], rows.size()) << slug << ": " << report.dump();
    EXPECT_TRUE(report["errors"].empty()) << slug << ": " << report.dump();
    const auto above = inherited.find(slug);
    EXPECT_EQ(search(root, base, "", "&page_size=100")["total"],
              rows.size() + (above == inherited.end() ? 0 : above->second))
        << slug;
  }
}

// `tenant load --seed` fills an empty registry from the tenant folder's organisations.csv, once:
// loading again keeps what admins changed since.
TEST_P(OrganisationRegistry, TenantLoadSeedsAnEmptyRegistryOnce) {
  auto& root = world().platform_admin();
  const std::string tenants = (std::filesystem::path(GUILDHALL_SOURCE_DIR) / "tenants").string();
  const auto rows = seed_rows("med");
  ASSERT_EQ(search(root, kMed, "")["total"], 0);

  const auto first = world().cli({"tenant", "load", "--seed", tenants});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("med: " + std::to_string(rows.size()) + " organisation(s) from "),
            std::string::npos)
      << first.out;
  const auto seeded = search(root, kMed, "", "&page_size=100");
  EXPECT_EQ(seeded["total"], rows.size());
  const auto& item = seeded["items"][0];
  const auto renamed =
      root.send("PUT", kMed + "/admin/organisations/" + item["id"].get<std::string>(),
                organisation("华夏改名示例医院", item.value("credit_code", ""),
                             item["region"].get<std::vector<std::string>>()));
  ASSERT_EQ(renamed.status, 200) << renamed.body;

  const auto again = world().cli({"tenant", "load", "--seed", tenants});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("med: kept its organisation registry"), std::string::npos) << again.out;
  EXPECT_EQ(search(root, kMed, "")["total"], rows.size());
  EXPECT_EQ(search(root, kMed, "改名示例")["total"], 1);

  // The platform did it, once per tenant (med and its branch med-tj): no actor.
  const auto audit = json_of(root.get(kMed + "/admin/audit?event=organisations_imported"));
  ASSERT_EQ(audit["total"], 2) << audit.dump();
  for (const auto& entry : audit["items"]) {
    EXPECT_TRUE(entry["actor"].is_null()) << entry.dump();
    EXPECT_EQ(entry["detail"]["source"], "seed");
  }
}

}  // namespace
}  // namespace guildhall::testing
