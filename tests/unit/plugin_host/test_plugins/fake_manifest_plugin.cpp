// A plugin whose manifest is written by hand, to impersonate plugins built against another SDK,
// compiler or standard library. FAKE_VARIANT picks the lie; FAKE_NAME is the file's name.
// Every call the host makes beyond the manifest is counted, so a test can prove that a refused
// library was never asked to do anything.
#include <guildhall/sdk/manifest.hpp>
#include <guildhall/sdk/plugin.hpp>

#define FAKE_VARIANT_OK 0
#define FAKE_VARIANT_OLD_ABI 1
#define FAKE_VARIANT_NEWER_MINOR 2
#define FAKE_VARIANT_OTHER_COMPILER 3
#define FAKE_VARIANT_OTHER_LIBSTDCXX 4
#define FAKE_VARIANT_SHORT_MANIFEST 5
#define FAKE_VARIANT_MISNAMED 6
#define FAKE_VARIANT_OLDER_MINOR 7

#if FAKE_VARIANT == FAKE_VARIANT_OLD_ABI
#define FAKE_ABI_MAJOR 0
#define FAKE_ABI_MINOR 9
#elif FAKE_VARIANT == FAKE_VARIANT_NEWER_MINOR
#define FAKE_ABI_MAJOR GUILDHALL_SDK_ABI_MAJOR
#define FAKE_ABI_MINOR (GUILDHALL_SDK_ABI_MINOR + 1)
#elif FAKE_VARIANT == FAKE_VARIANT_OLDER_MINOR
// Built before the 1.1 hooks existed: the host must not call them.
#define FAKE_ABI_MAJOR GUILDHALL_SDK_ABI_MAJOR
#define FAKE_ABI_MINOR 0
#else
#define FAKE_ABI_MAJOR GUILDHALL_SDK_ABI_MAJOR
#define FAKE_ABI_MINOR GUILDHALL_SDK_ABI_MINOR
#endif

#if FAKE_VARIANT == FAKE_VARIANT_OTHER_COMPILER
#define FAKE_COMPILER_ID "Clang 99.1.0"
#else
#define FAKE_COMPILER_ID GUILDHALL_SDK_COMPILER_ID
#endif

#if FAKE_VARIANT == FAKE_VARIANT_OTHER_LIBSTDCXX
#define FAKE_LIBSTDCXX_RELEASE (GUILDHALL_SDK_LIBSTDCXX_RELEASE - 1)
#else
#define FAKE_LIBSTDCXX_RELEASE GUILDHALL_SDK_LIBSTDCXX_RELEASE
#endif

#if FAKE_VARIANT == FAKE_VARIANT_SHORT_MANIFEST
#define FAKE_STRUCT_SIZE 12
#else
#define FAKE_STRUCT_SIZE sizeof(GuildhallPluginManifest)
#endif

#if FAKE_VARIANT == FAKE_VARIANT_MISNAMED
#define FAKE_PLUGIN_NAME "someone_else"
#else
#define FAKE_PLUGIN_NAME GUILDHALL_SDK_STRINGIFY(FAKE_NAME)
#endif

namespace {

int calls = 0;

class FakePlugin final : public guildhall::sdk::Plugin {
 public:
  guildhall::sdk::PluginInfo describe() const override {
    ++calls;
    return {FAKE_PLUGIN_NAME, "0.1.0", "impersonates another build", {}};
  }
  std::vector<guildhall::sdk::ConfigIssue> configure(const guildhall::sdk::Value&) override {
    ++calls;
    return {};
  }
  std::vector<guildhall::sdk::FieldError> check_member_type(
      const guildhall::sdk::ApplicationContext&, const guildhall::sdk::Value&) const override {
    ++calls;
    return {{"member_type", "not_eligible", "不符合条件"}};
  }
  void after_decision(const guildhall::sdk::DecisionContext&,
                      const guildhall::sdk::Value&) const override {
    ++calls;
  }
};

}  // namespace

extern "C" {

GUILDHALL_SDK_API int gh_test_calls() {
  return calls;
}

GUILDHALL_SDK_API const GuildhallPluginManifest* guildhall_plugin_manifest() {
  static constexpr GuildhallPluginManifest kManifest{
      static_cast<std::uint32_t>(FAKE_STRUCT_SIZE),
      FAKE_ABI_MAJOR,
      FAKE_ABI_MINOR,
      FAKE_COMPILER_ID,
      GUILDHALL_SDK_CXX11_ABI,
      static_cast<std::uint32_t>(FAKE_LIBSTDCXX_RELEASE),
      FAKE_PLUGIN_NAME,
      "0.1.0"};
  return &kManifest;
}

GUILDHALL_SDK_API guildhall::sdk::Plugin* guildhall_plugin_create() {
  ++calls;
  return new FakePlugin();
}

GUILDHALL_SDK_API void guildhall_plugin_destroy(guildhall::sdk::Plugin* plugin) noexcept {
  ++calls;
  delete plugin;
}

}  // extern "C"
