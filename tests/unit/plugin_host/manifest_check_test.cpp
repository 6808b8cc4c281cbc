#include "plugin_host/manifest_check.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace guildhall::plugin_host {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const HostAbi kHost{1, 3, "GNU 12.2.0", 1, 12};

ManifestSummary plugin_like_host() {
  ManifestSummary plugin;
  plugin.struct_size = kMinimumManifestSize;
  plugin.abi_major = 1;
  plugin.abi_minor = 3;
  plugin.compiler_id = "GNU 12.2.0";
  plugin.cxx11_abi = 1;
  plugin.libstdcxx_release = 12;
  plugin.plugin_name = "medical";
  plugin.plugin_version = "1.0.0";
  return plugin;
}

TEST(ManifestCheck, AcceptsTheHostsOwnBuild) {
  EXPECT_TRUE(find_incompatibilities(plugin_like_host(), kHost).empty());
}

TEST(ManifestCheck, ThisHostAcceptsThePluginsItsSdkBuilds) {
  ManifestSummary plugin;
  plugin.abi_major = sdk::kAbiMajor;
  plugin.abi_minor = sdk::kAbiMinor;
  plugin.compiler_id = GUILDHALL_SDK_COMPILER_ID;
  plugin.cxx11_abi = GUILDHALL_SDK_CXX11_ABI;
  plugin.libstdcxx_release = GUILDHALL_SDK_LIBSTDCXX_RELEASE;
  plugin.plugin_name = "x";
  EXPECT_TRUE(find_incompatibilities(plugin, HostAbi::current()).empty());
}

TEST(ManifestCheck, RefusesAnotherMajorNamingBothVersions) {
  ManifestSummary plugin = plugin_like_host();
  plugin.abi_major = 0;
  plugin.abi_minor = 9;
  const auto problems = find_incompatibilities(plugin, kHost);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("built against SDK ABI 0.9, this host provides 1.3"));
}

TEST(ManifestCheck, RefusesANewerMinorButAcceptsAnOlderOne) {
  ManifestSummary plugin = plugin_like_host();
  plugin.abi_minor = 4;
  EXPECT_THAT(find_incompatibilities(plugin, kHost),
              ElementsAre(HasSubstr("built against SDK ABI 1.4, this host provides 1.3")));
  plugin.abi_minor = 1;
  EXPECT_TRUE(find_incompatibilities(plugin, kHost).empty());
}

TEST(ManifestCheck, ComparesCompilerFamilyAndMajorVersion) {
  ManifestSummary plugin = plugin_like_host();
  plugin.compiler_id = "GNU 12.3.0";
  EXPECT_TRUE(find_incompatibilities(plugin, kHost).empty());
  plugin.compiler_id = "GNU 11.4.0";
  EXPECT_THAT(
      find_incompatibilities(plugin, kHost),
      ElementsAre(HasSubstr("built with compiler 'GNU 11.4.0', this host with 'GNU 12.2.0'")));
  plugin.compiler_id = "Clang 12.0.1";
  EXPECT_EQ(find_incompatibilities(plugin, kHost).size(), 1u);
}

TEST(ManifestCheck, RefusesTheOtherStringAbiAndAnotherLibstdcxx) {
  ManifestSummary plugin = plugin_like_host();
  plugin.cxx11_abi = 0;
  plugin.libstdcxx_release = 11;
  EXPECT_THAT(
      find_incompatibilities(plugin, kHost),
      ElementsAre(
          HasSubstr("built with _GLIBCXX_USE_CXX11_ABI=0, this host with _GLIBCXX_USE_CXX11_ABI=1"),
          HasSubstr("built against libstdc++ release 11, this host uses release 12")));
}

TEST(ManifestCheck, RefusesAManifestWithoutName) {
  ManifestSummary plugin = plugin_like_host();
  plugin.plugin_name.clear();
  EXPECT_THAT(find_incompatibilities(plugin, kHost), ElementsAre(HasSubstr("no plugin name")));
}

TEST(ManifestCheck, ReadsEveryFieldOfAFullManifest) {
  const GuildhallPluginManifest raw{
      sizeof(GuildhallPluginManifest), 1, 2, "GNU 12.2.0", 1, 12, "medical", "1.0.0"};
  const ManifestReading reading = read_manifest(raw);
  ASSERT_EQ(reading.problem, "");
  EXPECT_EQ(reading.manifest.abi_minor, 2u);
  EXPECT_EQ(reading.manifest.compiler_id, "GNU 12.2.0");
  EXPECT_EQ(reading.manifest.plugin_name, "medical");
  EXPECT_EQ(reading.manifest.plugin_version, "1.0.0");
}

TEST(ManifestCheck, TreatsNullStringsAsEmpty) {
  const GuildhallPluginManifest raw{
      sizeof(GuildhallPluginManifest), 1, 0, nullptr, 1, 12, nullptr, nullptr};
  const ManifestReading reading = read_manifest(raw);
  EXPECT_EQ(reading.manifest.compiler_id, "");
  EXPECT_EQ(reading.manifest.plugin_name, "");
}

TEST(ManifestCheck, RefusesToReadATooShortManifest) {
  GuildhallPluginManifest raw{};
  raw.struct_size = 12;
  const ManifestReading reading = read_manifest(raw);
  EXPECT_THAT(reading.problem, HasSubstr("the manifest is 12 bytes long"));
}

}  // namespace
}  // namespace guildhall::plugin_host
