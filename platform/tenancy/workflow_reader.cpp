#include "tenancy/workflow_reader.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <regex>
#include <set>

#include "core/closest_match.hpp"
#include "core/mapping_reader.hpp"
#include "forms/civil_date.hpp"
#include "forms/form_reader.hpp"

namespace guildhall::tenancy {
namespace {

using core::in_quotes;
using core::MappingReader;
using core::Presence;
using core::SourceMark;
using core::YamlNode;

constexpr std::string_view kEffects[] = {"create_membership", "apply_profile_changes",
                                         "change_member_type", "join_institution",
                                         "activate_membership"};
constexpr std::string_view kReviewers[] = {"reviewer", "tenant_admin", "parent_admin"};
constexpr std::string_view kWeekdays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                          "Thursday", "Friday", "Saturday"};

std::string item_path(std::string_view list, std::size_t index) {
  return std::string(list) + "[" + std::to_string(index + 1) + "]";
}

unsigned weekday_of(const forms::CivilDate& d) {
  using namespace std::chrono;
  return weekday{sys_days{year{d.year} / month{static_cast<unsigned>(d.month)} /
                          day{static_cast<unsigned>(d.day)}}}
      .c_encoding();
}

// Why `field` cannot be used, or nullopt when `form` has it.
std::optional<std::string> unknown_field_message(const forms::FormDefinition& form,
                                                 const std::string& field, std::string_view what) {
  if (form.find(field) != nullptr) {
    return std::nullopt;
  }
  std::vector<std::string> keys;
  for (const auto& section : form.sections) {
    for (const auto& f : section.fields) {
      keys.push_back(f.key);
    }
  }
  std::string message = std::string(what) + " names " + in_quotes(field) +
                        ", which is no field of form " + in_quotes(form.key);
  if (auto suggestion = core::closest_match(field, keys)) {
    message += " (did you mean " + in_quotes(*suggestion) + "?)";
  }
  return message;
}

// Why `field` cannot name a step's reviewer, or nullopt when it is a committee_member field.
std::optional<std::string> named_by_message(const forms::FormDefinition& form,
                                            const std::string& field) {
  if (auto unknown = unknown_field_message(form, field, "named_by")) {
    return unknown;
  }
  const forms::Field* f = form.find(field);
  if (f->type == forms::FieldType::committee_member) {
    return std::nullopt;
  }
  return "named_by names " + in_quotes(field) + ", a " + std::string(forms::to_string(f->type)) +
         " field; the reviewer must be picked from the directory, so it must be a "
         "committee_member field";
}

// Why `field` cannot be approved without a reviewer, or nullopt when it can: changes of the key
// fields (the name, ID numbers) always go to a person.
std::optional<std::string> auto_approve_message(const forms::FormDefinition& form,
                                                const std::string& field) {
  if (auto unknown = unknown_field_message(form, field, "auto_approve_fields")) {
    return unknown;
  }
  if (field == "name" || form.find(field)->type == forms::FieldType::id_number) {
    return "auto_approve_fields names " + in_quotes(field) +
           ", a key field: changes of the name and ID numbers always go to a reviewer";
  }
  return std::nullopt;
}

// Why `field` cannot take the stamped paper form, or nullopt when it is an optional upload field.
std::optional<std::string> stamp_message(const forms::FormDefinition& form,
                                         const std::string& field) {
  if (auto unknown = unknown_field_message(form, field, "stamp")) {
    return unknown;
  }
  const forms::Field* f = form.find(field);
  if (f->type != forms::FieldType::upload) {
    return "stamp names " + in_quotes(field) + ", a " + std::string(forms::to_string(f->type)) +
           " field; the stamped form is a scan, so it must be an upload field";
  }
  if (f->required) {
    return "stamp names " + in_quotes(field) +
           ", a required field; the stamped form is uploaded after submission, so the field must "
           "not be required";
  }
  return std::nullopt;
}

// Calls `report(field, mark)` for every field a condition tree names, leaves in order.
template <typename Report>
void each_condition_field(const forms::Condition& c, const Report& report) {
  for (const auto& child : c.children) {
    each_condition_field(child, report);
  }
  if (!c.field.empty()) {
    report(c.field, c.mark);
  }
}

class WorkflowReader {
 public:
  WorkflowReader(core::YamlReader& reader,
                 const std::vector<std::shared_ptr<const forms::FormDefinition>>& forms,
                 bool has_parent)
      : reader_(reader), forms_(forms), has_parent_(has_parent) {}

