#include "tenancy/tenant_parser.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <memory>
#include <regex>
#include <utility>

#include "core/closest_match.hpp"
#include "core/mapping_reader.hpp"
#include "core/yaml_node.hpp"
#include "core/yaml_reader.hpp"
#include "core/yaml_value.hpp"
#include "forms/form_reader.hpp"
#include "tenancy/tenant_loader.hpp"
#include "tenancy/workflow_reader.hpp"

namespace guildhall::tenancy {

using core::in_quotes;
using core::MappingReader;
using core::parse_yaml;
using core::Presence;
using core::YamlDocument;
using core::YamlNode;
using core::YamlReader;
namespace {

constexpr std::string_view kLocales[] = {"zh-CN", "en"};

std::string item_path(std::string_view list, std::size_t index) {
  return std::string(list) + "[" + std::to_string(index + 1) + "]";
}

class TenantParser {
 public:
  explicit TenantParser(std::vector<ConfigError>& errors) : reader_(errors) {}

  void parse(const YamlNode& root, TenantConfig& out) {
    MappingReader top(root, reader_, "");
    if (!top.ok()) {
      return;
    }
    if (auto slug = top.text("slug", Presence::required)) {
      out.slug = *slug;
      check_slug(*slug, top.entry("slug")->value.mark, "slug");
    }
    if (auto parent = top.text("parent", Presence::optional);
        parent && check_slug(*parent, top.entry("parent")->value.mark, "parent")) {
      out.parent = *parent;
    }
    if (auto kind = top.one_of("kind", Presence::required, tenant_kind_names())) {
      out.kind = *parse_tenant_kind(*kind);
    }
    if (auto name = top.localized("name", Presence::required)) {
      out.name = *name;
    }
    if (auto short_name = top.localized("short_name", Presence::optional)) {
      out.short_name = *short_name;
    } else {
      out.short_name = out.name;
    }
    read_hosts(top, out);
    if (auto locale = top.one_of("default_locale", Presence::optional, kLocales)) {
      out.default_locale = *locale;
    }
    read_branding(top, out.branding);
    read_member_types(top, out.member_types);
    read_plugin(top, out);
    if (auto path = top.text("certificate_template", Presence::optional)) {
      if (check_template_path(*path, top.entry("certificate_template")->value.mark)) {
        out.certificate_template = *path;
      }
    }
    read_certificate_fields(top, out);
    if (auto dues = top.boolean("certificate_requires_paid_dues", Presence::optional)) {
      out.certificate_requires_paid_dues = *dues;
    }
    read_contact(top, out.contact);
    read_dictionaries(top, out.dictionaries);
    read_forms(top, out);
    if (const YamlNode* workflow = top.value("workflow", Presence::optional)) {
      out.workflow = read_workflow(*workflow, reader_, out.forms, !out.parent.empty());
    }
    top.finish();
  }

 private:
  bool check_slug(const std::string& slug, const SourceMark& mark, std::string_view what) {
    static const std::regex kSlug("[a-z][a-z0-9-]{1,62}");
    if (std::regex_match(slug, kSlug)) {
      return true;
    }
    reader_.error(mark, "bad " + std::string(what) + " " + in_quotes(slug) +
                            ": a slug has 2 to 63 characters, lower-case letters, digits and "
                            "\"-\", and starts with a letter");
    return false;
  }

  void read_certificate_fields(MappingReader& top, TenantConfig& out) {
    const auto* items = top.list("certificate_fields", Presence::optional);
    if (items == nullptr) {
      return;
    }
    static const std::regex kKey("[a-z][a-z0-9_]{0,63}");
    for (std::size_t i = 0; i < items->size(); ++i) {
      const YamlNode& node = (*items)[i];
      auto key = reader_.text(node, item_path("certificate_fields", i));
      if (!key) {
        continue;
      }
      if (!std::regex_match(*key, kKey)) {
        reader_.error(node.mark, "bad field key " + in_quotes(*key) +
                                     ": name a field of the profile form, e.g. \"title\"");
      } else if (std::find(out.certificate_fields.begin(), out.certificate_fields.end(), *key) !=
                 out.certificate_fields.end()) {
        reader_.error(node.mark, "field " + in_quotes(*key) + " is listed twice");
      } else {
        out.certificate_fields.push_back(*key);
      }
    }
  }

