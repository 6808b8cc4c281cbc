// How fast an old system's roster is imported (issue #7: tens of thousands of rows):
//
//   bench_roster <tenants-dir> <database-url> [rows]
//
// Migrates the database, reads tenant "med" from <tenants-dir>, generates `rows` roster rows of
// the medical demo's shape (every tenth with a cell that only gives a warning, every hundredth
// refused), and imports them through LegacyService in parts of 500 rows as the admin page sends
// them. Prints the rows read per second by the rules alone (roster.cpp, one core) and the rows
// imported per second end to end (rules, encryption, blind indexes, SQL), then imports the same
// rows again (all unchanged) and prints that rate too. The key ring lives in a temporary file.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "db/database.hpp"
#include "db/migrator.hpp"
#include "forms/region_catalog.hpp"
#include "modules/identity/principal.hpp"
#include "modules/legacy/legacy_service.hpp"
#include "privacy/key_ring.hpp"
#include "tenancy/tenant_directory.hpp"
#include "tenancy/tenant_loader.hpp"

namespace {

using namespace guildhall;

const std::vector<std::string> kHeader = {"会员编号", "证书编号", "姓名", "手机号",    "会员类型",
                                          "证件类型", "证件号码", "性别", "出生日期",  "科室",
                                          "职务",     "职称",     "邮箱", "省份/城市", "入会日期"};

// A valid resident ID number born on 1970-01-01 plus `n` days, in 天津市和平区.
std::string id_number(int n) {
  using namespace std::chrono;
  const year_month_day d{sys_days{year{1970} / January / 1} + days{n % 18000}};
  char body[24];
  std::snprintf(body, sizeof body, "120101%04d%02u%02u%03d", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()), n % 1000);
  static const int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    sum += (body[i] - '0') * kWeights[i];
  }
  return std::string(body, 17) + "10X98765432"[sum % 11];
}

std::vector<legacy::RosterRow> rows_of(int count) {
  std::vector<legacy::RosterRow> rows;
  for (int i = 0; i < count; ++i) {
    const std::string n = std::to_string(100000 + i);
    std::string mobile = "139" + std::to_string(10000000 + i);
    std::string type = i % 3 == 0 ? "专业会员" : i % 3 == 1 ? "普通会员" : "学生会员";
    std::string title = i % 10 == 0 ? "初级" : "中级/主管药师";  // 初级 is ambiguous: a warning
    if (i % 100 == 99) {
      type = "荣誉会员";  // refused
    }
    rows.push_back(
        {i + 2,
         {"ZK" + n, "M" + n + "A", "会员" + n, mobile, type, "身份证", id_number(i), "", "",
          "肿瘤科", "医师", title, "m" + n + "@example.org", "天津/天津市/和平区", "2019/3/17"}});
  }
  return rows;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: bench_roster <tenants-dir> <database-url> [rows]\n";
    return 2;
  }
  const int count = argc > 3 ? std::stoi(argv[3]) : 20000;
  auto db = db::Database::open(db::DatabaseUrl::parse(argv[2]));
  db::Migrator(*db).apply_pending();
  const auto loaded = tenancy::load_tenants({std::filesystem::path(argv[1]) / "med"},
                                            tenancy::TenantCheckContext{});
  if (!loaded.ok() || loaded.tenants.empty()) {
    std::cerr << "bench_roster: cannot read tenant med under " << argv[1] << '\n';
    return 1;
  }
  auto med = std::make_shared<tenancy::Tenant>();
  med->config = loaded.tenants.front();
  med->realm = "med";
  tenancy::TenantRegistry registry;
  registry.replace(std::make_shared<const tenancy::TenantDirectory>(
      std::vector<std::shared_ptr<const tenancy::Tenant>>{med}));
  const auto key_file = std::filesystem::temp_directory_path() / "bench_roster.keys";
  std::filesystem::remove(key_file);
  auto keys =
      std::make_shared<const privacy::KeyRing>(privacy::KeyRing::load_or_create(key_file.string()));
  const core::SystemClock clock;
  const legacy::LegacyService service(
      *db, registry, keys, clock,
      {.administers = [](const identity::Principal&, const tenancy::Tenant&) { return true; },
       .organisation_named = {},
       .account_mobile = {}});
  identity::Principal admin;
  admin.realm = "med";
  admin.is_platform_admin = true;

  const auto rows = rows_of(count);
  // The rules alone: what each part costs before any SQL.
  legacy::RosterRules rules;
  const auto profile = registry.current()->find_form("med", "profile");
  rules.profile = profile.form;
  rules.dictionaries = &profile.owner->config->dictionaries;
  rules.regions = &forms::RegionCatalog::mainland();
  rules.member_types = med->config->member_types;
  rules.today = {2026, 12, 7};
  const auto layout = legacy::layout_of(rules, kHeader);
  auto started = std::chrono::steady_clock::now();
  for (const auto& row : rows) {
    legacy::read_row(rules, layout, kHeader, row.row, row.cells);
  }
  const double parse = seconds_since(started);

  const auto import_all = [&](int& created, int& unchanged, int& refused) {
    for (std::size_t from = 0; from < rows.size(); from += 500) {
      const std::vector<legacy::RosterRow> part(
          rows.begin() + static_cast<std::ptrdiff_t>(from),
          rows.begin() + static_cast<std::ptrdiff_t>(std::min(rows.size(), from + 500)));
      const auto report = service.import_rows(*med, admin, kHeader, part, false);
      created += report.created;
      unchanged += report.unchanged;
      refused += report.skipped;
    }
  };
  int created = 0;
  int unchanged = 0;
  int refused = 0;
  started = std::chrono::steady_clock::now();
  import_all(created, unchanged, refused);
  const double first = seconds_since(started);
  int again_created = 0;
  int again_unchanged = 0;
  int again_refused = 0;
  started = std::chrono::steady_clock::now();
  import_all(again_created, again_unchanged, again_refused);
  const double second = seconds_since(started);
  std::filesystem::remove(key_file);

  std::printf("rows %d  created %d  refused %d  unchanged on the second run %d\n", count, created,
              refused, again_unchanged);
  std::printf("rules only   %8.0f rows/s\n", count / parse);
  std::printf("import       %8.0f rows/s  (%.1f s)\n", count / first, first);
  std::printf("re-import    %8.0f rows/s  (%.1f s)\n", count / second, second);
  return created + refused == count && again_unchanged == created ? 0 : 1;
}
