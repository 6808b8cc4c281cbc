#include "forms/form_validator.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <utility>

#include "core/text.hpp"
#include "forms/identifiers.hpp"

namespace guildhall::forms {
namespace {

using sdk::Value;

using core::trimmed;

// Scalars as the text conditions and options compare: 1, 1.0 and "1" are all "1".
std::optional<std::string> scalar_text(const Value& value) {
  if (value.is_string()) {
    return value.as_string();
  }
  if (value.is_integer()) {
    return std::to_string(value.as_integer());
  }
  if (value.is_number()) {
    const double d = value.as_number();
    if (std::floor(d) == d && std::fabs(d) < 1e15) {
      return std::to_string(static_cast<std::int64_t>(d));
    }
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
    return std::string(buffer, end);
  }
  if (value.is_bool()) {
    return value.as_bool() ? "true" : "false";
  }
  return std::nullopt;
}

bool is_empty(const Value* value) {
  if (value == nullptr || value->is_null()) {
    return true;
  }
  if (value->is_string()) {
    return trimmed(value->as_string()).empty();
  }
  if (value->is_array()) {
    return value->as_array().empty();
  }
  if (value->is_object()) {
    return value->as_object().empty();
  }
  return false;
}

std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string number_text(double d) {
  return *scalar_text(Value(d));
}

class FormCheck {
 public:
  FormCheck(const FormDefinition& form, const Value& input, const CivilDate& today,
            const Dictionaries* dictionaries, const RegionCatalog* regions)
      : form_(form), input_(input), today_(today), dictionaries_(dictionaries), regions_(regions) {}

  bool visible(const Section& section, const Field& field) {
    if (auto known = visible_.find(field.key); known != visible_.end()) {
      return known->second;
    }
    // Cycles are refused when the form is read; this guard only keeps a hand-built definition
    // from recursing forever.
    visible_[field.key] = false;
    const bool shown = (!section.visible_when || holds(*section.visible_when)) &&
                       (!field.visible_when || holds(*field.visible_when));
    visible_[field.key] = shown;
    return shown;
  }

  bool evaluate(const Condition& condition) { return holds(condition); }

  ValidationResult run() {
    ValidationResult result;
    for (const auto& section : form_.sections) {
      for (const auto& field : section.fields) {
        if (!visible(section, field)) {
          continue;
        }
        const Value* value = effective(field.key);
        if (field.type == FieldType::checkbox && is_boolean_checkbox(field) && value != nullptr &&
            value->is_bool() && !value->as_bool()) {
          value = nullptr;
        }
        if (is_empty(value)) {
          if (field.required) {
            add(result, field, kRequired, "此项为必填项", "This field is required");
          }
          continue;
        }
        auto cleaned = check(result, field, *value);
        if (!cleaned) {
          continue;
        }
        if (const auto* from_id = filled_from_id(field.key);
            from_id != nullptr && scalar_text(*cleaned) != from_id->as_string()) {
          if (field.type == FieldType::date) {
            add(result, field, kIdNumberMismatch, "与证件号码中的出生日期不一致",
                "Does not match the date of birth in the ID number");
          } else {
            add(result, field, kIdNumberMismatch, "与证件号码中的性别不一致",
                "Does not match the gender in the ID number");
          }
          continue;
        }
        result.values.as_object().emplace_back(field.key, std::move(*cleaned));
      }
    }
    return result;
  }

 private:
  // The value of `key` as other fields' conditions see it: nothing while the field is hidden.
  const Value* current(const std::string& key) {
    const Section* section = form_.section_of(key);
    if (section == nullptr) {
      return nullptr;
    }
    if (!visible(*section, *form_.find(key))) {
      return nullptr;
    }
    return effective(key);
  }

  // The submitted value, or what a visible, valid ID number fills into an empty field.
  const Value* effective(const std::string& key) {
    const Value* value = input_.find(key);
    if (!is_empty(value)) {
      return value;
    }
    const Value* from_id = filled_from_id(key);
    return from_id != nullptr ? from_id : value;
  }

  // The text a visible, valid resident ID number gives `key` through its field's `fills`, or
  // nullptr.
  const Value* filled_from_id(const std::string& key) {
    if (auto known = filled_.find(key); known != filled_.end()) {
      return known->second ? &*known->second : nullptr;
    }
    // Set before the visibility check below, which may come back here through a condition.
    filled_[key] = std::nullopt;
    std::optional<Value> found;
    for (const auto& section : form_.sections) {
      for (const auto& field : section.fields) {
        if (!field.fills || (field.fills->birth_date != key && field.fills->gender != key) ||
            !visible(section, field)) {
          continue;
        }
        const Value* id_value = input_.find(field.key);
        if (id_value == nullptr || !id_value->is_string()) {
          continue;
        }
        auto id = check_resident_id(id_value->as_string(), today_);
        if (!id.info) {
          continue;
        }
        if (field.fills->birth_date == key) {
          found = Value(id.info->birth_date.to_string());
        } else {
          found = Value(id.info->gender == Gender::male ? "male" : "female");
        }
      }
    }
    filled_[key] = std::move(found);
    return filled_[key] ? &*filled_[key] : nullptr;
  }