  std::optional<WorkflowConfig> read(const YamlNode& node) {
    const std::size_t errors_before = reader_.error_count();
    MappingReader top(node, reader_, "workflow");
    if (!top.ok()) {
      return std::nullopt;
    }
    WorkflowConfig out;
    out.mark = node.mark;
    if (auto days = top.integer("deadline_working_days", Presence::optional)) {
      if (*days < 1 || *days > 120) {
        reader_.error(top.entry("deadline_working_days")->value.mark,
                      "\"workflow.deadline_working_days\" must be between 1 and 120");
      } else {
        out.deadline_working_days = static_cast<int>(*days);
      }
    }
    if (auto years = top.integer("membership_years", Presence::optional)) {
      if (*years < 1 || *years > 10) {
        reader_.error(top.entry("membership_years")->value.mark,
                      "\"workflow.membership_years\" must be between 1 and 10");
      } else {
        out.membership_years = static_cast<int>(*years);
      }
    }
    out.holidays = dates(top, "holidays", false);
    out.working_weekends = dates(top, "working_weekends", true);
    if (auto numbers = top.mapping("member_numbers", Presence::optional)) {
      out.member_numbers = member_numbers(*numbers);
    }
    if (const auto* items = top.list("applications", Presence::required)) {
      std::map<std::string, int> lines;
      for (std::size_t i = 0; i < items->size(); ++i) {
        auto kind = read_kind((*items)[i], top.path_of(item_path("applications", i)));
        if (!kind) {
          continue;
        }
        if (auto [it, inserted] = lines.emplace(kind->key, kind->mark.line); !inserted) {
          reader_.error(kind->mark, "application " + in_quotes(kind->key) +
                                        " is defined twice (first on line " +
                                        std::to_string(it->second) + ")");
          continue;
        }
        out.applications.push_back(std::move(*kind));
      }
      for (const auto& kind : out.applications) {
        if (!kind.institutions) {
          continue;
        }
        const ApplicationKind* review = out.find(kind.institutions->review);
        if (review == nullptr || review->effect != ApprovalEffect::join_institution) {
          reader_.error(kind.institutions->mark,
                        "institutions.review names " + in_quotes(kind.institutions->review) +
                            ", which is no application of this workflow with effect "
                            "join_institution");
        }
      }
    }
    top.finish();
    if (reader_.error_count() != errors_before) {
      return std::nullopt;
    }
    return out;
  }

