#include "plugin_host/guarded_plugin.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "plugin_host/plugin_host.hpp"
#include "test_library.hpp"

namespace guildhall::plugin_host {
namespace {

using test_support::is_mapped;
using test_support::test_plugin;
using test_support::TestLibrary;
using ::testing::HasSubstr;

// Calls `hook` on a fresh instance of ph_throwing for tenant "med-lung", creating and
// configuring it first when the hook comes later.
void call_hook(PluginHost& host, const std::string& hook) {
  auto plugin = host.instantiate("ph_throwing", "med-lung");
  if (hook == "describe" || hook == "create") {
    return;
  }
  const auto issues = plugin->configure(sdk::Value());
  if (hook == "configure") {
    return;
  }
  ASSERT_TRUE(issues.empty());
  if (hook == "validate_application") {
    plugin->validate_application({"med-lung", "med", "membership", "individual"},
                                 sdk::Value::Object{});
  } else {
    plugin->member_number({"med-lung", "LUNG", 2025, 1, "individual"});
  }
}

enum ThrowKind { kStdException = 1, kInt = 2, kPrivateType = 3 };

class ContainmentTest : public ::testing::TestWithParam<std::tuple<std::string, ThrowKind>> {};

// Whatever the plugin throws, and from wherever, the caller sees a PluginFailure that names the
// tenant, the plugin and the hook, and nothing of the plugin's own types.
TEST_P(ContainmentTest, EveryThrowBecomesAnAttributedPluginFailure) {
  const auto& [hook, kind] = GetParam();
  TestLibrary library(test_plugin("ph_throwing"));
  auto throw_from = library.symbol<void(const char*, int)>("gh_test_throw_from");
  throw_from(hook.c_str(), kind);

  PluginHost host({PLUGIN_HOST_TEST_PLUGIN_DIR});
  bool contained = false;
  try {
    call_hook(host, hook);
  } catch (const PluginFailure& failure) {
    contained = true;
    EXPECT_EQ(failure.tenant(), "med-lung");
    EXPECT_EQ(failure.plugin(), "ph_throwing");
    EXPECT_EQ(failure.hook(), hook);
    EXPECT_THAT(failure.what(),
                HasSubstr("plugin 'ph_throwing' failed in " + hook + " for tenant 'med-lung'"));
    switch (kind) {
      case kStdException:
        EXPECT_EQ(failure.plugin_message(), "boom from " + hook);
        break;
      case kInt:
        EXPECT_EQ(failure.plugin_message(), "threw a non-standard exception of type int");
        break;
      case kPrivateType:
        EXPECT_THAT(failure.plugin_message(), HasSubstr("PluginPrivateError"));
        break;
    }
  } catch (...) {
    ADD_FAILURE() << "an exception other than PluginFailure escaped the host";
  }
  throw_from("", 0);
  EXPECT_TRUE(contained) << "the hook " << hook << " did not throw";
}

INSTANTIATE_TEST_SUITE_P(EveryHook, ContainmentTest,
                         ::testing::Combine(::testing::Values("create", "describe", "configure",
                                                              "validate_application",
                                                              "member_number"),
                                            ::testing::Values(kStdException, kInt, kPrivateType)),
                         [](const auto& test) {
                           return std::get<0>(test.param) + "_" +
                                  std::to_string(std::get<1>(test.param));
                         });

TEST(GuardedPlugin, AFailedCallLeavesTheInstanceUsable) {
  TestLibrary library(test_plugin("ph_throwing"));
  auto throw_from = library.symbol<void(const char*, int)>("gh_test_throw_from");
  PluginHost host({PLUGIN_HOST_TEST_PLUGIN_DIR});
  auto plugin = host.instantiate("ph_throwing", "med-lung");
  ASSERT_TRUE(plugin->configure(sdk::Value()).empty());

  throw_from("member_number", kInt);
  EXPECT_THROW(plugin->member_number({}), PluginFailure);
  throw_from("", 0);
  EXPECT_EQ(plugin->member_number({}), "N-1");
}

TEST(GuardedPlugin, RefusesHooksBeforeASuccessfulConfigure) {
  PluginHost host({PLUGIN_HOST_TEST_PLUGIN_DIR});
  auto plugin = host.instantiate("ph_good", "med-tj");
  EXPECT_THROW(plugin->member_number({}), std::logic_error);

  const auto issues = plugin->configure(sdk::Value::Object{{"prefx", "X"}});
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].path, "prefx");
  EXPECT_THROW(plugin->validate_application({}, sdk::Value::Object{}), std::logic_error);