  bool holds(const Condition& c) {
    switch (c.kind) {
      case Condition::Kind::all:
        return std::all_of(c.children.begin(), c.children.end(),
                           [this](const Condition& child) { return holds(child); });
      case Condition::Kind::any:
        return std::any_of(c.children.begin(), c.children.end(),
                           [this](const Condition& child) { return holds(child); });
      case Condition::Kind::not_:
        return c.children.empty() || !holds(c.children.front());
      default:
        break;
    }
    const Value* value = current(c.field);
    if (c.kind == Condition::Kind::empty) {
      return is_empty(value) == c.empty;
    }
    if (c.kind == Condition::Kind::age_below || c.kind == Condition::Kind::age_at_least) {
      auto birth = birth_date(c.field, value);
      if (!birth) {
        return false;
      }
      const int age = birth->age_on(today_);
      return c.kind == Condition::Kind::age_below ? age < c.age : age >= c.age;
    }
    if (is_empty(value)) {
      return c.kind == Condition::Kind::ne;
    }
    auto matches = [&c](const Value& v) {
      auto text = scalar_text(v);
      return text && std::find(c.values.begin(), c.values.end(), *text) != c.values.end();
    };
    const bool found =
        value->is_array() ? std::any_of(value->as_array().begin(), value->as_array().end(), matches)
                          : matches(*value);
    return c.kind == Condition::Kind::ne ? !found : found;
  }

  std::optional<CivilDate> birth_date(const std::string& key, const Value* value) {
    if (value == nullptr || !value->is_string()) {
      return std::nullopt;
    }
    const Field* field = form_.find(key);
    if (field != nullptr && field->type == FieldType::id_number) {
      auto id = check_resident_id(value->as_string(), today_);
      return id.info ? std::optional(id.info->birth_date) : std::nullopt;
    }
    return CivilDate::parse(trimmed(value->as_string()));
  }

  static bool is_boolean_checkbox(const Field& field) {
    return field.options.empty() && !field.dictionary;
  }

  static void add(ValidationResult& result, const Field& field, std::string_view code,
                  std::string zh_cn, std::string en) {
    result.errors.push_back({field.key, std::string(code), {std::move(zh_cn), std::move(en)}});
  }

  std::optional<Value> wrong_type(ValidationResult& result, const Field& field) {
    add(result, field, kInvalidType, "填写的内容格式不正确", "The value has the wrong form");
    return std::nullopt;
  }

  const std::vector<Option>* options_of(const Field& field) const {
    if (!field.dictionary) {
      return &field.options;
    }
    if (dictionaries_ == nullptr) {
      return nullptr;
    }
    auto it = dictionaries_->find(*field.dictionary);
    return it == dictionaries_->end() ? nullptr : &it->second;
  }

  std::optional<Value> choice(ValidationResult& result, const Field& field, const Value& value) {
    auto text = scalar_text(value);
    if (!text) {
      return wrong_type(result, field);
    }
    const auto* options = options_of(field);
    if (options != nullptr && std::none_of(options->begin(), options->end(),
                                           [&text](const Option& o) { return o.value == *text; })) {
      add(result, field, kInvalidOption, "请从列表中选择", "Choose one of the listed options");
      return std::nullopt;
    }
    return Value(*text);
  }

  std::optional<Value> choices(ValidationResult& result, const Field& field, const Value& value) {
    if (!value.is_array()) {
      return wrong_type(result, field);
    }
    Value::Array out;
    for (const auto& item : value.as_array()) {
      auto one = choice(result, field, item);
      if (!one) {
        return std::nullopt;
      }
      out.push_back(std::move(*one));
    }
    return Value(std::move(out));
  }

  std::optional<Value> identifier(ValidationResult& result, const Field& field, const Value& value,
                                  Checked checked) {
    if (!value.is_string()) {
      return wrong_type(result, field);
    }
    if (checked.issue) {
      result.errors.push_back({field.key, checked.issue->code, checked.issue->message});
      return std::nullopt;
    }
    return Value(*checked.value);
  }

  std::optional<CivilDate> date_limit(const std::optional<std::string>& limit) const {
    if (!limit) {
      return std::nullopt;
    }
    return *limit == "today" ? std::optional(today_) : CivilDate::parse(*limit);
  }

