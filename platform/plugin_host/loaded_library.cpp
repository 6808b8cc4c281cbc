#include "plugin_host/loaded_library.hpp"

#include <dlfcn.h>

#include <boost/dll/shared_library.hpp>
#include <string>
#include <system_error>

#include "plugin_host/plugin_error.hpp"

namespace guildhall::plugin_host {

struct LoadedLibrary::Mapping {
  boost::dll::shared_library library;
};

namespace {

// Boost.DLL reduces dlopen's reason ("invalid ELF header", "undefined symbol: ...") to an error
// code; the administrator needs the reason itself, without the path that our message already
// starts with.
std::string last_dl_error(const std::filesystem::path& file) {
  const char* text = dlerror();
  if (text == nullptr) {
    return "unknown dlopen error";
  }
  std::string reason(text);
  const std::string prefix = file.string() + ": ";
  if (reason.starts_with(prefix)) {
    reason.erase(0, prefix.size());
  }
  return reason;
}

template <typename Signature>
Signature* find_symbol(const boost::dll::shared_library& library, const char* name) {
  if (!library.has(name)) {
    return nullptr;
  }
  return &library.get<Signature>(name);
}

}  // namespace

LoadedLibrary::LoadedLibrary(std::filesystem::path file, std::unique_ptr<Mapping> mapping,
                             ManifestSummary manifest)
    : file_(std::move(file)), mapping_(std::move(mapping)), manifest_(std::move(manifest)) {}

LoadedLibrary::~LoadedLibrary() = default;

std::shared_ptr<LoadedLibrary> LoadedLibrary::open(const std::filesystem::path& file) {
  std::error_code fs_error;
  if (!std::filesystem::is_regular_file(file, fs_error)) {
    throw PluginLoadError(
        file, std::filesystem::exists(file, fs_error) ? "not a regular file" : "no such file");
  }
  // An absolute path keeps dlopen from searching LD_LIBRARY_PATH and the system folders for a
  // library of the same name.
  const std::filesystem::path absolute = std::filesystem::absolute(file);

  auto mapping = std::make_unique<Mapping>();
  boost::dll::fs::error_code load_error;
  dlerror();
  mapping->library.load(absolute.string(), load_error,
                        boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  if (load_error) {
    throw PluginLoadError(file, "cannot be loaded: " + last_dl_error(absolute));
  }

  auto* manifest_function = find_symbol<const GuildhallPluginManifest*()>(
      mapping->library, GUILDHALL_PLUGIN_MANIFEST_SYMBOL);
  if (manifest_function == nullptr) {
    throw PluginLoadError(file, "not a Guildhall plugin: no guildhall manifest symbol (" +
                                    std::string(GUILDHALL_PLUGIN_MANIFEST_SYMBOL) +
                                    "); build it with GUILDHALL_PLUGIN() from the SDK");
  }
  const GuildhallPluginManifest* raw = manifest_function();
  if (raw == nullptr) {
    throw PluginLoadError(file, "not a Guildhall plugin: its manifest function returned null");
  }
  ManifestReading reading = read_manifest(*raw);
  if (!reading.problem.empty()) {
    throw PluginLoadError(file, "refused: " + reading.problem);
  }
  return std::shared_ptr<LoadedLibrary>(
      new LoadedLibrary(file, std::move(mapping), std::move(reading.manifest)));
}

LoadedLibrary::CreateFn LoadedLibrary::create_function() const {
  auto* create = find_symbol<sdk::Plugin*()>(mapping_->library, GUILDHALL_PLUGIN_CREATE_SYMBOL);
  if (create == nullptr) {
    throw PluginLoadError(file_, "refused: the manifest is there but the factory symbol " +
                                     std::string(GUILDHALL_PLUGIN_CREATE_SYMBOL) + " is missing");
  }
  return create;
}

LoadedLibrary::DestroyFn LoadedLibrary::destroy_function() const {
  auto* destroy =
      find_symbol<void(sdk::Plugin*) noexcept>(mapping_->library, GUILDHALL_PLUGIN_DESTROY_SYMBOL);
  if (destroy == nullptr) {
    throw PluginLoadError(file_, "refused: the manifest is there but the symbol " +
                                     std::string(GUILDHALL_PLUGIN_DESTROY_SYMBOL) + " is missing");
  }
  return destroy;
}

}  // namespace guildhall::plugin_host
