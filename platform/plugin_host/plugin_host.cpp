#include "plugin_host/plugin_host.hpp"

#include <algorithm>
#include <system_error>
#include <utility>

#include "plugin_host/guarded_call.hpp"
#include "plugin_host/loaded_library.hpp"
#include "plugin_host/manifest_check.hpp"

namespace guildhall::plugin_host {
namespace {

// Plugin names come from tenant YAML and become file names: no separators, no "..".
bool is_valid_plugin_name(std::string_view name) {
  if (name.empty() || name.size() > 64) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string joined;
  for (const std::string& part : parts) {
    if (!joined.empty()) {
      joined += separator;
    }
    joined += part;
  }
  return joined;
}

void require_compatible(const LoadedLibrary& library) {
  const std::vector<std::string> problems =
      find_incompatibilities(library.manifest(), HostAbi::current());
  if (!problems.empty()) {
    throw PluginLoadError(library.file(), "refused: " + join(problems, "; "));
  }
}

}  // namespace

PluginHost::PluginHost(std::vector<std::filesystem::path> search_dirs)
    : search_dirs_(std::move(search_dirs)) {}

PluginHost::~PluginHost() = default;

bool PluginHost::exists(std::string_view name) const {
  return find(name).has_value();
}

std::optional<std::filesystem::path> PluginHost::find(std::string_view name) const {
  if (!is_valid_plugin_name(name)) {
    return std::nullopt;
  }
  for (const std::filesystem::path& dir : search_dirs_) {
    std::filesystem::path candidate = dir / (std::string(name) + ".so");
    std::error_code error;
    if (std::filesystem::is_regular_file(candidate, error)) {
      return candidate;
    }
  }
  return std::nullopt;
}

std::shared_ptr<GuardedPlugin> PluginHost::instantiate(std::string_view plugin_name,
                                                       std::string_view tenant_slug) {
  const std::string name(plugin_name);
  if (!is_valid_plugin_name(name)) {
    throw PluginLoadError(name, "invalid plugin name: use lower-case letters, digits, '_' and '-'");
  }
  const std::optional<std::filesystem::path> file = find(name);
  if (!file) {
    std::vector<std::string> dirs;
    for (const std::filesystem::path& dir : search_dirs_) {
      dirs.push_back(dir.string());
    }
    throw PluginLoadError(name + ".so",
                          "plugin '" + name + "' not found; searched: " +
                              (dirs.empty() ? std::string("(no folders)") : join(dirs, ", ")));
  }
  std::shared_ptr<LoadedLibrary> library = load(*file);
  if (library->manifest().plugin_name != name) {
    throw PluginLoadError(*file, "refused: the manifest declares plugin '" +
                                     library->manifest().plugin_name +
                                     "', but the file is installed as '" + name + ".so'");
  }
  return make_instance(std::move(library), Attribution{std::string(tenant_slug), name});
}

std::shared_ptr<LoadedLibrary> PluginHost::load(const std::filesystem::path& file) {
  std::error_code error;
  std::filesystem::path key = std::filesystem::weakly_canonical(file, error);
  if (error) {
    key = std::filesystem::absolute(file);
  }
  std::lock_guard lock(mutex_);
  if (auto it = libraries_.find(key); it != libraries_.end()) {
    if (std::shared_ptr<LoadedLibrary> cached = it->second.lock()) {
      return cached;
    }
  }
  std::shared_ptr<LoadedLibrary> library = LoadedLibrary::open(file);
  require_compatible(*library);
  std::erase_if(libraries_, [](const auto& entry) { return entry.second.expired(); });
  libraries_[key] = library;
  return library;
}

std::shared_ptr<GuardedPlugin> PluginHost::make_instance(std::shared_ptr<LoadedLibrary> library,
                                                         Attribution who) {
  const LoadedLibrary::CreateFn create = library->create_function();
  const LoadedLibrary::DestroyFn destroy = library->destroy_function();
  sdk::Plugin* raw = call_guarded(who, "create", [&] { return create(); });
  if (raw == nullptr) {
    throw PluginFailure(who.tenant, who.plugin, "create", "the factory returned no object");
  }
  // From here on the object owns a share of its library, whoever ends up holding it.
  GuardedPlugin::PluginPtr plugin(raw,
                                  GuardedPlugin::LibraryBoundDeleter{std::move(library), destroy});
  sdk::PluginInfo info = call_guarded(who, "describe", [&] { return plugin->describe(); });
  const std::uint32_t minor = plugin.get_deleter().library->manifest().abi_minor;
  return std::shared_ptr<GuardedPlugin>(
      new GuardedPlugin(std::move(who), std::move(plugin), std::move(info), minor));
}

InspectResult PluginHost::inspect(const std::filesystem::path& file) {
  InspectResult result;
  result.file = file;
  try {
    std::shared_ptr<LoadedLibrary> library = LoadedLibrary::open(file);
    result.manifest = library->manifest();
    require_compatible(*library);
    Attribution who{"(inspect)", library->manifest().plugin_name};
    std::shared_ptr<GuardedPlugin> instance = make_instance(std::move(library), std::move(who));
    result.info = instance->info();
  } catch (const PluginLoadError& error) {
    result.error = error.reason();
  } catch (const PluginError& error) {
    result.error = error.what();
  }
  return result;
}

}  // namespace guildhall::plugin_host