  std::optional<Value> check(ValidationResult& result, const Field& field, const Value& value) {
    switch (field.type) {
      case FieldType::text:
      case FieldType::textarea: {
        auto text = scalar_text(value);
        if (!text || value.is_bool()) {
          return wrong_type(result, field);
        }
        std::string cleaned = trimmed(*text);
        const auto length = static_cast<std::int64_t>(code_points(cleaned));
        if (field.min_length && length < *field.min_length) {
          add(result, field, kTooShort, "至少填写" + std::to_string(*field.min_length) + "个字",
              "Enter at least " + std::to_string(*field.min_length) + " characters");
          return std::nullopt;
        }
        if (field.max_length && length > *field.max_length) {
          add(result, field, kTooLong, "最多填写" + std::to_string(*field.max_length) + "个字",
              "Enter at most " + std::to_string(*field.max_length) + " characters");
          return std::nullopt;
        }
        return Value(std::move(cleaned));
      }
      case FieldType::number: {
        std::optional<double> number;
        if (value.is_number()) {
          number = value.as_number();
        } else if (value.is_string()) {
          const std::string text = trimmed(value.as_string());
          double parsed = 0;
          auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
          if (ec == std::errc() && end == text.data() + text.size()) {
            number = parsed;
          }
        }
        if (!number || !std::isfinite(*number)) {
          add(result, field, kInvalidNumber, "请输入数字", "Enter a number");
          return std::nullopt;
        }
        if (field.min && *number < *field.min) {
          add(result, field, kTooSmall, "不能小于" + number_text(*field.min),
              "Must be at least " + number_text(*field.min));
          return std::nullopt;
        }
        if (field.max && *number > *field.max) {
          add(result, field, kTooLarge, "不能大于" + number_text(*field.max),
              "Must be at most " + number_text(*field.max));
          return std::nullopt;
        }
        if (std::floor(*number) == *number && std::fabs(*number) < 1e15) {
          return Value(static_cast<std::int64_t>(*number));
        }
        return Value(*number);
      }
      case FieldType::select:
      case FieldType::radio:
        if (field.multiple) {
          return choices(result, field, value);
        }
        return choice(result, field, value);
      case FieldType::checkbox:
        if (is_boolean_checkbox(field)) {
          return value.is_bool() ? std::optional(value) : wrong_type(result, field);
        }
        return choices(result, field, value);
      case FieldType::date: {
        auto date = value.is_string() ? CivilDate::parse(trimmed(value.as_string())) : std::nullopt;
        if (!date) {
          add(result, field, kInvalidDate, "请输入有效的日期", "Enter a valid date");
          return std::nullopt;
        }
        if (auto min = date_limit(field.min_date); min && *date < *min) {
          add(result, field, kDateTooEarly, "日期不能早于" + min->to_string(),
              "The date must not be before " + min->to_string());
          return std::nullopt;
        }
        if (auto max = date_limit(field.max_date); max && *date > *max) {
          add(result, field, kDateTooLate, "日期不能晚于" + max->to_string(),
              "The date must not be after " + max->to_string());
          return std::nullopt;
        }
        return Value(date->to_string());
      }
      case FieldType::region: {
        bool ok = value.is_array() && value.as_array().size() <= 3 &&
                  std::all_of(value.as_array().begin(), value.as_array().end(), [](const Value& v) {
                    return v.is_string() && v.as_string().size() == 6 &&
                           std::all_of(v.as_string().begin(), v.as_string().end(),
                                       [](char c) { return c >= '0' && c <= '9'; });
                  });
        if (ok && regions_ != nullptr) {
          std::vector<std::string> codes;
          for (const auto& v : value.as_array()) {
            codes.push_back(v.as_string());
          }
          ok = regions_->valid_path(codes);
        }
        if (!ok) {
          add(result, field, kInvalidRegion, "请选择省、市、区",
              "Choose a province, city and district");
          return std::nullopt;
        }
        return value;
      }
      case FieldType::upload:
        return uploads(result, field, value);
      case FieldType::organisation:
        if (value.is_object()) {
          return typed_organisation(result, field, value);
        }
        [[fallthrough]];
      case FieldType::committee_member: {
        auto text = scalar_text(value);
        if (!text || value.is_bool() || (value.is_number() && !value.is_integer())) {
          return wrong_type(result, field);
        }
        return Value(*text);
      }
      case FieldType::id_number:
        return identifier(
            result, field, value,
            value.is_string() ? check_resident_id(value.as_string(), today_) : Checked{});
      case FieldType::mobile:
        return identifier(result, field, value,
                          value.is_string() ? check_mobile(value.as_string()) : Checked{});
      case FieldType::email:
        return identifier(result, field, value,
                          value.is_string() ? check_email(value.as_string()) : Checked{});
      case FieldType::postal_code:
        return identifier(result, field, value,
                          value.is_string() ? check_postal_code(value.as_string()) : Checked{});
      case FieldType::credit_code:
        return identifier(result, field, value,
                          value.is_string() ? check_credit_code(value.as_string()) : Checked{});
    }
    return wrong_type(result, field);
  }