  ASSERT_TRUE(plugin->configure(sdk::Value::Object{{"prefix", "X"}}).empty());
  EXPECT_EQ(plugin->member_number({"med-tj", "TJ", 2025, 7, "individual"}), "X-med-tj-7");
}

TEST(GuardedPlugin, ReportsWhatDescribeSaid) {
  PluginHost host({PLUGIN_HOST_TEST_PLUGIN_DIR});
  auto plugin = host.instantiate("ph_good", "med-tj");
  EXPECT_EQ(plugin->tenant_slug(), "med-tj");
  EXPECT_EQ(plugin->plugin_name(), "ph_good");
  EXPECT_EQ(plugin->info().version, "2.3.4");
  EXPECT_THAT(plugin->info().hooks,
              ::testing::ElementsAre("validate_application", "member_number"));
}

// The library must stay mapped while an object it created lives, even once the host is gone,
// and be unmapped once the last such object is destroyed.
TEST(GuardedPlugin, KeepsItsLibraryLoadedAfterTheHostIsGone) {
  const auto file = test_plugin("ph_good");
  ASSERT_FALSE(is_mapped(file)) << "another test leaked the library";
  auto host =
      std::make_unique<PluginHost>(std::vector<std::filesystem::path>{PLUGIN_HOST_TEST_PLUGIN_DIR});
  auto plugin = host->instantiate("ph_good", "med-tj");
  ASSERT_TRUE(plugin->configure(sdk::Value()).empty());
  host.reset();

  EXPECT_TRUE(is_mapped(file));
  EXPECT_EQ(plugin->member_number({"med-tj", "TJ", 2025, 3, "individual"}), "G-med-tj-3");
  EXPECT_EQ(plugin->info().name, "ph_good");

  plugin.reset();
  EXPECT_FALSE(is_mapped(file));
}

TEST(GuardedPlugin, EachTenantGetsItsOwnObjectFromOneLibrary) {
  TestLibrary library(test_plugin("ph_good"));
  auto live = library.symbol<int()>("gh_test_live_instances");
  PluginHost host({PLUGIN_HOST_TEST_PLUGIN_DIR});
  {
    auto tianjin = host.instantiate("ph_good", "med-tj");
    auto lung = host.instantiate("ph_good", "med-lung");
    EXPECT_EQ(live(), 2);
    ASSERT_TRUE(tianjin->configure(sdk::Value::Object{{"prefix", "TJ"}}).empty());
    ASSERT_TRUE(lung->configure(sdk::Value::Object{{"prefix", "LUNG"}}).empty());
    EXPECT_EQ(tianjin->member_number({"med-tj", "", 2025, 1, ""}), "TJ-med-tj-1");
    EXPECT_EQ(lung->member_number({"med-lung", "", 2025, 1, ""}), "LUNG-med-lung-1");
  }
  EXPECT_EQ(live(), 0) << "instances were not destroyed through the plugin's destroy function";
}

TEST(GuardedPlugin, HooksRunConcurrentlyWithAReconfiguration) {
  PluginHost host({PLUGIN_HOST_TEST_PLUGIN_DIR});
  auto plugin = host.instantiate("ph_good", "med-tj");
  ASSERT_TRUE(plugin->configure(sdk::Value::Object{{"prefix", "A"}}).empty());

  std::atomic<int> wrong{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        const auto number = plugin->member_number({"med-tj", "", 2025, i, ""});
        if (!number || (*number != "A-med-tj-" + std::to_string(i) &&
                        *number != "B-med-tj-" + std::to_string(i))) {
          ++wrong;
        }
        const auto errors =
            plugin->validate_application({"med-tj", "med", "membership", t % 2 ? "company" : ""},
                                         sdk::Value::Object{{"name", "张三"}});
        if (errors.size() != (t % 2 ? 1u : 0u)) {
          ++wrong;
        }
      }
    });
  }
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(plugin->configure(sdk::Value::Object{{"prefix", i % 2 ? "A" : "B"}}).empty());
  }
  for (std::thread& worker : workers) {
    worker.join();
  }
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace guildhall::plugin_host
