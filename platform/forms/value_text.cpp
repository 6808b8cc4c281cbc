#include "forms/value_text.hpp"

#include <sstream>

#include "forms/civil_date.hpp"
#include "forms/region_catalog.hpp"

namespace guildhall::forms {
namespace {

std::string option_label(const Field& field, const Dictionaries* dictionaries,
                         const std::string& value) {
  const std::vector<Option>* options = &field.options;
  if (field.dictionary && dictionaries != nullptr) {
    if (const auto it = dictionaries->find(*field.dictionary); it != dictionaries->end()) {
      options = &it->second;
    }
  }
  for (const auto& o : *options) {
    if (o.value == value) {
      return o.label.zh_cn;
    }
  }
  return value;
}

std::string scalar(const sdk::Value& v) {
  if (v.is_string()) {
    return v.as_string();
  }
  if (v.is_integer()) {
    return std::to_string(v.as_integer());
  }
  if (v.is_number()) {
    std::ostringstream out;
    out << v.as_number();
    return out.str();
  }
  if (v.is_bool()) {
    return v.as_bool() ? "是" : "否";
  }
  return "";
}

std::string joined(const sdk::Value& value,
                   const std::function<std::string(const sdk::Value&)>& f) {
  if (!value.is_array()) {
    return f(value);
  }
  std::string out;
  for (const auto& item : value.as_array()) {
    const std::string text = f(item);
    if (!text.empty()) {
      out += (out.empty() ? "" : "、") + text;
    }
  }
  return out;
}

}  // namespace

std::string chinese_date(const std::string& iso) {
  const auto d = CivilDate::parse(iso);
  return d ? std::to_string(d->year) + "年" + std::to_string(d->month) + "月" +
                 std::to_string(d->day) + "日"
           : iso;
}

std::string value_text(const Field& field, const sdk::Value& value,
                       const Dictionaries* dictionaries, const OrganisationName& organisation) {
  switch (field.type) {
    case FieldType::select:
    case FieldType::radio:
    case FieldType::checkbox:
      return joined(
          value, [&](const sdk::Value& v) { return option_label(field, dictionaries, scalar(v)); });
    case FieldType::date:
      return chinese_date(scalar(value));
    case FieldType::region: {
      std::vector<std::string> codes;
      if (value.is_array()) {
        for (const auto& c : value.as_array()) {
          codes.push_back(scalar(c));
        }
      }
      return RegionCatalog::mainland().describe(codes);
    }
    case FieldType::organisation: {
      // A name typed where the field allows one (freeTextWhen) reads as it was typed.
      if (const sdk::Value* typed = value.find("name"); typed != nullptr) {
        return scalar(*typed);
      }
      const std::string id = scalar(value);
      return id.empty() || !organisation ? id : organisation(id).value_or("");
    }
    case FieldType::upload:
      return joined(value, [](const sdk::Value& file) {
        const sdk::Value* name = file.find("name");
        return name != nullptr ? scalar(*name) : std::string();
      });
    default:
      return scalar(value);
  }
}

std::string first_upload_id(const sdk::Value& value) {
  if (value.is_array() && !value.as_array().empty()) {
    if (const sdk::Value* id = value.as_array().front().find("id")) {
      return scalar(*id);
    }
  }
  return "";
}

}  // namespace guildhall::forms