  // An organisation typed by name ({"name": "..."}), where the field's freeTextWhen holds.
  std::optional<Value> typed_organisation(ValidationResult& result, const Field& field,
                                          const Value& value) {
    const Value* name = value.find("name");
    if (!field.free_text_when || name == nullptr || !name->is_string()) {
      return wrong_type(result, field);
    }
    const std::string text = trimmed(name->as_string());
    if (text.empty()) {
      return wrong_type(result, field);
    }
    if (!holds(*field.free_text_when)) {
      add(result, field, kOrganisationRegistryOnly,
          field.label.zh_cn + "只可在系统中的单位中选择；如系统中缺少您的单位，请联系协会添加",
          field.label.in("en") +
              " must be chosen from the registry; ask the association to add a missing one");
      return std::nullopt;
    }
    if (static_cast<std::int64_t>(code_points(text)) > kMaxTypedOrganisation) {
      add(result, field, kTooLong, "最多填写" + std::to_string(kMaxTypedOrganisation) + "个字",
          "Enter at most " + std::to_string(kMaxTypedOrganisation) + " characters");
      return std::nullopt;
    }
    return Value(Value::Object{{"name", Value(text)}});
  }

  // The descriptions of files already uploaded ({name, size, ...}); the upload endpoint decides
  // the real type from the bytes, this repeats the form's limits on what the browser declares.
  std::optional<Value> uploads(ValidationResult& result, const Field& field, const Value& value) {
    const UploadRule rule = field.upload.value_or(UploadRule{{"jpg", "png", "pdf"}, 5, 1});
    if (!value.is_array()) {
      return wrong_type(result, field);
    }
    const auto& files = value.as_array();
    if (static_cast<std::int64_t>(files.size()) > rule.max_count) {
      add(result, field, kUploadCount, "最多上传" + std::to_string(rule.max_count) + "个文件",
          "Upload at most " + std::to_string(rule.max_count) + " files");
      return std::nullopt;
    }
    std::string allowed;
    for (const auto& t : rule.types) {
      allowed += (allowed.empty() ? "" : ", ") + t;
    }
    for (const auto& file : files) {
      const Value* name = file.find("name");
      const Value* size = file.find("size");
      if (name == nullptr || !name->is_string() || size == nullptr || !size->is_integer()) {
        return wrong_type(result, field);
      }
      std::string extension;
      if (auto dot = name->as_string().rfind('.'); dot != std::string::npos) {
        extension = name->as_string().substr(dot + 1);
      }
      std::transform(extension.begin(), extension.end(), extension.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (extension == "jpeg") {
        extension = "jpg";
      }
      if (std::find(rule.types.begin(), rule.types.end(), extension) == rule.types.end()) {
        add(result, field, kUploadType, "只能上传以下类型的文件：" + allowed,
            "Only these file types are accepted: " + allowed);
        return std::nullopt;
      }
      if (size->as_integer() > rule.max_size_mb * 1024 * 1024) {
        add(result, field, kUploadSize, "文件不能超过" + std::to_string(rule.max_size_mb) + "MB",
            "A file must not exceed " + std::to_string(rule.max_size_mb) + " MB");
        return std::nullopt;
      }
    }
    return value;
  }

  const FormDefinition& form_;
  const Value& input_;
  CivilDate today_;
  const Dictionaries* dictionaries_;
  const RegionCatalog* regions_;
  std::map<std::string, bool> visible_;
  std::map<std::string, std::optional<Value>> filled_;
};

}  // namespace

ValidationResult validate_form(const FormDefinition& form, const sdk::Value& input,
                               const CivilDate& today, const Dictionaries* dictionaries,
                               const RegionCatalog* regions) {
  return FormCheck(form, input, today, dictionaries, regions).run();
}

bool condition_holds(const FormDefinition& form, const Condition& condition,
                     const sdk::Value& input, const CivilDate& today) {
  return FormCheck(form, input, today, nullptr, nullptr).evaluate(condition);
}

std::vector<std::string> visible_fields(const FormDefinition& form, const sdk::Value& input,
                                        const CivilDate& today) {
  FormCheck check(form, input, today, nullptr, nullptr);
  std::vector<std::string> keys;
  for (const auto& section : form.sections) {
    for (const auto& field : section.fields) {
      if (check.visible(section, field)) {
        keys.push_back(field.key);
      }
    }
  }
  return keys;
}

}  // namespace guildhall::forms