 private:
  std::vector<std::string> dates(MappingReader& top, std::string_view key, bool weekend) {
    std::vector<std::string> out;
    const auto* items = top.list(key, Presence::optional);
    if (items == nullptr) {
      return out;
    }
    for (std::size_t i = 0; i < items->size(); ++i) {
      const YamlNode& node = (*items)[i];
      const std::string path = top.path_of(item_path(key, i));
      if (!reader_.expect_kind(node, YamlNode::Kind::scalar, path, "a date like \"2026-10-01\"")) {
        continue;
      }
      const auto date = forms::CivilDate::parse(node.text);
      if (!date) {
        reader_.error(node.mark, in_quotes(path) +
                                     " must be a date like \"2026-10-01\", but it is " +
                                     in_quotes(node.text));
        continue;
      }
      const unsigned wd = weekday_of(*date);
      const bool is_weekend = wd == 0 || wd == 6;
      if (is_weekend != weekend) {
        reader_.error(node.mark,
                      node.text + " is a " + std::string(kWeekdays[wd]) +
                          (weekend ? ": working_weekends lists Saturdays and Sundays only"
                                   : ": holidays lists weekdays only (weekends are days off)"));
        continue;
      }
      if (std::find(out.begin(), out.end(), node.text) != out.end()) {
        reader_.error(node.mark, node.text + " is listed twice");
        continue;
      }
      out.push_back(node.text);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  MemberNumberFormat member_numbers(MappingReader& m) {
    static const std::regex kCode("[A-Z0-9]{0,8}");
    MemberNumberFormat out;
    for (auto [key, target] : {std::pair{"prefix", &out.prefix}, std::pair{"code", &out.code}}) {
      if (auto text = m.text(key, Presence::optional)) {
        if (std::regex_match(*text, kCode)) {
          *target = *text;
        } else {
          reader_.error(m.entry(key)->value.mark,
                        in_quotes(m.path_of(key)) +
                            " has up to 8 capital letters and digits, but it is " +
                            in_quotes(*text));
        }
      }
    }
    if (auto digits = m.integer("digits", Presence::optional)) {
      if (*digits < 3 || *digits > 9) {
        reader_.error(m.entry("digits")->value.mark,
                      in_quotes(m.path_of("digits")) + " must be between 3 and 9");
      } else {
        out.digits = static_cast<int>(*digits);
      }
    }
    m.finish();
    return out;
  }

  const forms::FormDefinition* own_form(const std::string& key) const {
    for (const auto& form : forms_) {
      if (form->key == key) {
        return form.get();
      }
    }
    return nullptr;
  }

  // `form` is null when the kind's form is not in this file: the loader checks it then.
  void check_field(const forms::FormDefinition* form, const std::string& field,
                   const SourceMark& mark, std::string_view what) {
    if (form == nullptr) {
      return;
    }
    if (auto message = unknown_field_message(*form, field, what)) {
      reader_.error(mark, std::move(*message));
    }
  }

  // A choice field (checkbox, multiple select, radio, select) names its chosen options; a yes/no
  // field (a checkbox without options) names the one institution written beside it.
  std::optional<InstitutionsRule> institutions(MappingReader& m,
                                               const forms::FormDefinition* form) {
    InstitutionsRule rule;
    rule.mark = m.mark();
    if (auto review = m.text("review", Presence::required)) {
      rule.review = *review;
      rule.mark = m.entry("review")->value.mark;
    }
    if (const auto* fields = m.list("fields", Presence::required)) {
      for (std::size_t i = 0; i < fields->size(); ++i) {
        const YamlNode& item = (*fields)[i];
        InstitutionField entry;
        entry.mark = item.mark;
        if (item.kind == YamlNode::Kind::scalar) {
          entry.field = item.text;
        } else {
          MappingReader f(item, reader_, m.path_of(item_path("fields", i)));
          if (!f.ok()) {
            continue;
          }
          entry.field = f.text("field", Presence::required).value_or("");
          entry.institution = f.text("institution", Presence::required).value_or("");
          f.finish();
        }
        if (form != nullptr && !entry.field.empty()) {
          if (auto unknown = unknown_field_message(*form, entry.field, "institutions")) {
            reader_.error(entry.mark, std::move(*unknown));
          } else if (const forms::Field* f = form->find(entry.field);
                     (f->options.empty() && !f->dictionary) == entry.institution.empty()) {
            reader_.error(entry.mark,
                          entry.institution.empty()
                              ? "institutions names " + in_quotes(entry.field) +
                                    ", a field without options: write {field: " + entry.field +
                                    ", institution: <slug>}"
                              : "institutions gives " + in_quotes(entry.field) +
                                    " an institution, but its chosen options name them");
          }
        }
        rule.fields.push_back(std::move(entry));
      }
    }
    m.finish();
    return rule;
  }

  std::optional<ApplicationKind> read_kind(const YamlNode& node, const std::string& path) {
    if (!reader_.expect_kind(node, YamlNode::Kind::mapping, path, "a mapping")) {
      return std::nullopt;
    }
    MappingReader m(node, reader_, path);
    ApplicationKind kind;
    kind.mark = node.mark;
    static const std::regex kKey("[a-z][a-z0-9_]{0,63}");
    if (auto key = m.text("key", Presence::required)) {
      if (!std::regex_match(*key, kKey)) {
        reader_.error(m.entry("key")->value.mark,
                      "bad application key " + in_quotes(*key) +
                          ": lower-case letters, digits and \"_\", starting with a letter");
      }
      kind.key = *key;
    }
    if (auto title = m.localized("title", Presence::required)) {
      kind.title = *title;
    }
    const forms::FormDefinition* form = nullptr;
    if (auto form_key = m.text("form", Presence::required)) {
      kind.form = *form_key;
      form = own_form(*form_key);
    }
    if (auto effect = m.one_of("effect", Presence::required, kEffects)) {
      kind.effect = *effect == "create_membership"     ? ApprovalEffect::create_membership
                    : *effect == "change_member_type"  ? ApprovalEffect::change_member_type
                    : *effect == "join_institution"    ? ApprovalEffect::join_institution
                    : *effect == "activate_membership" ? ApprovalEffect::activate_membership
                                                       : ApprovalEffect::apply_profile_changes;
    }
    if (const auto* steps = m.list("steps", Presence::required)) {
      std::map<std::string, int> lines;
      for (std::size_t i = 0; i < steps->size(); ++i) {
        auto step = read_step((*steps)[i], m.path_of(item_path("steps", i)), form);
        if (!step) {
          continue;
        }
        if (auto [it, inserted] = lines.emplace(step->key, step->mark.line); !inserted) {
          reader_.error(step->mark, "step " + in_quotes(step->key) +
                                        " is defined twice (first on line " +
                                        std::to_string(it->second) + ")");
          continue;
        }
        kind.steps.push_back(std::move(*step));
      }
      if (steps->empty()) {
        reader_.error(m.entry("steps")->value.mark, "an application needs at least one step");
      }
    }
    if (const auto* fields = m.list("auto_approve_fields", Presence::optional)) {
      if (kind.effect != ApprovalEffect::apply_profile_changes) {
        reader_.error(m.entry("auto_approve_fields")->key_mark,
                      in_quotes(m.path_of("auto_approve_fields")) +
                          " applies only to effect apply_profile_changes");
      }
      for (const auto& item : *fields) {
        if (reader_.expect_kind(item, YamlNode::Kind::scalar, m.path_of("auto_approve_fields"),
                                "a field key")) {
          if (form != nullptr) {
            if (auto message = auto_approve_message(*form, item.text)) {
              reader_.error(item.mark, std::move(*message));
            }
          }
          kind.auto_approve_fields.push_back(item.text);
        }
      }
    }
    if (auto rule = m.mapping("institutions", Presence::optional)) {
      if (kind.effect != ApprovalEffect::create_membership) {
        reader_.error(
            m.entry("institutions")->key_mark,
            in_quotes(m.path_of("institutions")) + " applies only to effect create_membership");
      }
      kind.institutions = institutions(*rule, form);
    }
    if (auto stamp = m.text("stamp", Presence::optional)) {
      kind.stamp = *stamp;
      kind.stamp_mark = m.entry("stamp")->value.mark;
      if (kind.effect != ApprovalEffect::create_membership &&
          kind.effect != ApprovalEffect::change_member_type &&
          kind.effect != ApprovalEffect::activate_membership) {
        reader_.error(m.entry("stamp")->key_mark,
                      in_quotes(m.path_of("stamp")) +
                          " applies only to effects create_membership, change_member_type and "
                          "activate_membership");
      } else if (form != nullptr) {
        if (auto message = stamp_message(*form, *stamp)) {
          reader_.error(kind.stamp_mark, std::move(*message));
        }
      }
    }
    if (const auto* formats = m.list("print", Presence::optional)) {
      kind.print.clear();
      for (const auto& item : *formats) {
        if (!reader_.expect_kind(item, YamlNode::Kind::scalar, m.path_of("print"),
                                 "a format: pdf or xlsx")) {
          continue;
        }
        if (item.text != "pdf" && item.text != "xlsx") {
          reader_.error(item.mark, "unknown print format " + in_quotes(item.text) +
                                       "; write pdf, xlsx or both");
        } else if (std::find(kind.print.begin(), kind.print.end(), item.text) != kind.print.end()) {
          reader_.error(item.mark, "print format " + in_quotes(item.text) + " is listed twice");
        } else {
          kind.print.push_back(item.text);
        }
      }
    }
    m.finish();
    return kind;
  }

  std::optional<ReviewStep> read_step(const YamlNode& node, const std::string& path,
                                      const forms::FormDefinition* form) {
    if (!reader_.expect_kind(node, YamlNode::Kind::mapping, path, "a mapping")) {
      return std::nullopt;
    }
    MappingReader m(node, reader_, path);
    ReviewStep step;
    step.mark = node.mark;
    if (auto key = m.text("key", Presence::required)) {
      step.key = *key;
    }
    if (auto title = m.localized("title", Presence::required)) {
      step.title = *title;
    }
    if (const YamlNode* reviewer = m.value("reviewer", Presence::required)) {
      if (reviewer->kind == YamlNode::Kind::mapping) {
        MappingReader named(*reviewer, reader_, m.path_of("reviewer"));
        if (auto field = named.text("named_by", Presence::required)) {
          step.reviewer = ReviewerKind::named;
          step.named_by = *field;
          if (form != nullptr) {
            if (auto message = named_by_message(*form, *field)) {
              reader_.error(named.entry("named_by")->value.mark, std::move(*message));
            }
          }
        }
        named.finish();
      } else if (auto word = reader_.one_of(*reviewer, m.path_of("reviewer"), kReviewers)) {
        step.reviewer = *word == "reviewer"       ? ReviewerKind::reviewer
                        : *word == "tenant_admin" ? ReviewerKind::tenant_admin
                                                  : ReviewerKind::parent_admin;
        if (step.reviewer == ReviewerKind::parent_admin && !has_parent_) {
          reader_.error(reviewer->mark,
                        "parent_admin needs a parent tenant, and this tenant has none");
        }
      }
    }
    if (const YamlNode* when = m.value("when", Presence::optional)) {
      step.when = forms::read_condition(*when, reader_, m.path_of("when"));
      if (step.when) {
        each_condition_field(*step.when, [&](const std::string& field, const SourceMark& mark) {
          check_field(form, field, mark, "the condition");
        });
      }
    }
    m.finish();
    return step;
  }

  core::YamlReader& reader_;
  const std::vector<std::shared_ptr<const forms::FormDefinition>>& forms_;
  bool has_parent_;
};

}  // namespace

std::optional<WorkflowConfig> read_workflow(
    const core::YamlNode& node, core::YamlReader& reader,
    const std::vector<std::shared_ptr<const forms::FormDefinition>>& own_forms, bool has_parent) {
  return WorkflowReader(reader, own_forms, has_parent).read(node);
}

std::string unknown_form_message(const ApplicationKind& kind,
                                 const std::vector<std::string>& known) {
  std::string message = "application " + in_quotes(kind.key) + " uses form " +
                        in_quotes(kind.form) + ", which neither this tenant nor its parents define";
  if (auto suggestion = core::closest_match(kind.form, known)) {
    message += " (did you mean " + in_quotes(*suggestion) + "?)";
  }
  return message;
}

std::vector<core::ConfigError> check_inherited_form_fields(const ApplicationKind& kind,
                                                           std::size_t index,
                                                           const forms::FormDefinition& form,
                                                           const core::SourceMap& marks) {
  // The kind was read without errors, so its steps and list items sit at the same places as in
  // the YAML, and the marks recorded for those paths are theirs.
  const std::string path = "workflow.applications." + std::to_string(index);
  std::vector<core::ConfigError> errors;
  const auto check = [&](const std::string& field, const SourceMark& mark, std::string_view what) {
    if (auto message = unknown_field_message(form, field, what)) {
      errors.push_back({mark, std::move(*message)});
    }
  };
  for (std::size_t i = 0; i < kind.steps.size(); ++i) {
    const ReviewStep& step = kind.steps[i];
    if (step.reviewer == ReviewerKind::named) {
      if (auto message = named_by_message(form, step.named_by)) {
        errors.push_back({marks.find(path + ".steps." + std::to_string(i) + ".reviewer.named_by"),
                          std::move(*message)});
      }
    }
    if (step.when) {
      each_condition_field(*step.when, [&](const std::string& field, const SourceMark& mark) {
        check(field, mark, "the condition");
      });
    }
  }
  if (kind.institutions) {
    for (const auto& entry : kind.institutions->fields) {
      check(entry.field, entry.mark, "institutions");
    }
  }
  if (!kind.stamp.empty()) {
    if (auto message = stamp_message(form, kind.stamp)) {
      errors.push_back({kind.stamp_mark, std::move(*message)});
    }
  }
  for (std::size_t i = 0; i < kind.auto_approve_fields.size(); ++i) {
    if (auto message = auto_approve_message(form, kind.auto_approve_fields[i])) {
      errors.push_back(
          {marks.find(path + ".auto_approve_fields." + std::to_string(i)), std::move(*message)});
    }
  }
  return errors;
}

const ApplicationKind* WorkflowConfig::find(std::string_view key) const {
  for (const auto& kind : applications) {
    if (kind.key == key) {
      return &kind;
    }
  }
  return nullptr;
}

}  // namespace guildhall::tenancy
