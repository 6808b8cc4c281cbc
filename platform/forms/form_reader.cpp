#include "forms/form_reader.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <utility>

#include "core/closest_match.hpp"
#include "core/mapping_reader.hpp"
#include "forms/civil_date.hpp"

namespace guildhall::forms {
namespace {

using core::in_quotes;
using core::MappingReader;
using core::Presence;
using core::SourceMark;
using core::YamlNode;

constexpr std::string_view kConditionOperators[] = {
    "eq", "ne", "in", "empty", "age_below", "age_at_least", "all", "any", "not"};

std::string item_path(std::string_view list, std::size_t index) {
  return std::string(list) + "[" + std::to_string(index + 1) + "]";
}

bool has_options(FieldType type) {
  return type == FieldType::select || type == FieldType::radio || type == FieldType::checkbox;
}

class FormParser {
 public:
  explicit FormParser(core::YamlReader& reader) : reader_(reader) {}

  std::optional<Condition> read_standalone_condition(const YamlNode& node,
                                                     const std::string& path) {
    return read_condition(node, path);
  }

  std::optional<FormDefinition> parse(const YamlNode& node, const std::string& path) {
    const std::size_t errors_before = reader_.error_count();
    MappingReader top(node, reader_, path);
    if (!top.ok()) {
      return std::nullopt;
    }
    FormDefinition form;
    if (auto key = top.text("key", Presence::required)) {
      check_key(*key, top.entry("key")->value.mark, "form");
      form.key = *key;
    }
    if (auto title = top.localized("title", Presence::required)) {
      form.title = *title;
    }
    if (const auto* sections = top.list("sections", Presence::required)) {
      for (std::size_t i = 0; i < sections->size(); ++i) {
        read_section((*sections)[i], top.path_of(item_path("sections", i)), form);
      }
      if (sections->empty()) {
        reader_.error(top.entry("sections")->value.mark, "a form needs at least one section");
      }
    }
    top.finish();
    check_conditions(form);
    check_fills(form);
    if (reader_.error_count() != errors_before) {
      return std::nullopt;
    }
    return form;
  }

  std::vector<Option> read_option_list(const std::vector<YamlNode>& items,
                                       const std::string& list_path) {
    std::vector<Option> out;
    std::map<std::string, int> seen;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string path = item_path(list_path, i);
      const YamlNode& node = items[i];
      if (!reader_.expect_kind(node, YamlNode::Kind::mapping, path, "a mapping")) {
        continue;
      }
      MappingReader option_reader(node, reader_, path);
      Option option;
      if (auto value = option_reader.text("value", Presence::required)) {
        remember(seen, *value, option_reader.entry("value")->value.mark, "option");
        option.value = *value;
      }
      if (auto label = option_reader.localized("label", Presence::required)) {
        option.label = *label;
      }
      option_reader.finish();
      out.push_back(std::move(option));
    }
    return out;
  }

 private:
  bool check_key(const std::string& key, const SourceMark& mark, std::string_view what) {
    static const std::regex kKey("[A-Za-z][A-Za-z0-9_]{0,63}");
    if (std::regex_match(key, kKey)) {
      return true;
    }
    reader_.error(mark, "bad " + std::string(what) + " key " + in_quotes(key) +
                            ": use letters, digits and \"_\", starting with a letter, e.g. "
                            "\"birth_date\"");
    return false;
  }

  void read_section(const YamlNode& node, const std::string& path, FormDefinition& form) {
    if (!reader_.expect_kind(node, YamlNode::Kind::mapping, path, "a mapping")) {
      return;
    }
    MappingReader item(node, reader_, path);
    Section section;
    section.mark = node.mark;
    if (auto key = item.text("key", Presence::required)) {
      const SourceMark& mark = item.entry("key")->value.mark;
      if (check_key(*key, mark, "section")) {
        remember(section_lines_, *key, mark, "section");
      }
      section.key = *key;
    }
    if (auto title = item.localized("title", Presence::required)) {
      section.title = *title;
    }
    if (const YamlNode* when = item.value("visibleWhen", Presence::optional)) {
      section.visible_when = read_condition(*when, item.path_of("visibleWhen"));
    }
    if (const auto* fields = item.list("fields", Presence::required)) {
      for (std::size_t i = 0; i < fields->size(); ++i) {
        if (auto field = read_field((*fields)[i], item.path_of(item_path("fields", i)))) {
          section.fields.push_back(std::move(*field));
        }
      }
    }
    item.finish();
    form.sections.push_back(std::move(section));
  }

