// Built with -D_GLIBCXX_USE_CXX11_ABI=0, as a plugin compiled on an old toolchain would be: its
// std::string is the copy-on-write one, so it must never be called by the host. The manifest is
// the real one from GUILDHALL_PLUGIN, which records the setting truthfully.
#include <guildhall/sdk/export.hpp>

namespace {

int calls = 0;

class OldStringPlugin final : public guildhall::sdk::Plugin {
 public:
  OldStringPlugin() { ++calls; }
  guildhall::sdk::PluginInfo describe() const override {
    ++calls;
    return {"ph_cxx11_abi0", "0.1.0", "built with the pre-C++11 string ABI", {}};
  }
  std::vector<guildhall::sdk::ConfigIssue> configure(const guildhall::sdk::Value&) override {
    ++calls;
    return {};
  }
};

}  // namespace

extern "C" GUILDHALL_SDK_API int gh_test_calls() {
  return calls;
}

GUILDHALL_PLUGIN(OldStringPlugin, "ph_cxx11_abi0", "0.1.0");
