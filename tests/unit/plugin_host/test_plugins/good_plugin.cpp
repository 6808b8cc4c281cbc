// A well-behaved plugin that counts its live instances, for the lifetime and threading tests.
#include <atomic>
#include <guildhall/sdk/export.hpp>
#include <guildhall/sdk/section_reader.hpp>
#include <string>

namespace {

std::atomic<int> live_instances{0};

class GoodPlugin final : public guildhall::sdk::Plugin {
 public:
  GoodPlugin() { ++live_instances; }
  ~GoodPlugin() override { --live_instances; }
  guildhall::sdk::PluginInfo describe() const override {
    return {"ph_good", "2.3.4", "behaves", {"validate_application", "member_number"}};
  }
  std::vector<guildhall::sdk::ConfigIssue> configure(
      const guildhall::sdk::Value& section) override {
    guildhall::sdk::SectionReader reader(section);
    prefix_ = reader.string("prefix", "G");
    return reader.finish();
  }
  std::vector<guildhall::sdk::FieldError> validate_application(
      const guildhall::sdk::ApplicationContext& context,
      const guildhall::sdk::Value& data) const override {
    if (data.find("name") == nullptr) {
      return {{"name", "required", "请填写姓名"}};
    }
    if (context.member_type == "company") {
      return {{"member_type", "unsupported", "不支持单位会员"}};
    }
    return {};
  }
  std::optional<std::string> member_number(
      const guildhall::sdk::MemberNumberRequest& request) const override {
    return prefix_ + "-" + request.tenant_slug + "-" + std::to_string(request.sequence);
  }

 private:
  std::string prefix_;
};

}  // namespace

extern "C" GUILDHALL_SDK_API int gh_test_live_instances() {
  return live_instances.load();
}

GUILDHALL_PLUGIN(GoodPlugin, "ph_good", "2.3.4");
