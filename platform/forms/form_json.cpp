#include "forms/form_json.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

namespace guildhall::forms {
namespace {

using nlohmann::json;

json localized(const LocalizedText& text) {
  return json{{"zh-CN", text.zh_cn}, {"en", text.en}};
}

json number(double d) {
  if (std::floor(d) == d && std::fabs(d) < 1e15) {
    return static_cast<std::int64_t>(d);
  }
  return d;
}

json condition(const Condition& c) {
  json out = json::object();
  switch (c.kind) {
    case Condition::Kind::all:
    case Condition::Kind::any: {
      json items = json::array();
      for (const auto& child : c.children) {
        items.push_back(condition(child));
      }
      out[c.kind == Condition::Kind::all ? "all" : "any"] = std::move(items);
      return out;
    }
    case Condition::Kind::not_:
      out["not"] = c.children.empty() ? json::object() : condition(c.children.front());
      return out;
    default:
      break;
  }
  out["field"] = c.field;
  switch (c.kind) {
    case Condition::Kind::eq:
      out["eq"] = c.values.empty() ? "" : c.values.front();
      break;
    case Condition::Kind::ne:
      out["ne"] = c.values.empty() ? "" : c.values.front();
      break;
    case Condition::Kind::in:
      out["in"] = c.values;
      break;
    case Condition::Kind::empty:
      out["empty"] = c.empty;
      break;
    case Condition::Kind::age_below:
      out["age_below"] = c.age;
      break;
    default:
      out["age_at_least"] = c.age;
      break;
  }
  return out;
}

json field_json(const Field& f) {
  json out{{"key", f.key},
           {"type", std::string(to_string(f.type))},
           {"label", localized(f.label)},
           {"required", f.required}};
  if (!f.help.empty()) {
    out["help"] = localized(f.help);
  }
  if (f.min_length) {
    out["min_length"] = *f.min_length;
  }
  if (f.max_length) {
    out["max_length"] = *f.max_length;
  }
  if (f.min) {
    out["min"] = number(*f.min);
  }
  if (f.max) {
    out["max"] = number(*f.max);
  }
  if (f.min_date) {
    out["min"] = *f.min_date;
  }
  if (f.max_date) {
    out["max"] = *f.max_date;
  }
  if (f.dictionary) {
    out["dictionary"] = *f.dictionary;
  } else if (f.type == FieldType::select || f.type == FieldType::radio ||
             f.type == FieldType::checkbox) {
    json options = json::array();
    for (const auto& o : f.options) {
      options.push_back({{"value", o.value}, {"label", localized(o.label)}});
    }
    if (!options.empty()) {
      out["options"] = std::move(options);
    }
  }
  if (f.type == FieldType::select) {
    out["multiple"] = f.multiple;
  }
  if (f.fills) {
    auto& fills = out["fills"] = json::object();
    if (f.fills->birth_date) {
      fills["birth_date"] = *f.fills->birth_date;
    }
    if (f.fills->gender) {
      fills["gender"] = *f.fills->gender;
    }
  }
  if (f.upload) {
    out["upload"] = {{"types", f.upload->types},
                     {"max_size_mb", f.upload->max_size_mb},
                     {"max_count", f.upload->max_count}};
  }
  if (f.visible_when) {
    out["visibleWhen"] = condition(*f.visible_when);
  }
  if (f.free_text_when) {
    out["freeTextWhen"] = condition(*f.free_text_when);
  }
  return out;
}

}  // namespace

std::string form_to_json(const FormDefinition& form) {
  json sections = json::array();
  for (const auto& s : form.sections) {
    json fields = json::array();
    for (const auto& f : s.fields) {
      fields.push_back(field_json(f));
    }
    json section{{"key", s.key}, {"title", localized(s.title)}, {"fields", std::move(fields)}};
    if (s.visible_when) {
      section["visibleWhen"] = condition(*s.visible_when);
    }
    sections.push_back(std::move(section));
  }
  json out{{"key", form.key}, {"title", localized(form.title)}, {"sections", std::move(sections)}};
  return out.dump();
}

}  // namespace guildhall::forms
