// One plugin file mapped into the process, its manifest already read. Internal to the host.
//
// The mapping lives as long as the last std::shared_ptr to it: the host's cache holds weak
// references and every plugin object holds a strong one, so a library is never unloaded under
// an object whose code and vtable it contains. Boost.DLL stays inside the .cpp file.
#pragma once

#include <filesystem>
#include <memory>

#include "plugin_host/manifest_check.hpp"

namespace guildhall::sdk {
class Plugin;
}

namespace guildhall::plugin_host {

class LoadedLibrary {
 public:
  using CreateFn = sdk::Plugin* (*)();
  using DestroyFn = void (*)(sdk::Plugin*) noexcept;

  // Maps the file with RTLD_NOW | RTLD_LOCAL and reads its manifest, calling nothing else in it.
  // Throws PluginLoadError when the file cannot be mapped or carries no readable manifest.
  static std::shared_ptr<LoadedLibrary> open(const std::filesystem::path& file);

  ~LoadedLibrary();
  LoadedLibrary(const LoadedLibrary&) = delete;
  LoadedLibrary& operator=(const LoadedLibrary&) = delete;

  const std::filesystem::path& file() const { return file_; }
  const ManifestSummary& manifest() const { return manifest_; }

  // The factory pair. Call only once the manifest has been found compatible: before that, the
  // signatures behind these symbols are unknown. Throws PluginLoadError when either is missing.
  CreateFn create_function() const;
  DestroyFn destroy_function() const;

 private:
  struct Mapping;
  LoadedLibrary(std::filesystem::path file, std::unique_ptr<Mapping> mapping,
                ManifestSummary manifest);

  std::filesystem::path file_;
  std::unique_ptr<Mapping> mapping_;
  ManifestSummary manifest_;
};

}  // namespace guildhall::plugin_host
