// The demo plugins as the server uses them: built files, loaded through the host.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plugin_host/plugin_host.hpp"
#include "test_library.hpp"

namespace guildhall::plugin_host {
namespace {

using ::testing::HasSubstr;

sdk::Value committees(int count) {
  sdk::Value::Array items;
  for (int i = 0; i < count; ++i) {
    items.push_back(sdk::Value("med-c" + std::to_string(i)));
  }
  // The "join" form's committees field, as the host hands the form's values over.
  return sdk::Value::Object{{"committees", std::move(items)}};
}

TEST(DemoPlugins, MedicalThroughTheHost) {
  PluginHost host({GUILDHALL_PLUGIN_DIR});
  auto plugin = host.instantiate("medical", "med");
  EXPECT_EQ(plugin->info().name, "medical");

  const auto issues = plugin->configure(sdk::Value::Object{{"max_specialty_committees", true}});
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "max_specialty_committees");

  ASSERT_TRUE(plugin->configure(sdk::Value::Object{{"max_specialty_committees", 3}}).empty());
  const sdk::ApplicationContext context{"med", "med", "membership", "individual"};
  EXPECT_TRUE(plugin->validate_application(context, committees(3)).empty());
  const auto errors = plugin->validate_application(context, committees(4));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "too_many_committees");
  EXPECT_EQ(errors[0].message, "专委会（含海外分会）至多选择 3 个");

  EXPECT_EQ(plugin->member_number({"med", "MED", 2025, 42, "individual"}), "MED2025000042");
  try {
    plugin->member_number({"med", "MED", 2025, 0, "individual"});
    FAIL();
  } catch (const PluginFailure& failure) {
    EXPECT_EQ(failure.hook(), "member_number");
    EXPECT_THAT(failure.plugin_message(), HasSubstr("sequence must be at least 1"));
  }
}

TEST(DemoPlugins, ProvincialThroughTheHost) {
  PluginHost host({GUILDHALL_PLUGIN_DIR});
  auto plugin = host.instantiate("provincial", "med-tj");
  ASSERT_TRUE(plugin->configure(sdk::Value::Object{{"native_place_required", true}}).empty());
  EXPECT_EQ(plugin->member_number({"med-tj", "MEDTJ", 2025, 42, "individual"}), "TJ-2025-00042");
  const auto errors = plugin->validate_application({}, sdk::Value::Object{});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "native_place");
}

// std::to_string in a plugin creates an STB_GNU_UNIQUE symbol unless the SDK's CMake function
// compiles it with -fno-gnu-unique; such a library would never be unloaded.
TEST(DemoPlugins, AreUnloadedWithTheirLastInstance) {
  const std::filesystem::path file = std::filesystem::path(GUILDHALL_PLUGIN_DIR) / "medical.so";
  PluginHost host({GUILDHALL_PLUGIN_DIR});
  auto plugin = host.instantiate("medical", "med");
  EXPECT_TRUE(test_support::is_mapped(file));
  plugin.reset();
  EXPECT_FALSE(test_support::is_mapped(file));
}

TEST(DemoPlugins, InspectAcceptsBoth) {
  for (const char* name : {"medical", "provincial"}) {
    const InspectResult result = PluginHost::inspect(std::filesystem::path(GUILDHALL_PLUGIN_DIR) /
                                                     (std::string(name) + ".so"));
    EXPECT_TRUE(result.loadable()) << name << ": " << result.error;
  }
}

}  // namespace
}  // namespace guildhall::plugin_host
