// The operator's CLI: tenant validate on broken and good files, plugin inspect.
#include <algorithm>
#include <fstream>
#include <sstream>

#include "server_suite.hpp"

namespace guildhall::testing {
namespace {

const std::filesystem::path kBrokenDir = kSourceDir / "tests" / "fixtures" / "tenants_broken";

std::vector<std::string> broken_cases() {
  std::vector<std::string> cases;
  if (std::filesystem::is_directory(kBrokenDir)) {
    for (const auto& entry : std::filesystem::directory_iterator(kBrokenDir)) {
      if (entry.is_directory()) {
        cases.push_back(entry.path().filename().string());
      }
    }
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) {
      out.push_back(line);
    }
  }
  return out;
}

// A config with the templates and plugins of this tree, as the fixtures expect.
class Cli : public ::testing::Test {
 protected:
  Cli() {
    config_ = dir_.write("cli.yaml", "templates_dir: \"" + (kSourceDir / "templates").string() +
                                         "\"\nplugin_dirs: [\"" + kPluginDir.string() + "\"]\n");
  }
  CommandResult guildhall(const std::vector<std::string>& args) const {
    return run_command(kGuildhallBin, args, std::chrono::seconds(30), dir_.path());
  }

  TempDir dir_{"guildhall-cli"};
  std::filesystem::path config_;
};

class CliBrokenTenants : public Cli, public ::testing::WithParamInterface<std::string> {};

// Each case folder states its errors as "# expect: LINE:COL: MESSAGE" lines; validate prints
// each as "FILE:LINE:COL: MESSAGE" and exits 1.
TEST_P(CliBrokenTenants, ValidatePrintsEachErrorWithFileLineAndColumn) {
  const auto case_dir = kBrokenDir / GetParam();
  std::vector<std::string> expected;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(case_dir)) {
    if (!entry.is_regular_file()) {
      continue;
    }
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      constexpr std::string_view kTag = "# expect: ";
      if (line.starts_with(kTag)) {
        expected.push_back(entry.path().string() + ":" + line.substr(kTag.size()));
      }
    }
  }
  ASSERT_FALSE(expected.empty()) << "no \"# expect:\" line in " << case_dir;

  const auto r = guildhall({"tenant", "validate", "--config", config_.string(), case_dir.string()});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  // Messages that name another file name it relative to the case folder, as the fixtures do.
  std::vector<std::string> actual;
  const std::string prefix = case_dir.string() + "/";
  for (auto line : lines_of(r.err)) {
    if (line.rfind(prefix, 0) == 0) {
      for (auto pos = line.find(prefix, prefix.size()); pos != std::string::npos;
           pos = line.find(prefix, pos)) {
        line.erase(pos, prefix.size());
      }
    }
    actual.push_back(line);
  }
  std::sort(expected.begin(), expected.end());
  std::sort(actual.begin(), actual.end());
  EXPECT_EQ(actual, expected) << "stdout: " << r.out;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, CliBrokenTenants, ::testing::ValuesIn(broken_cases()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CliBrokenTenants);

TEST_F(Cli, ValidateAcceptsTheDemoTenants) {
  const auto r = guildhall(
      {"tenant", "validate", "--config", config_.string(), (kSourceDir / "tenants").string()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST_F(Cli, ValidateOfAMissingPathFails) {
  const auto r = guildhall({"tenant", "validate", "--config", config_.string(),
                            (dir_.path() / "no-such-folder").string()});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("no-such-folder"), std::string::npos) << r.err;
}

TEST_F(Cli, InspectRefusesASharedLibraryThatIsNotAPlugin) {
  const auto foreign = foreign_shared_library();
  ASSERT_FALSE(foreign.empty()) << "no libsqlite3.so.0 found";
  const auto candidate = dir_.path() / "not-a-plugin.so";
  std::filesystem::copy_file(foreign, candidate);
  const auto r = guildhall({"plugin", "inspect", candidate.string()});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto text = r.out + r.err;
  EXPECT_NE(text.find(candidate.string()), std::string::npos) << text;
  EXPECT_EQ(text.find("loadable\n"), std::string::npos) << text;
  EXPECT_NE(text.find("status:"), std::string::npos) << text;
}

TEST_F(Cli, InspectRefusesAFileThatIsNotALibrary) {
  const auto candidate = dir_.write("plain.so", "this is not an ELF file\n");
  const auto r = guildhall({"plugin", "inspect", candidate.string()});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find(candidate.string()), std::string::npos) << r.out << r.err;
}

TEST_F(Cli, InspectRefusesAMissingFile) {
  const auto candidate = dir_.path() / "absent.so";
  const auto r = guildhall({"plugin", "inspect", candidate.string()});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find(candidate.string()), std::string::npos) << r.out << r.err;
}

TEST_F(Cli, InspectPrintsTheManifestOfARealPlugin) {
  const auto plugin = kPluginDir / "medical.so";
  const auto r = guildhall({"plugin", "inspect", plugin.string()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("medical"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("sdk abi:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("loadable"), std::string::npos) << r.out;
}

TEST_F(Cli, EverySubcommandHasHelp) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--help"},
                                                                {"serve", "--help"},
                                                                {"migrate", "--help"},
                                                                {"tenant", "validate", "--help"},
                                                                {"tenant", "load", "--help"},
                                                                {"tenant", "list", "--help"},
                                                                {"plugin", "inspect", "--help"}}) {
    const auto r = guildhall(args);
    EXPECT_EQ(r.exit_code, 0) << args.front() << ' ' << r.err;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << r.out;
  }
}

}  // namespace
}  // namespace guildhall::testing
