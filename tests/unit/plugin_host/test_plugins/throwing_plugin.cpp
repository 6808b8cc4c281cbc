// A plugin that throws from whichever hook the test names, with whichever kind of exception:
// a std::runtime_error, an int, or a type that exists only inside this library.
#include <guildhall/sdk/export.hpp>
#include <stdexcept>
#include <string>

namespace {

// Hidden like everything else in the plugin: the host cannot even name it.
struct PluginPrivateError {
  int code;
};

std::string throw_hook;
int throw_kind = 0;

void maybe_throw(const char* hook) {
  if (throw_hook != hook) {
    return;
  }
  switch (throw_kind) {
    case 1:
      throw std::runtime_error(std::string("boom from ") + hook);
    case 2:
      throw 42;
    case 3:
      throw PluginPrivateError{7};
    default:
      return;
  }
}

class ThrowingPlugin final : public guildhall::sdk::Plugin {
 public:
  ThrowingPlugin() { maybe_throw("create"); }
  guildhall::sdk::PluginInfo describe() const override {
    maybe_throw("describe");
    return {"ph_throwing", "0.1.0", "throws on request", {"validate_application", "member_number"}};
  }
  std::vector<guildhall::sdk::ConfigIssue> configure(const guildhall::sdk::Value&) override {
    maybe_throw("configure");
    return {};
  }
  std::vector<guildhall::sdk::FieldError> validate_application(
      const guildhall::sdk::ApplicationContext&, const guildhall::sdk::Value&) const override {
    maybe_throw("validate_application");
    return {};
  }
  std::optional<std::string> member_number(
      const guildhall::sdk::MemberNumberRequest&) const override {
    maybe_throw("member_number");
    return "N-1";
  }
};

}  // namespace

// kind: 0 none, 1 std::runtime_error, 2 int, 3 a type private to this library.
extern "C" GUILDHALL_SDK_API void gh_test_throw_from(const char* hook, int kind) {
  throw_hook = hook;
  throw_kind = kind;
}

GUILDHALL_PLUGIN(ThrowingPlugin, "ph_throwing", "0.1.0");