  void remember(std::map<std::string, int>& lines, const std::string& key, const SourceMark& mark,
                std::string_view what) {
    if (auto seen = lines.find(key); seen != lines.end()) {
      reader_.error(mark, std::string(what) + " " + in_quotes(key) +
                              " is defined twice (first on line " + std::to_string(seen->second) +
                              ")");
      return;
    }
    lines.emplace(key, mark.line);
  }

  std::optional<double> number(MappingReader& item, std::string_view key) {
    auto text = item.text(key, Presence::optional);
    if (!text) {
      return std::nullopt;
    }
    double value = 0;
    const char* end = text->data() + text->size();
    auto [ptr, ec] = std::from_chars(text->data(), end, value);
    if (ec != std::errc() || ptr != end) {
      reader_.error(
          item.entry(key)->value.mark,
          in_quotes(item.path_of(key)) + " must be a number, but it is " + in_quotes(*text));
      return std::nullopt;
    }
    return value;
  }

  std::optional<std::string> date_limit(MappingReader& item, std::string_view key) {
    auto text = item.text(key, Presence::optional);
    if (!text || *text == "today" || CivilDate::parse(*text)) {
      return text;
    }
    reader_.error(item.entry(key)->value.mark,
                  in_quotes(item.path_of(key)) +
                      " must be a date like \"2000-01-31\" or \"today\", "
                      "but it is " +
                      in_quotes(*text));
    return std::nullopt;
  }

  std::optional<Field> read_field(const YamlNode& node, const std::string& path) {
    if (!reader_.expect_kind(node, YamlNode::Kind::mapping, path, "a mapping")) {
      return std::nullopt;
    }
    MappingReader item(node, reader_, path);
    Field field;
    field.mark = node.mark;
    if (auto key = item.text("key", Presence::required)) {
      const SourceMark& mark = item.entry("key")->value.mark;
      if (check_key(*key, mark, "field")) {
        remember(field_lines_, *key, mark, "field");
      }
      field.key = *key;
    }
    auto type_name = item.one_of("type", Presence::required, field_type_names());
    if (type_name) {
      field.type = *parse_field_type(*type_name);
    }
    if (auto label = item.localized("label", Presence::required)) {
      field.label = *label;
    }
    if (auto help = item.localized("help", Presence::optional)) {
      field.help = *help;
    }
    field.required = item.boolean("required", Presence::optional).value_or(false);
    field.min_length = item.integer("min_length", Presence::optional);
    field.max_length = item.integer("max_length", Presence::optional);
    if (field.min_length && field.max_length && *field.min_length > *field.max_length) {
      reader_.error(item.entry("min_length")->value.mark,
                    in_quotes(item.path_of("min_length")) + " is larger than max_length");
    }
    if (field.type == FieldType::date) {
      field.min_date = date_limit(item, "min");
      field.max_date = date_limit(item, "max");
    } else {
      field.min = number(item, "min");
      field.max = number(item, "max");
      if ((field.min || field.max) && field.type != FieldType::number && type_name) {
        only_for(item, item.entry("min") ? "min" : "max", "number and date");
      }
    }
    read_options(item, field);
    if (auto multiple = item.boolean("multiple", Presence::optional)) {
      field.multiple = *multiple;
      if (field.type != FieldType::select && type_name) {
        only_for(item, "multiple", "select");
      }
    }
    read_upload(item, field, type_name.has_value());
    read_fills(item, field, type_name.has_value());
    if (const YamlNode* when = item.value("visibleWhen", Presence::optional)) {
      field.visible_when = read_condition(*when, item.path_of("visibleWhen"));
    }
    if (const YamlNode* when = item.value("freeTextWhen", Presence::optional)) {
      field.free_text_when = read_condition(*when, item.path_of("freeTextWhen"));
      if (field.type != FieldType::organisation && type_name) {
        only_for(item, "freeTextWhen", "organisation");
      }
    }
    item.finish();
    return field;
  }

