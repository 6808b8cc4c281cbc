#include "modules/profiles/form_service.hpp"

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "forms/form_json.hpp"
#include "forms/region_catalog.hpp"
#include "plugin_host/guarded_plugin.hpp"

namespace guildhall::profiles {
namespace {

// The associations work on Beijing time, which has no daylight saving: "today" for an age rule
// or a date limit is the day in UTC+8, whatever the server's zone.
constexpr std::chrono::hours kChinaOffset{8};

core::AppError no_form() {
  return core::AppError(core::ErrorKind::not_found, "form_not_found",
                        {"找不到该表单。", "No such form."});
}

bool has_error(const forms::ValidationResult& result, std::string_view field) {
  for (const auto& e : result.errors) {
    if (e.field == field) {
      return true;
    }
  }
  return false;
}

void add(forms::ValidationResult& result, const std::string& field, std::string code,
         core::Message message) {
  if (!has_error(result, field)) {
    result.errors.push_back({field, std::move(code), std::move(message)});
  }
}

}  // namespace

FormService::FormService(const tenancy::TenantRegistry& registry, const core::Clock& clock,
                         FormReferences references)
    : registry_(registry), clock_(clock), references_(std::move(references)) {}

forms::CivilDate FormService::today() const {
  const auto local = std::chrono::floor<std::chrono::days>(clock_.now() + kChinaOffset);
  const std::chrono::year_month_day ymd{local};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

tenancy::TenantDirectory::FormUse FormService::resolve(const tenancy::Tenant& tenant,
                                                       std::string_view key) const {
  auto use = registry_.current()->find_form(tenant.slug(), key);
  if (use.form == nullptr) {
    throw no_form();
  }
  return use;
}

std::string FormService::definition_json(const tenancy::Tenant& tenant,
                                         std::string_view key) const {
  const auto use = resolve(tenant, key);
  auto body = nlohmann::json::parse(forms::form_to_json(*use.form));
  const auto& dictionaries = use.owner->config->dictionaries;
  for (auto& section : body["sections"]) {
    for (auto& field : section["fields"]) {
      auto name = field.find("dictionary");
      if (name == field.end()) {
        continue;
      }
      auto it = dictionaries.find(name->get<std::string>());
      if (it == dictionaries.end()) {
        continue;
      }
      auto& options = field["options"] = nlohmann::json::array();
      for (const auto& option : it->second) {
        options.push_back(
            {{"value", option.value},
             {"label",
              {{"zh-CN", option.label.zh_cn},
               {"en", option.label.en.empty() ? option.label.zh_cn : option.label.en}}}});
      }
    }
  }
  return body.dump();
}

forms::ValidationResult FormService::check(const tenancy::Tenant& tenant, std::string_view key,
                                           const sdk::Value& input,
                                           std::string_view account_id) const {
  if (!input.is_object()) {
    throw core::AppError(core::ErrorKind::validation, "invalid_json",
                         {"提交的数据格式不正确。", "The submitted values must be an object."});
  }
  const auto use = resolve(tenant, key);
  auto result = forms::validate_form(*use.form, input, today(), &use.owner->config->dictionaries,
                                     &forms::RegionCatalog::mainland());
  check_references(*use.form, tenant, account_id, result);
  run_plugin(tenant, key, result);
  return result;
}

void FormService::check_references(const forms::FormDefinition& form, const tenancy::Tenant& tenant,
                                   std::string_view account_id,
                                   forms::ValidationResult& result) const {
  for (const auto& [field_key, value] : result.values.as_object()) {
    const forms::Field* field = form.find(field_key);
    if (field == nullptr) {
      continue;
    }
    // A typed name ({"name": ...}) refers to nothing; the validator allowed it.
    if (field->type == forms::FieldType::organisation && value.is_string() &&
        references_.organisation_exists &&
        !references_.organisation_exists(tenant.slug(), value.as_string())) {
      add(result, field_key, "organisation_unknown",
          {"请从单位库中选择单位；如缺少您的单位，请联系协会添加。",
           "Choose an organisation from the registry; if yours is missing, ask the association "
           "to add it."});
    }
    if (field->type == forms::FieldType::committee_member && references_.committee_member_exists &&
        !references_.committee_member_exists(tenant.realm, value.as_string())) {
      add(result, field_key, "committee_member_unknown",
          {"请从委员名录中选择推荐委员。", "Choose the committee member from the directory."});
    }
    if (field->type == forms::FieldType::upload && value.is_array()) {
      for (const auto& file : value.as_array()) {
        const sdk::Value* id = file.find("id");
        const bool owned =
            id != nullptr && id->is_string() && !account_id.empty() && references_.upload_belongs &&
            references_.upload_belongs(account_id, id->as_string(), form.key, field_key);
        if (!owned) {
          add(result, field_key, "upload_unknown",
              {"文件无效或已失效，请重新上传。", "This file is not valid; upload it again."});
          break;
        }
      }
    }
  }
  // A value that failed its reference check must not be stored either.
  std::set<std::string> failed;
  for (const auto& e : result.errors) {
    failed.insert(e.field);
  }
  auto& values = result.values.as_object();
  std::erase_if(values, [&](const auto& member) { return failed.contains(member.first); });
}

void FormService::run_plugin(const tenancy::Tenant& tenant, std::string_view key,
                             forms::ValidationResult& result) const {
  if (!tenant.plugin) {
    return;
  }
  sdk::ApplicationContext context;
  context.tenant_slug = tenant.slug();
  context.realm_slug = tenant.realm;
  context.application_kind = std::string(key);
  if (const sdk::Value* type = result.values.find("member_type"); type && type->is_string()) {
    context.member_type = type->as_string();
  }
  // Plugins judge dates such as an age limit against the day of the check, which the host owns.
  sdk::Value data = result.values;
  data.as_object().emplace_back("applied_on", sdk::Value(today().to_string()));
  for (auto& e : tenant.plugin->validate_application(context, data)) {
    add(result, e.field, e.code, {e.message, e.message});
  }
  // Member-type eligibility, once the type is known.
  if (!context.member_type.empty()) {
    for (auto& e : tenant.plugin->check_member_type(context, data)) {
      add(result, e.field, e.code, {e.message, e.message});
    }
  }
}

core::AppError FormService::invalid(const forms::ValidationResult& result) {
  return core::AppError(core::ErrorKind::validation, "form_invalid",
                        {"请检查标出的内容。", "Please check the marked fields."})
      .with_fields(result.errors);
}

}  // namespace guildhall::profiles
