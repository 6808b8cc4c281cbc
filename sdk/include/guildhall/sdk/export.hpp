// The one macro that turns a `Plugin` class into a loadable Guildhall plugin.
//
// The host needs three C functions from the library: the manifest (read first, see
// manifest.hpp), a factory, and a matching destroy function, so that an object is deleted by the
// same library, allocator and destructor that created it. Writing them by hand invites subtle
// mismatches, so a plugin writes exactly one line, once, in one of its source files (from
// sdk/examples/hello_plugin/hello_plugin.cpp):
//
//   GUILDHALL_PLUGIN(hello::HelloPlugin, "hello", "1.0.0");
//
// The name must be the file's name without ".so" (the host looks plugins up by it), and the
// class must be default-constructible. Build the library with `guildhall_add_plugin()` from the
// SDK's CMake package, which sets -fvisibility=hidden: only these three symbols are exported.
#pragma once

#include <guildhall/sdk/manifest.hpp>
#include <guildhall/sdk/plugin.hpp>
#include <guildhall/sdk/version.hpp>
#include <type_traits>

extern "C" {

// Declared here so that a plugin's own tests can call them when they compile the plugin's
// sources into the test binary.
GUILDHALL_SDK_API const GuildhallPluginManifest* guildhall_plugin_manifest();
// OWNERSHIP: the caller owns the result and must release it with guildhall_plugin_destroy().
GUILDHALL_SDK_API guildhall::sdk::Plugin* guildhall_plugin_create();
GUILDHALL_SDK_API void guildhall_plugin_destroy(guildhall::sdk::Plugin* plugin) noexcept;

}  // extern "C"

// The manifest is a constant-initialised struct: reading it runs no code of the plugin beyond
// returning its address. The macro ends in a declaration so that it takes a trailing semicolon.
#define GUILDHALL_PLUGIN(ClassName, name, version)                                               \
  extern "C" const GuildhallPluginManifest* guildhall_plugin_manifest() {                        \
    static constexpr GuildhallPluginManifest kGuildhallManifest{sizeof(GuildhallPluginManifest), \
                                                                GUILDHALL_SDK_ABI_MAJOR,         \
                                                                GUILDHALL_SDK_ABI_MINOR,         \
                                                                GUILDHALL_SDK_COMPILER_ID,       \
                                                                GUILDHALL_SDK_CXX11_ABI,         \
                                                                GUILDHALL_SDK_LIBSTDCXX_RELEASE, \
                                                                name,                            \
                                                                version};                        \
    return &kGuildhallManifest;                                                                  \
  }                                                                                              \
  extern "C" ::guildhall::sdk::Plugin* guildhall_plugin_create() {                               \
    return new ClassName();                                                                      \
  }                                                                                              \
  extern "C" void guildhall_plugin_destroy(::guildhall::sdk::Plugin* plugin) noexcept {          \
    delete plugin;                                                                               \
  }                                                                                              \
  static_assert(std::is_base_of_v<::guildhall::sdk::Plugin, ClassName> &&                        \
                    std::is_default_constructible_v<ClassName>,                                  \
                "GUILDHALL_PLUGIN: " #ClassName                                                  \
                " must derive from guildhall::sdk::Plugin and be default-constructible")