  void read_hosts(MappingReader& top, TenantConfig& out) {
    const auto* hosts = top.list("hosts", Presence::optional);
    if (hosts == nullptr) {
      return;
    }
    static const std::regex kHost(
        "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    for (std::size_t i = 0; i < hosts->size(); ++i) {
      const YamlNode& node = (*hosts)[i];
      auto host = reader_.text(node, item_path("hosts", i));
      if (!host) {
        continue;
      }
      std::string lower = *host;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (lower.size() > 253 || !std::regex_match(lower, kHost)) {
        reader_.error(node.mark, "bad host name " + in_quotes(*host) +
                                     ": write a domain name without scheme, port or path, e.g. "
                                     "\"med.example.org\"");
      } else if (std::find(out.hosts.begin(), out.hosts.end(), lower) != out.hosts.end()) {
        reader_.error(node.mark, "host " + in_quotes(lower) + " is listed twice");
      } else {
        out.hosts.push_back(lower);
      }
    }
  }

  std::optional<std::string> color(MappingReader& parent, std::string_view key, Presence presence) {
    auto text = parent.text(key, presence);
    if (!text) {
      return std::nullopt;
    }
    static const std::regex kColor("#[0-9A-Fa-f]{6}");
    if (!std::regex_match(*text, kColor)) {
      reader_.error(parent.entry(key)->value.mark,
                    "bad colour " + in_quotes(*text) + " for " + in_quotes(parent.path_of(key)) +
                        ": write # and six hexadecimal digits, e.g. \"#1A5FB4\"");
      return std::nullopt;
    }
    std::transform(text->begin(), text->end(), text->begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
  }

  void read_branding(MappingReader& top, Branding& out) {
    auto branding = top.mapping("branding", Presence::required);
    if (!branding) {
      return;
    }
    if (auto primary = color(*branding, "primary_color", Presence::required)) {
      out.primary_color = *primary;
    }
    out.accent_color = color(*branding, "accent_color", Presence::optional);
    if (auto logo = branding->text("logo_text", Presence::required)) {
      out.logo_text = *logo;
    }
    branding->finish();
  }

  void read_member_types(MappingReader& top, std::vector<MemberType>& out) {
    const auto* items = top.list("member_types", Presence::optional);
    if (items == nullptr) {
      return;
    }
    static const std::regex kKey("[a-z][a-z0-9_]{0,39}");
    std::map<std::string, int> first_line;
    for (std::size_t i = 0; i < items->size(); ++i) {
      const std::string path = item_path("member_types", i);
      const YamlNode& node = (*items)[i];
      if (!reader_.expect_kind(node, YamlNode::Kind::mapping, path, "a mapping")) {
        continue;
      }
      MappingReader item(node, reader_, path);
      MemberType type;
      if (auto key = item.text("key", Presence::required)) {
        const SourceMark& mark = item.entry("key")->value.mark;
        type.key = *key;
        if (!std::regex_match(*key, kKey)) {
          reader_.error(mark, "bad member type key " + in_quotes(*key) +
                                  ": use lower-case letters, digits and \"_\", starting with a "
                                  "letter, e.g. \"professional\"");
        } else if (auto seen = first_line.find(*key); seen != first_line.end()) {
          reader_.error(mark, "member type " + in_quotes(*key) +
                                  " is defined twice (first on line " +
                                  std::to_string(seen->second) + ")");
        } else {
          first_line.emplace(*key, mark.line);
        }
      }
      if (auto name = item.localized("name", Presence::required)) {
        type.name = *name;
      }
      if (auto description = item.localized("description", Presence::optional)) {
        type.description = *description;
      }
      item.finish();
      out.push_back(std::move(type));
    }
  }

  void read_dictionaries(MappingReader& top, forms::Dictionaries& out) {
    const YamlNode* node = top.value("dictionaries", Presence::optional);
    if (node == nullptr ||
        !reader_.expect_kind(*node, YamlNode::Kind::mapping, "dictionaries", "a mapping")) {
      return;
    }
    static const std::regex kName("[a-z][a-z0-9_]{0,63}");
    for (const auto& entry : node->entries) {
      if (!std::regex_match(entry.key, kName)) {
        reader_.error(entry.key_mark, "bad dictionary name " + in_quotes(entry.key) +
                                          ": use lower-case letters, digits and \"_\", e.g. "
                                          "\"titles\"");
        continue;
      }
      out[entry.key] = forms::read_options(entry.value, reader_, "dictionaries." + entry.key);
    }
  }

  void read_forms(MappingReader& top, TenantConfig& out) {
    const auto* items = top.list("forms", Presence::optional);
    if (items == nullptr) {
      return;
    }
    std::map<std::string, int> lines;
    for (std::size_t i = 0; i < items->size(); ++i) {
      auto form = forms::read_form((*items)[i], reader_, item_path("forms", i));
      if (!form) {
        continue;
      }
      const SourceMark mark = (*items)[i].mark;
      if (auto [it, inserted] = lines.emplace(form->key, mark.line); !inserted) {
        reader_.error(mark, "form " + in_quotes(form->key) + " is defined twice (first on line " +
                                std::to_string(it->second) + ")");
        continue;
      }
      check_dictionaries(*form, out.dictionaries);
      out.forms.push_back(std::make_shared<const forms::FormDefinition>(std::move(*form)));
    }
  }

  // A dictionary is looked up in the file that defines the form, so a form inherited by a child
  // tenant keeps its options.
  void check_dictionaries(const forms::FormDefinition& form, const forms::Dictionaries& known) {
    for (const auto& section : form.sections) {
      for (const auto& field : section.fields) {
        if (!field.dictionary || known.contains(*field.dictionary)) {
          continue;
        }
        std::vector<std::string> names;
        for (const auto& [name, options] : known) {
          names.push_back(name);
        }
        std::string message = "dictionary " + in_quotes(*field.dictionary) + " of field " +
                              in_quotes(field.key) +
                              " is not defined under \"dictionaries:\" in this file";
        if (auto suggestion = core::closest_match(*field.dictionary, names)) {
          message += " (did you mean " + in_quotes(*suggestion) + "?)";
        }
        reader_.error(field.mark, std::move(message));
      }
    }
    check_gender_fill(form, known);
  }

  // The form reader checks inline options; a dictionary's are only known here.
  void check_gender_fill(const forms::FormDefinition& form, const forms::Dictionaries& known) {
    for (const auto& section : form.sections) {
      for (const auto& field : section.fields) {
        if (!field.fills || !field.fills->gender) {
          continue;
        }
        const forms::Field* target = form.find(*field.fills->gender);
        if (target == nullptr || !target->dictionary) {
          continue;
        }
        const auto options = known.find(*target->dictionary);
        if (options == known.end()) {
          continue;
        }
        const auto has = [&options](std::string_view value) {
          return std::any_of(options->second.begin(), options->second.end(),
                             [value](const forms::Option& o) { return o.value == value; });
        };
        if (!has("male") || !has("female")) {
          reader_.error(field.fills->gender_mark,
                        "the gender is filled into " + in_quotes(target->key) +
                            ", whose dictionary " + in_quotes(*target->dictionary) +
                            " lacks the option \"male\" or \"female\"");
        }
      }
    }
  }

  void read_plugin(MappingReader& top, TenantConfig& out) {
    auto plugin = top.mapping("plugin", Presence::optional);
    if (!plugin) {
      return;
    }
    PluginUse use;
    if (auto name = plugin->text("name", Presence::required)) {
      use.name = *name;
      use.name_mark = plugin->entry("name")->value.mark;
      static const std::regex kName("[a-z][a-z0-9_-]{0,62}");
      if (!std::regex_match(*name, kName)) {
        reader_.error(use.name_mark, "bad plugin name " + in_quotes(*name) +
                                         ": use lower-case letters, digits, \"_\" and \"-\"");
      }
    }
    const YamlNode* config = plugin->value("config", Presence::optional);
    if (config != nullptr &&
        reader_.expect_kind(*config, YamlNode::Kind::mapping, "plugin.config", "a mapping")) {
      use.section = to_sdk_value(*config, use.marks);
    } else {
      use.section = sdk::Value(sdk::Value::Object{});
      use.marks.add("", plugin->mark());
    }
    plugin->finish();
    out.plugin = std::move(use);
  }

  bool check_template_path(const std::string& path, const SourceMark& mark) {
    const std::filesystem::path p(path);
    const bool escapes =
        std::any_of(p.begin(), p.end(), [](const auto& part) { return part == ".."; });
    if (path.empty() || p.is_absolute() || escapes || path.find('\\') != std::string::npos) {
      reader_.error(mark,
                    "certificate_template must be a path inside the templates folder, "
                    "e.g. \"certificates/member.svg\"");
    } else if (p.extension() != ".svg") {
      reader_.error(mark, "certificate_template must name an SVG file (ending in .svg)");
    } else {
      return true;
    }
    return false;
  }

  void read_contact(MappingReader& top, Contact& out) {
    auto contact = top.mapping("contact", Presence::optional);
    if (!contact) {
      return;
    }
    out.email = contact->text("email", Presence::optional);
    static const std::regex kEmail(R"([^@\s]+@[^@\s]+\.[^@\s]+)");
    if (out.email && !std::regex_match(*out.email, kEmail)) {
      reader_.error(contact->entry("email")->value.mark,
                    "bad e-mail address " + in_quotes(*out.email));
    }
    out.phone = contact->text("phone", Presence::optional);
    static const std::regex kPhone(R"([0-9+() -]{5,30})");
    if (out.phone && !std::regex_match(*out.phone, kPhone)) {
      reader_.error(contact->entry("phone")->value.mark,
                    "bad phone number " + in_quotes(*out.phone) +
                        ": use digits, spaces and + - ( ) only, e.g. \"010-6512 3456\"");
    }
    out.address = contact->text("address", Presence::optional);
    contact->finish();
  }

  YamlReader reader_;
};

}  // namespace

ParsedTenant parse_tenant(std::string_view yaml, const std::string& source_name) {
  ParsedTenant result;
  result.config.source_file = source_name;
  YamlDocument doc = parse_yaml(yaml, source_name);
  result.errors = std::move(doc.errors);
  if (!result.errors.empty() && doc.root.is_null()) {
    return result;
  }
  TenantParser parser(result.errors);
  parser.parse(doc.root, result.config);
  record_marks(doc.root, result.config.marks);
  std::stable_sort(
      result.errors.begin(), result.errors.end(), [](const ConfigError& a, const ConfigError& b) {
        return std::pair(a.mark.line, a.mark.column) < std::pair(b.mark.line, b.mark.column);
      });
  return result;
}

TenantParseResult parse_tenant_text(std::string_view yaml, std::string source_name) {
  ParsedTenant parsed = parse_tenant(yaml, source_name);
  TenantParseResult result;
  result.errors = std::move(parsed.errors);
  if (result.errors.empty()) {
    result.tenant = std::make_shared<const TenantConfig>(std::move(parsed.config));
  }
  return result;
}

}  // namespace guildhall::tenancy
