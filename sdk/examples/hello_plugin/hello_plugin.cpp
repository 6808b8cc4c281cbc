#include "hello_plugin.hpp"

#include <guildhall/sdk/export.hpp>
#include <guildhall/sdk/section_reader.hpp>
#include <guildhall/sdk/version.hpp>

static_assert(guildhall::sdk::kAbiMajor == 1, "this plugin targets the 1.x SDK ABI");

namespace hello {

std::vector<guildhall::sdk::ConfigIssue> HelloPlugin::configure(
    const guildhall::sdk::Value& section) {
  guildhall::sdk::SectionReader reader(section);
  greeting_ = reader.string("greeting", "欢迎");
  digits_ = reader.integer("digits", 6, 4, 10);
  return reader.finish();
}

std::vector<guildhall::sdk::FieldError> HelloPlugin::validate_application(
    const guildhall::sdk::ApplicationContext& /*context*/,
    const guildhall::sdk::Value& data) const {
  const guildhall::sdk::Value* name = data.find("name");
  if (name == nullptr || !name->is_string() || name->as_string().empty()) {
    return {{"name", "required", "请填写姓名"}};
  }
  return {};
}

std::optional<std::string> HelloPlugin::member_number(
    const guildhall::sdk::MemberNumberRequest& request) const {
  std::string sequence = std::to_string(request.sequence);
  if (sequence.size() < static_cast<std::size_t>(digits_)) {
    sequence.insert(0, static_cast<std::size_t>(digits_) - sequence.size(), '0');
  }
  return request.tenant_code + "-" + std::to_string(request.year) + "-" + sequence;
}

}  // namespace hello

GUILDHALL_PLUGIN(hello::HelloPlugin, "hello", "1.0.0");
