// Tests the plugin's rules without a host: its sources are compiled into this executable.
#include "hello_plugin.hpp"

#include <cstdio>
#include <guildhall/sdk/export.hpp>
#include <memory>

namespace {

int failures = 0;

void expect(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "FAILED: %s\n", what);
    ++failures;
  }
}

}  // namespace

int main() {
  const GuildhallPluginManifest* manifest = guildhall_plugin_manifest();
  expect(manifest->abi_major == guildhall::sdk::kAbiMajor, "manifest carries the SDK ABI major");
  expect(std::string(manifest->plugin_name) == "hello", "manifest carries the plugin name");

  hello::HelloPlugin plugin;
  expect(plugin.configure(guildhall::sdk::Value()).empty(), "a missing section means defaults");
  expect(plugin.greeting() == "欢迎", "the default greeting");

  guildhall::sdk::Value::Object section{{"digits", 4}, {"colour", "blue"}};
  const auto issues = plugin.configure(section);
  expect(issues.size() == 1 && issues[0].path == "colour", "an unknown key is reported by name");

  guildhall::sdk::MemberNumberRequest request{"demo", "DM", 2025, 42, "individual"};
  expect(plugin.member_number(request) == "DM-2025-0042", "member number with 4 digits");

  const auto errors = plugin.validate_application({}, guildhall::sdk::Value::Object{});
  expect(errors.size() == 1 && errors[0].code == "required", "a missing name is rejected");

  std::unique_ptr<guildhall::sdk::Plugin, void (*)(guildhall::sdk::Plugin*)> created(
      guildhall_plugin_create(), &guildhall_plugin_destroy);
  expect(created->describe().name == "hello", "the factory creates the plugin");

  return failures == 0 ? 0 : 1;
}