  void only_for(MappingReader& item, std::string_view key, std::string_view types) {
    reader_.error(item.entry(key)->key_mark, in_quotes(item.path_of(key)) + " applies only to " +
                                                 std::string(types) + " fields");
  }

  void read_options(MappingReader& item, Field& field) {
    const auto* options = item.list("options", Presence::optional);
    if (auto dictionary = item.text("dictionary", Presence::optional)) {
      field.dictionary = *dictionary;
      if (options != nullptr) {
        reader_.error(item.entry("dictionary")->key_mark,
                      in_quotes(item.path_of("options")) + " and " +
                          in_quotes(item.path_of("dictionary")) +
                          " exclude each other: list the options or name a dictionary");
      }
    }
    if (options != nullptr) {
      field.options = read_option_list(*options, item.path_of("options"));
    }
    const bool listed = options != nullptr || field.dictionary.has_value();
    if (listed && !has_options(field.type)) {
      only_for(item, options != nullptr ? "options" : "dictionary", "select, radio and checkbox");
    } else if (!listed && (field.type == FieldType::select || field.type == FieldType::radio)) {
      reader_.error(item.mark(),
                    in_quotes(item.path()) + " needs \"options\" or \"dictionary\" to choose from");
    }
  }

  void read_upload(MappingReader& item, Field& field, bool typed) {
    auto upload = item.mapping("upload", Presence::optional);
    if (!upload) {
      if (field.type == FieldType::upload) {
        field.upload = UploadRule{{"jpg", "png", "pdf"}, 5, 1};
      }
      return;
    }
    if (field.type != FieldType::upload && typed) {
      only_for(item, "upload", "upload");
    }
    static constexpr std::string_view kTypes[] = {"jpg", "png", "pdf"};
    UploadRule rule{{}, 5, 1};
    if (const auto* types = upload->list("types", Presence::required)) {
      for (std::size_t i = 0; i < types->size(); ++i) {
        if (auto type =
                reader_.one_of((*types)[i], upload->path_of(item_path("types", i)), kTypes)) {
          rule.types.push_back(*type);
        }
      }
    }
    for (auto [key, target] :
         {std::pair{"max_size_mb", &rule.max_size_mb}, std::pair{"max_count", &rule.max_count}}) {
      if (auto value = upload->integer(key, Presence::optional)) {
        if (*value < 1) {
          reader_.error(upload->entry(key)->value.mark,
                        in_quotes(upload->path_of(key)) + " must be at least 1");
        } else {
          *target = *value;
        }
      }
    }
    upload->finish();
    field.upload = std::move(rule);
  }

  void read_fills(MappingReader& item, Field& field, bool typed) {
    auto fills = item.mapping("fills", Presence::optional);
    if (!fills) {
      return;
    }
    if (field.type != FieldType::id_number && typed) {
      only_for(item, "fills", "id_number");
    }
    IdFills out;
    out.birth_date = fills->text("birth_date", Presence::optional);
    if (out.birth_date) {
      out.birth_date_mark = fills->entry("birth_date")->value.mark;
    }
    out.gender = fills->text("gender", Presence::optional);
    if (out.gender) {
      out.gender_mark = fills->entry("gender")->value.mark;
    }
    fills->finish();
    field.fills = std::move(out);
  }

  // The fields an ID number fills must exist and be able to hold what it fills in.
  void check_fills(const FormDefinition& form) {
    for (const auto& section : form.sections) {
      for (const auto& field : section.fields) {
        if (!field.fills) {
          continue;
        }
        if (const auto& key = field.fills->birth_date) {
          const Field* target = fill_target(form, *key, field.fills->birth_date_mark);
          if (target != nullptr && target->type != FieldType::date) {
            reader_.error(field.fills->birth_date_mark,
                          "the birth date is filled into a date field, but " + in_quotes(*key) +
                              " is of type " + in_quotes(to_string(target->type)));
          }
        }
        if (const auto& key = field.fills->gender) {
          const Field* target = fill_target(form, *key, field.fills->gender_mark);
          if (target == nullptr) {
            continue;
          }
          const bool choice =
              (target->type == FieldType::radio || target->type == FieldType::select) &&
              !target->multiple;
          const auto has = [target](std::string_view value) {
            return std::any_of(target->options.begin(), target->options.end(),
                               [value](const Option& o) { return o.value == value; });
          };
          if (!choice || (!target->dictionary && (!has("male") || !has("female")))) {
            reader_.error(field.fills->gender_mark,
                          "the gender is filled into a radio or select field with the options "
                          "\"male\" and \"female\", which " +
                              in_quotes(*key) + " is not");
          }
        }
      }
    }
  }

