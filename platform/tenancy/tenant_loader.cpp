#include "tenancy/tenant_loader.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <system_error>
#include <utility>

#include "core/closest_match.hpp"
#include "core/yaml_reader.hpp"
#include "documents/svg_template.hpp"
#include "tenancy/tenant_parser.hpp"
#include "tenancy/workflow_reader.hpp"

namespace guildhall::tenancy {

using core::closest_match;
using core::in_quotes;
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kFileName = "tenant.yaml";
// A tenant file is a page or two; anything far larger is a mistake (a wrong path, a data dump).
constexpr std::uintmax_t kMaxFileBytes = 1024 * 1024;

struct Loaded {
  ParsedTenant parsed;
  fs::path path;
  bool read_cleanly = true;  // no errors in the file itself, before the checks across files
};

class Loader {
 public:
  explicit Loader(const TenantCheckContext& context) : context_(context) {}

  void add_path(const fs::path& path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      file_error(path, "no such file or folder");
    } else if (fs::is_directory(status)) {
      add_folder(path);
    } else {
      add_file(path);
    }
  }

  TenantLoadResult finish() {
    check_across_files();
    TenantLoadResult result;
    for (auto& loaded : loaded_) {
      std::stable_sort(loaded.parsed.errors.begin(), loaded.parsed.errors.end(),
                       [](const ConfigError& a, const ConfigError& b) {
                         return std::pair(a.mark.line, a.mark.column) <
                                std::pair(b.mark.line, b.mark.column);
                       });
      for (auto& e : loaded.parsed.errors) {
        result.errors.push_back(std::move(e));
      }
    }
    result.tenants = std::move(valid_);
    std::vector<ConfigError> errors = std::move(file_errors_);
    errors.insert(errors.end(), std::make_move_iterator(result.errors.begin()),
                  std::make_move_iterator(result.errors.end()));
    result.errors = std::move(errors);
    return result;
  }

 private:
  void file_error(const fs::path& path, std::string message) {
    file_errors_.push_back({{path.generic_string(), 0, 0}, std::move(message)});
  }

