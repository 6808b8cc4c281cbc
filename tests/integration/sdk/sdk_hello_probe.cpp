// Loads the out-of-tree build of sdk/examples/hello_plugin through the real host and checks
// that it behaves; exits non-zero with the reason otherwise.
#include <filesystem>
#include <iostream>

#include "plugin_host/plugin_host.hpp"

namespace {

int fail(const std::string& why) {
  std::cerr << "sdk_hello_probe: " << why << '\n';
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using guildhall::plugin_host::PluginHost;
  if (argc != 2) {
    return fail("usage: sdk_hello_probe PATH/hello.so");
  }
  const std::filesystem::path file = argv[1];
  const auto inspected = PluginHost::inspect(file);
  std::cout << guildhall::plugin_host::format_inspect_result(inspected);
  if (!inspected.loadable()) {
    return fail("the host refuses the example: " + inspected.error);
  }
  try {
    PluginHost host({file.parent_path()});
    auto plugin = host.instantiate(file.stem().string(), "probe");
    if (!plugin->configure(guildhall::sdk::Value()).empty()) {
      return fail("the example rejects an empty section");
    }
    const auto number = plugin->member_number({"probe", "PR", 2025, 42, "individual"});
    if (number != "PR-2025-000042") {
      return fail("unexpected member number " + number.value_or("(none)"));
    }
    const auto errors =
        plugin->validate_application({}, guildhall::sdk::Value::Object{{"name", ""}});
    if (errors.size() != 1 || errors[0].field != "name") {
      return fail("the example accepted an application without a name");
    }
  } catch (const std::exception& error) {
    return fail(error.what());
  }
  std::cout << "hello.so works through the host\n";
  return 0;
}