  const Field* fill_target(const FormDefinition& form, const std::string& key,
                           const SourceMark& mark) {
    const Field* target = form.find(key);
    if (target == nullptr) {
      std::vector<std::string> keys;
      for (const auto& section : form.sections) {
        for (const auto& field : section.fields) {
          keys.push_back(field.key);
        }
      }
      std::string message = "the ID number fills the unknown field " + in_quotes(key);
      if (auto suggestion = core::closest_match(key, keys)) {
        message += " (did you mean " + in_quotes(*suggestion) + "?)";
      }
      reader_.error(mark, std::move(message));
    }
    return target;
  }

  std::optional<Condition> read_condition(const YamlNode& node, const std::string& path) {
    if (!reader_.expect_kind(node, YamlNode::Kind::mapping, path,
                             "a mapping like {field: member_type, eq: student}")) {
      return std::nullopt;
    }
    MappingReader m(node, reader_, path);
    const YamlNode* field_node = m.value("field", Presence::optional);
    std::vector<std::pair<std::string_view, const YamlNode*>> present;
    for (std::string_view op : kConditionOperators) {
      if (const YamlNode* value = m.value(op, Presence::optional)) {
        present.emplace_back(op, value);
      }
    }
    m.finish();
    if (present.size() != 1) {
      reader_.error(node.mark, in_quotes(path) +
                                   " needs exactly one of eq, ne, in, empty, age_below, "
                                   "age_at_least, all, any, not");
      return std::nullopt;
    }
    const auto [op, value] = present.front();
    const std::string op_path = m.path_of(op);
    Condition condition;
    condition.mark = node.mark;
    const bool combinator = op == "all" || op == "any" || op == "not";
    if (combinator) {
      if (field_node != nullptr) {
        reader_.error(m.entry("field")->key_mark, in_quotes(path) + " combines conditions with " +
                                                      in_quotes(op) +
                                                      " and must not name a field itself");
      }
      if (op == "not") {
        condition.kind = Condition::Kind::not_;
        if (auto child = read_condition(*value, op_path)) {
          condition.children.push_back(std::move(*child));
        }
      } else {
        condition.kind = op == "all" ? Condition::Kind::all : Condition::Kind::any;
        if (const auto* items = reader_.list(*value, op_path)) {
          for (std::size_t i = 0; i < items->size(); ++i) {
            if (auto child = read_condition((*items)[i], item_path(op_path, i))) {
              condition.children.push_back(std::move(*child));
            }
          }
        }
      }
      return condition;
    }
    if (field_node == nullptr) {
      reader_.error(node.mark, in_quotes(path) + " needs \"field\": the field whose value " +
                                   in_quotes(op) + " tests");
      return std::nullopt;
    }
    if (auto field = reader_.text(*field_node, m.path_of("field"))) {
      condition.field = *field;
    }
    if (op == "eq" || op == "ne") {
      condition.kind = op == "eq" ? Condition::Kind::eq : Condition::Kind::ne;
      if (auto text = reader_.text(*value, op_path)) {
        condition.values.push_back(*text);
      }
    } else if (op == "in") {
      condition.kind = Condition::Kind::in;
      if (const auto* items = reader_.list(*value, op_path)) {
        for (std::size_t i = 0; i < items->size(); ++i) {
          if (auto text = reader_.text((*items)[i], item_path(op_path, i))) {
            condition.values.push_back(*text);
          }
        }
      }
    } else if (op == "empty") {
      condition.kind = Condition::Kind::empty;
      condition.empty = reader_.boolean(*value, op_path).value_or(true);
    } else {
      condition.kind =
          op == "age_below" ? Condition::Kind::age_below : Condition::Kind::age_at_least;
      condition.age = reader_.integer(*value, op_path).value_or(0);
    }
    return condition;
  }

