#include "plugin_host/plugin_host.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "test_library.hpp"

namespace guildhall::plugin_host {
namespace {

using test_support::test_plugin;
using test_support::TestLibrary;
using ::testing::HasSubstr;

std::string abi(std::uint32_t major, std::uint32_t minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

struct Refusal {
  std::string plugin;
  std::string difference;
};

void PrintTo(const Refusal& refusal, std::ostream* out) {
  *out << refusal.plugin;
}

class RefusedPluginTest : public ::testing::TestWithParam<Refusal> {};

// The host must say which file and what differs, and must not call anything but the manifest:
// the test plugins count every other call.
TEST_P(RefusedPluginTest, NamesTheFileAndTheDifferenceAndCallsNothing) {
  const Refusal& refusal = GetParam();
  const auto file = test_plugin(refusal.plugin);
  TestLibrary library(file);
  auto calls = library.symbol<int()>("gh_test_calls");

  PluginHost host({PLUGIN_HOST_TEST_PLUGIN_DIR});
  try {
    host.instantiate(refusal.plugin, "med-tj");
    FAIL() << refusal.plugin << " was accepted";
  } catch (const PluginLoadError& error) {
    EXPECT_EQ(error.file(), file);
    EXPECT_THAT(error.what(), HasSubstr(file.string()));
    EXPECT_THAT(error.what(), HasSubstr(refusal.difference));
  }
  EXPECT_EQ(calls(), 0) << "the host called into a refused library";
}

INSTANTIATE_TEST_SUITE_P(
    Mismatches, RefusedPluginTest,
    ::testing::Values(
        Refusal{"ph_old_abi", "built against SDK ABI 0.9, this host provides " +
                                  abi(sdk::kAbiMajor, sdk::kAbiMinor)},
        Refusal{"ph_newer_minor",
                "built against SDK ABI " + abi(sdk::kAbiMajor, sdk::kAbiMinor + 1) +
                    ", this host provides " + abi(sdk::kAbiMajor, sdk::kAbiMinor)},
        Refusal{"ph_other_compiler", "built with compiler 'Clang 99.1.0', this host with '" +
                                         std::string(GUILDHALL_SDK_COMPILER_ID) + "'"},
        Refusal{"ph_other_libstdcxx", "built against libstdc++ release " +
                                          std::to_string(GUILDHALL_SDK_LIBSTDCXX_RELEASE - 1) +
                                          ", this host uses release " +
                                          std::to_string(GUILDHALL_SDK_LIBSTDCXX_RELEASE)},
        Refusal{"ph_cxx11_abi0",
                "built with _GLIBCXX_USE_CXX11_ABI=0, this host with _GLIBCXX_USE_CXX11_ABI=1"},
        Refusal{"ph_short_manifest", "the manifest is 12 bytes long"},
        Refusal{"ph_misnamed",
                "the manifest declares plugin 'someone_else', but the file is "
                "installed as 'ph_misnamed.so'"}),
    [](const auto& test) { return test.param.plugin; });

// The control for the counters above: the same library with an honest manifest is called.
TEST(PluginHost, CallsAnAcceptedFakeOnlyAfterTheManifest) {
  TestLibrary library(test_plugin("ph_fake_ok"));
  auto calls = library.symbol<int()>("gh_test_calls");
  PluginHost host({PLUGIN_HOST_TEST_PLUGIN_DIR});
  {
    auto plugin = host.instantiate("ph_fake_ok", "med-tj");
    EXPECT_EQ(calls(), 2);  // create, describe
  }
  EXPECT_EQ(calls(), 3);  // destroy
}

// ABI 1.1 hooks reach a plugin built for 1.1, and never one built for 1.0, whose vtable has no
// such entries: the host applies the default itself.
TEST(PluginHost, CallsTheHooksOfANewerMinorOnlyOnPluginsThatHaveThem) {
  const guildhall::sdk::Value data = guildhall::sdk::Value::Object{};
  for (const auto& [name, called] :
       {std::pair{"ph_fake_ok", true}, std::pair{"ph_older_minor", false}}) {
    TestLibrary library(test_plugin(name));
    auto calls = library.symbol<int()>("gh_test_calls");
    PluginHost host({PLUGIN_HOST_TEST_PLUGIN_DIR});
    auto plugin = host.instantiate(name, "med-tj");
    ASSERT_TRUE(plugin->configure(data).empty());
    const int before = calls();
    const auto errors = plugin->check_member_type({"med-tj", "med", "join", "student"}, data);
    plugin->after_decision({}, data);
    EXPECT_EQ(errors.size(), called ? 1u : 0u) << name;
    EXPECT_EQ(calls() - before, called ? 2 : 0) << name;
  }
}

TEST(PluginHost, RefusesASharedLibraryThatIsNoPlugin) {
  PluginHost host({PLUGIN_HOST_TEST_PLUGIN_DIR});
  try {
    host.instantiate("ph_not_a_plugin", "med-tj");
    FAIL() << "a plain shared library was accepted";
  } catch (const PluginLoadError& error) {
    EXPECT_THAT(error.what(), HasSubstr(test_plugin("ph_not_a_plugin").string()));
    EXPECT_THAT(error.what(), HasSubstr("not a Guildhall plugin: no guildhall manifest symbol"));
  }
}

class PluginHostFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("gh_plugin_host_test_" +
            std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
};

TEST_F(PluginHostFilesTest, RefusesAFileThatIsNoLibraryWithTheLoadersReason) {
  std::ofstream notes(dir_ / "notes.so");
  for (int i = 0; i < 20; ++i) {
    notes << "these are not the bytes you are looking for\n";
  }
  notes.close();
  PluginHost host({dir_});
  try {
    host.instantiate("notes", "med-tj");
    FAIL() << "a text file was accepted";
  } catch (const PluginLoadError& error) {
    EXPECT_THAT(error.what(), HasSubstr((dir_ / "notes.so").string()));
    EXPECT_THAT(error.what(), HasSubstr("notes.so: cannot be loaded: invalid ELF header"));
  }
}

TEST_F(PluginHostFilesTest, SearchesTheFoldersInOrder) {
  PluginHost host({dir_, PLUGIN_HOST_TEST_PLUGIN_DIR});
  EXPECT_TRUE(host.exists("ph_good"));
  EXPECT_FALSE(host.exists("ph_absent"));
  EXPECT_EQ(host.instantiate("ph_good", "med-tj")->file(), test_plugin("ph_good"));
}

TEST(PluginHost, ReportsAMissingPluginWithTheFoldersSearched) {
  PluginHost host({"/nonexistent/a", PLUGIN_HOST_TEST_PLUGIN_DIR});
  try {
    host.instantiate("ph_absent", "med-tj");
    FAIL();
  } catch (const PluginLoadError& error) {
    EXPECT_THAT(error.what(),
                HasSubstr("plugin 'ph_absent' not found; searched: /nonexistent/a, "));
  }
}

TEST(PluginHost, RefusesNamesThatCouldEscapeTheFolders) {
  PluginHost host({PLUGIN_HOST_TEST_PLUGIN_DIR});
  EXPECT_FALSE(host.exists("../plugin_host/test_plugins/ph_good"));
  EXPECT_THROW(host.instantiate("../test_plugins/ph_good", "med-tj"), PluginLoadError);
  EXPECT_THROW(host.instantiate("", "med-tj"), PluginLoadError);
}

TEST(PluginHostInspect, DescribesALoadablePlugin) {
  const InspectResult result = PluginHost::inspect(test_plugin("ph_good"));
  ASSERT_TRUE(result.loadable()) << result.error;
  ASSERT_TRUE(result.manifest.has_value());
  EXPECT_EQ(result.manifest->plugin_name, "ph_good");
  EXPECT_EQ(result.manifest->plugin_version, "2.3.4");
  EXPECT_EQ(result.manifest->abi_major, sdk::kAbiMajor);
  ASSERT_TRUE(result.info.has_value());
  EXPECT_EQ(result.info->description, "behaves");
  const std::string text = format_inspect_result(result);
  EXPECT_THAT(text, HasSubstr("plugin:            ph_good 2.3.4"));
  EXPECT_THAT(text, HasSubstr("hooks:             validate_application, member_number"));
  EXPECT_THAT(text, HasSubstr("status:            loadable"));
}

TEST(PluginHostInspect, ShowsTheManifestOfARefusedPlugin) {
  TestLibrary library(test_plugin("ph_old_abi"));
  auto calls = library.symbol<int()>("gh_test_calls");
  const InspectResult result = PluginHost::inspect(test_plugin("ph_old_abi"));
  EXPECT_FALSE(result.loadable());
  ASSERT_TRUE(result.manifest.has_value());
  EXPECT_EQ(result.manifest->abi_major, 0u);
  EXPECT_FALSE(result.info.has_value());
  EXPECT_THAT(format_inspect_result(result),
              HasSubstr("status:            refused: built against SDK ABI 0.9"));
  EXPECT_EQ(calls(), 0);
}

TEST(PluginHostInspect, ExplainsAFileThatIsNoPlugin) {
  const InspectResult plain = PluginHost::inspect(test_plugin("ph_not_a_plugin"));
  EXPECT_FALSE(plain.manifest.has_value());
  EXPECT_THAT(plain.error, HasSubstr("no guildhall manifest symbol"));

  const InspectResult missing = PluginHost::inspect("/nonexistent/x.so");
  EXPECT_THAT(missing.error, HasSubstr("no such file"));
}

TEST(PluginHostInspect, ReportsAFactoryThatThrows) {
  TestLibrary library(test_plugin("ph_throwing"));
  auto throw_from = library.symbol<void(const char*, int)>("gh_test_throw_from");
  throw_from("create", 1);
  const InspectResult result = PluginHost::inspect(test_plugin("ph_throwing"));
  throw_from("", 0);
  EXPECT_FALSE(result.loadable());
  EXPECT_THAT(result.error, HasSubstr("failed in create"));
  EXPECT_THAT(result.error, HasSubstr("boom from create"));
}

}  // namespace
}  // namespace guildhall::plugin_host