  void add_folder(const fs::path& folder) {
    if (fs::is_regular_file(folder / kFileName)) {
      add_file(folder / kFileName);
      return;
    }
    std::vector<fs::path> children;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      if (entry.is_directory()) {
        children.push_back(entry.path());
      }
    }
    if (ec) {
      file_error(folder, "cannot list this folder: " + ec.message());
      return;
    }
    std::sort(children.begin(), children.end());
    if (children.empty()) {
      file_error(folder, "no tenant.yaml here and no tenant folders (<slug>/tenant.yaml) inside");
      return;
    }
    for (const auto& child : children) {
      if (fs::is_regular_file(child / kFileName)) {
        add_file(child / kFileName);
      } else if (fs::exists(child / "tenant.yml")) {
        file_error(child / "tenant.yml", "rename this file to tenant.yaml");
      } else {
        file_error(child, "this tenant folder has no tenant.yaml");
      }
    }
  }

  void add_file(const fs::path& path) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(path, ec);
    if (std::find(seen_.begin(), seen_.end(), canonical) != seen_.end()) {
      return;
    }
    seen_.push_back(canonical);
    const auto size = fs::file_size(path, ec);
    if (ec) {
      file_error(path, "cannot read this file: " + ec.message());
      return;
    }
    if (size > kMaxFileBytes) {
      file_error(path, "this file is larger than 1 MiB; a tenant.yaml is a page or two");
      return;
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) {
      file_error(path, "cannot read this file");
      return;
    }
    ParsedTenant parsed = parse_tenant(text.str(), path.generic_string());
    const bool clean = parsed.errors.empty();
    loaded_.push_back({std::move(parsed), path, clean});
  }

  void error(Loaded& loaded, std::string_view mark_path, std::string message) {
    loaded.parsed.errors.push_back(
        {loaded.parsed.config.marks.find(mark_path), std::move(message)});
  }

  void check_across_files() {
    std::map<std::string, Loaded*> by_slug;
    std::map<std::string, std::string> host_owner;
    for (auto& loaded : loaded_) {
      TenantConfig& config = loaded.parsed.config;
      if (config.slug.empty()) {
        continue;
      }
      check_folder_name(loaded);
      if (auto [it, inserted] = by_slug.emplace(config.slug, &loaded); !inserted) {
        const SourceMark first = it->second->parsed.config.marks.find("slug");
        error(loaded, "slug",
              "slug " + in_quotes(config.slug) + " is already used by " + first.file + ":" +
                  std::to_string(first.line));
        duplicates_.push_back(&loaded);
        continue;
      }
      for (std::size_t i = 0; i < config.hosts.size(); ++i) {
        const auto [it, inserted] = host_owner.emplace(config.hosts[i], config.slug);
        if (!inserted) {
          error(loaded, "hosts." + std::to_string(i),
                "host " + in_quotes(config.hosts[i]) + " is already used by tenant " +
                    in_quotes(it->second));
        }
      }
      check_references(loaded);
    }
    std::vector<std::string> known(context_.existing_slugs.begin(), context_.existing_slugs.end());
    for (const auto& [slug, loaded] : by_slug) {
      known.push_back(slug);
    }
    for (auto& [slug, loaded] : by_slug) {
      check_parent(*loaded, by_slug, known);
      check_workflow_forms(*loaded, by_slug);
    }
    select_valid(by_slug);
  }

  // A kind's form may come from an ancestor, whose fields the parser could not check. Ancestors
  // only in the database are not known here, and an ancestor that could not be read may have lost
  // forms to its errors: a chain through either is given the benefit of the doubt.
  void check_workflow_forms(Loaded& loaded, const std::map<std::string, Loaded*>& by_slug) {
    const TenantConfig& config = loaded.parsed.config;
    if (!config.workflow) {
      return;
    }
    const auto& kinds = config.workflow->applications;
    for (std::size_t i = 0; i < kinds.size(); ++i) {
      const ApplicationKind& kind = kinds[i];
      const TenantConfig* current = &config;
      const forms::FormDefinition* form = nullptr;
      bool unknown_ancestor = false;
      std::vector<std::string> known;
      for (std::size_t depth = 0; current != nullptr && depth <= by_slug.size(); ++depth) {
        form = current->find_form(kind.form);
        if (form != nullptr) {
          break;
        }
        for (const auto& f : current->forms) {
          known.push_back(f->key);
        }
        if (current->parent.empty()) {
          break;
        }
        const auto it = by_slug.find(current->parent);
        if (it == by_slug.end() || !it->second->read_cleanly) {
          unknown_ancestor = true;
          break;
        }
        current = &it->second->parsed.config;
      }
      const std::string form_path = "workflow.applications." + std::to_string(i) + ".form";
      if (form == nullptr && !unknown_ancestor) {
        error(loaded, form_path, unknown_form_message(kind, known));
      } else if (form != nullptr && current != &config) {
        for (auto& e : check_inherited_form_fields(kind, i, *form, config.marks)) {
          loaded.parsed.errors.push_back(std::move(e));
        }
      }
    }
  }

  void check_folder_name(Loaded& loaded) {
    if (loaded.path.filename() != kFileName) {
      return;
    }
    const std::string folder = fs::absolute(loaded.path).parent_path().filename().string();
    const std::string& slug = loaded.parsed.config.slug;
    if (folder != slug) {
      error(loaded, "slug",
            "slug " + in_quotes(slug) + " does not match its folder name " + in_quotes(folder) +
                "; rename the folder or change the slug");
    }
  }

  void check_references(Loaded& loaded) {
    const TenantConfig& config = loaded.parsed.config;
    if (!config.certificate_template.empty() && !context_.templates_root.empty()) {
      std::error_code ec;
      if (!fs::is_regular_file(context_.templates_root / config.certificate_template, ec)) {
        error(loaded, "certificate_template",
              "certificate template " + in_quotes(config.certificate_template) +
                  " does not exist in the templates folder");
      } else {
        check_certificate_template(loaded);
      }
    }
    if (config.plugin && !config.plugin->name.empty() && context_.plugin_exists &&
        !context_.plugin_exists(config.plugin->name)) {
      error(loaded, "plugin.name",
            "plugin " + in_quotes(config.plugin->name) + " is not installed on this server");
    }
  }

  // Every placeholder of the template must be one the certificates module fills, and every
  // printed field a field of the tenant's profile form (when the tenant has its own).
  void check_certificate_template(Loaded& loaded) {
    const TenantConfig& config = loaded.parsed.config;
    const fs::path path = context_.templates_root / config.certificate_template;
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    std::set<std::string> known(certificate_placeholders().begin(),
                                certificate_placeholders().end());
    const forms::FormDefinition* profile = config.find_form("profile");
    for (const auto& key : config.certificate_fields) {
      const forms::Field* field = profile != nullptr ? profile->find(key) : nullptr;
      if (profile != nullptr && field == nullptr) {
        error(loaded, "certificate_fields",
              "certificate field " + in_quotes(key) + " is not a field of the profile form");
      }
      // Without its own profile form the tenant inherits one; the field may be the photo.
      if (field == nullptr || field->type != forms::FieldType::upload) {
        known.insert(key);
      }
      if (field == nullptr || field->type == forms::FieldType::upload) {
        known.insert(key + "_href");
      }
    }
    try {
      const auto svg = documents::SvgTemplate::parse(text.str(), config.certificate_template);
      std::string unknown;
      for (const auto& name : svg.placeholders()) {
        if (!known.contains(name)) {
          unknown += (unknown.empty() ? "{{" : ", {{") + name + "}}";
        }
      }
      if (!unknown.empty()) {
        error(loaded, "certificate_template",
              "certificate template " + in_quotes(config.certificate_template) + " uses " +
                  unknown +
                  ": add the profile fields to certificate_fields, or take them out of the "
                  "template");
      }
    } catch (const std::invalid_argument& e) {
      error(loaded, "certificate_template", e.what());
    }
  }

  void check_parent(Loaded& loaded, const std::map<std::string, Loaded*>& by_slug,
                    const std::vector<std::string>& known) {
    const TenantConfig& config = loaded.parsed.config;
    if (config.parent.empty()) {
      return;
    }
    if (!by_slug.contains(config.parent) && !context_.existing_slugs.contains(config.parent)) {
      std::string message = "parent " + in_quotes(config.parent) + " does not exist";
      if (auto suggestion = closest_match(config.parent, known)) {
        message += " (did you mean " + in_quotes(*suggestion) + "?)";
      }
      error(loaded, "parent", message + "; load the parent tenant first or fix the slug");
      return;
    }
    // Walk up; a chain that comes back to this tenant is a cycle it is part of. Chains that loop
    // above it are reported by the tenants on that loop.
    std::vector<std::string> chain{config.slug};
    std::string current = config.parent;
    while (chain.size() <= by_slug.size()) {
      chain.push_back(current);
      if (current == config.slug) {
        std::string path;
        for (const auto& s : chain) {
          path += (path.empty() ? "" : " -> ") + s;
        }
        error(loaded, "parent",
              "parent " + in_quotes(config.parent) + " makes a cycle (" + path +
                  "); the top tenant of a realm has no parent");
        return;
      }
      auto it = by_slug.find(current);
      if (it == by_slug.end() || it->second->parsed.config.parent.empty()) {
        return;
      }
      current = it->second->parsed.config.parent;
    }
  }

  // Keeps the tenants with no errors whose ancestors are kept too (or known already), parents
  // first.
  void select_valid(const std::map<std::string, Loaded*>& by_slug) {
    std::set<std::string> kept;
    bool progress = true;
    while (progress) {
      progress = false;
      for (const auto& loaded : loaded_) {
        const TenantConfig& config = loaded.parsed.config;
        if (!loaded.parsed.errors.empty() || kept.contains(config.slug) ||
            std::find(duplicates_.begin(), duplicates_.end(), &loaded) != duplicates_.end()) {
          continue;
        }
        const bool parent_ok =
            config.parent.empty() || kept.contains(config.parent) ||
            (!by_slug.contains(config.parent) && context_.existing_slugs.contains(config.parent));
        if (parent_ok) {
          kept.insert(config.slug);
          valid_.push_back(std::make_shared<const TenantConfig>(config));
          progress = true;
        }
      }
    }
  }

  const TenantCheckContext& context_;
  std::vector<Loaded> loaded_;
  std::vector<fs::path> seen_;
  std::vector<const Loaded*> duplicates_;
  std::vector<ConfigError> file_errors_;
  std::vector<std::shared_ptr<const TenantConfig>> valid_;
};

}  // namespace

TenantLoadResult load_tenants(const std::vector<std::filesystem::path>& paths,
                              const TenantCheckContext& context) {
  Loader loader(context);
  for (const auto& path : paths) {
    loader.add_path(path);
  }
  return loader.finish();
}

std::map<std::string, std::string> compute_realms(
    const std::vector<std::shared_ptr<const TenantConfig>>& tenants) {
  std::map<std::string, const TenantConfig*> by_slug;
  for (const auto& t : tenants) {
    by_slug.emplace(t->slug, t.get());
  }
  std::map<std::string, std::string> realms;
  for (const auto& t : tenants) {
    const TenantConfig* current = t.get();
    std::size_t steps = 0;
    while (current != nullptr && !current->parent.empty() && steps <= by_slug.size()) {
      auto it = by_slug.find(current->parent);
      current = it == by_slug.end() ? nullptr : it->second;
      ++steps;
    }
    if (current != nullptr && current->parent.empty()) {
      realms.emplace(t->slug, current->slug);
    }
  }
  return realms;
}

}  // namespace guildhall::tenancy