  // Conditions may only name fields of the form, age rules only date or ID number fields, and
  // no field may depend on its own visibility, directly or through others.
  void check_conditions(const FormDefinition& form) {
    std::vector<std::string> keys;
    for (const auto& section : form.sections) {
      for (const auto& field : section.fields) {
        keys.push_back(field.key);
      }
    }
    std::map<std::string, std::set<std::string>> depends;
    for (const auto& section : form.sections) {
      for (const auto& field : section.fields) {
        for (const auto* when : {&section.visible_when, &field.visible_when}) {
          if (*when) {
            check_references(form, **when, keys, depends[field.key]);
          }
        }
      }
    }
    std::map<std::string, int> state;  // 1 = being visited, 2 = done
    std::vector<std::string> trail;
    std::function<bool(const std::string&)> visit = [&](const std::string& key) {
      int& s = state[key];
      if (s == 2) {
        return false;
      }
      if (s == 1) {
        std::string cycle;
        auto start = std::find(trail.begin(), trail.end(), key);
        for (auto it = start; it != trail.end(); ++it) {
          cycle += *it + " → ";
        }
        reported_cycle_ = cycle + key;
        return true;
      }
      s = 1;
      trail.push_back(key);
      for (const auto& next : depends[key]) {
        if (visit(next)) {
          return true;
        }
      }
      trail.pop_back();
      state[key] = 2;
      return false;
    };
    for (const auto& section : form.sections) {
      for (const auto& field : section.fields) {
        if (visit(field.key)) {
          reader_.error(field.mark, "the visibleWhen conditions depend on each other in a cycle: " +
                                        reported_cycle_);
          return;
        }
      }
    }
  }

  void check_references(const FormDefinition& form, const Condition& condition,
                        const std::vector<std::string>& keys, std::set<std::string>& out) {
    for (const auto& child : condition.children) {
      check_references(form, child, keys, out);
    }
    if (condition.field.empty()) {
      return;
    }
    const Field* target = form.find(condition.field);
    if (target == nullptr) {
      std::string message = "the condition names the unknown field " + in_quotes(condition.field);
      if (auto suggestion = core::closest_match(condition.field, keys)) {
        message += " (did you mean " + in_quotes(*suggestion) + "?)";
      }
      reader_.error(condition.mark, std::move(message));
      return;
    }
    const bool age = condition.kind == Condition::Kind::age_below ||
                     condition.kind == Condition::Kind::age_at_least;
    if (age && target->type != FieldType::date && target->type != FieldType::id_number) {
      reader_.error(condition.mark, "an age rule needs a date or id_number field, but " +
                                        in_quotes(condition.field) + " is of type " +
                                        in_quotes(to_string(target->type)));
    }
    out.insert(condition.field);
  }

  core::YamlReader& reader_;
  std::map<std::string, int> field_lines_;
  std::map<std::string, int> section_lines_;
  std::string reported_cycle_;
};

}  // namespace

std::optional<FormDefinition> read_form(const YamlNode& node, core::YamlReader& reader,
                                        const std::string& path) {
  return FormParser(reader).parse(node, path);
}

std::optional<Condition> read_condition(const core::YamlNode& node, core::YamlReader& reader,
                                        const std::string& path) {
  return FormParser(reader).read_standalone_condition(node, path);
}

std::vector<Option> read_options(const core::YamlNode& list, core::YamlReader& reader,
                                 const std::string& path) {
  if (!reader.expect_kind(list, YamlNode::Kind::sequence, path, "a list")) {
    return {};
  }
  return FormParser(reader).read_option_list(list.items, path);
}

FormParseResult parse_form(std::string_view text, const std::string& file) {
  core::YamlDocument doc = core::parse_yaml(text, file);
  FormParseResult result;
  result.errors = std::move(doc.errors);
  if (!result.errors.empty()) {
    return result;
  }
  core::YamlReader reader(result.errors);
  result.form = read_form(doc.root, reader, "");
  return result;
}

}  // namespace guildhall::forms
