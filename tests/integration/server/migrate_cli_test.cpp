// `guildhall migrate` is idempotent and says so.
#include <sstream>

#include "scratch_mysql_database.hpp"
#include "server_suite.hpp"

namespace guildhall::testing {
namespace {

std::vector<std::string> lines_starting_with(const std::string& text, std::string_view prefix) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(prefix, 0) == 0) {
      out.push_back(line);
    }
  }
  return out;
}

TEST_P(CliMigrate, SecondRunAppliesNothing) {
  const TempDir dir("guildhall-migrate");
  std::unique_ptr<ScratchMysqlDatabase> scratch;
  std::string url = "sqlite://" + (dir.path() / "fresh" / "guildhall.db").string();
  if (GetParam() == Backend::mysql) {
    scratch = std::make_unique<ScratchMysqlDatabase>(*test_mysql_url());
    url = scratch->url();
  }
  const auto first = run_command(kGuildhallBin, {"migrate", "--db", url});
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_FALSE(lines_starting_with(first.out, "applied ").empty()) << first.out;

  const auto second = run_command(kGuildhallBin, {"migrate", "--db", url});
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  EXPECT_TRUE(lines_starting_with(second.out, "applied ").empty()) << second.out;
  EXPECT_NE(second.out.find("up to date"), std::string::npos) << second.out;
  // The password of a MariaDB URL is never printed.
  if (scratch) {
    const auto password = url.substr(0, url.find('@')).substr(url.find(':', 8) + 1);
    EXPECT_EQ(second.out.find(":" + password + "@"), std::string::npos) << second.out;
  }
}

}  // namespace
}  // namespace guildhall::testing
