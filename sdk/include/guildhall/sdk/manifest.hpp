// The plain-C manifest every plugin exports, read by the host before anything else.
//
// A C++ interface says nothing about the compiler, the standard library or the SDK version it
// was built with, and a mismatch there does not fail to link: it crashes, or silently computes
// wrong results. So, as PostgreSQL does with PG_MODULE_MAGIC, each plugin exports one C function
// returning this struct; the host reads it first and refuses the library on any difference,
// without creating an object or calling a hook. Plugin authors never fill it in themselves: the
// GUILDHALL_PLUGIN macro (export.hpp) does, from the values below. To look at one by hand
// (from sdk/examples/hello_plugin/hello_plugin_test.cpp):
//
//   const GuildhallPluginManifest* manifest = guildhall_plugin_manifest();
//   expect(manifest->abi_major == guildhall::sdk::kAbiMajor, "manifest carries the SDK ABI major");
//
// The layout only ever grows at the end; `struct_size` tells the host which fields exist.
#pragma once

#include <cstdint>
#include <guildhall/sdk/version.hpp>
#include <string>  // defines _GLIBCXX_USE_CXX11_ABI and _GLIBCXX_RELEASE under libstdc++

// Symbols a plugin exports must stay visible although plugins are built with -fvisibility=hidden;
// the SDK's interface types must too, so that RTTI and exceptions match across the boundary.
#define GUILDHALL_SDK_API __attribute__((visibility("default")))

#define GUILDHALL_SDK_STRINGIFY_IMPL(x) #x
#define GUILDHALL_SDK_STRINGIFY(x) GUILDHALL_SDK_STRINGIFY_IMPL(x)

// "<family> <major>.<minor>.<patch>", e.g. "GNU 12.2.0". Clang defines __GNUC__ too, so it is
// tested first.
#if defined(__clang__)
#define GUILDHALL_SDK_COMPILER_ID                                                \
  "Clang " GUILDHALL_SDK_STRINGIFY(__clang_major__) "." GUILDHALL_SDK_STRINGIFY( \
      __clang_minor__) "." GUILDHALL_SDK_STRINGIFY(__clang_patchlevel__)
#elif defined(__GNUC__)
#define GUILDHALL_SDK_COMPILER_ID                                       \
  "GNU " GUILDHALL_SDK_STRINGIFY(__GNUC__) "." GUILDHALL_SDK_STRINGIFY( \
      __GNUC_MINOR__) "." GUILDHALL_SDK_STRINGIFY(__GNUC_PATCHLEVEL__)
#else
#define GUILDHALL_SDK_COMPILER_ID "unknown"
#endif

// 0 for both when the standard library is not libstdc++; the compiler check then decides.
#if defined(_GLIBCXX_USE_CXX11_ABI)
#define GUILDHALL_SDK_CXX11_ABI _GLIBCXX_USE_CXX11_ABI
#else
#define GUILDHALL_SDK_CXX11_ABI 0
#endif
#if defined(_GLIBCXX_RELEASE)
#define GUILDHALL_SDK_LIBSTDCXX_RELEASE _GLIBCXX_RELEASE
#else
#define GUILDHALL_SDK_LIBSTDCXX_RELEASE 0
#endif

// The names the host looks up with dlsym; they never change, whatever the ABI version.
#define GUILDHALL_PLUGIN_MANIFEST_SYMBOL "guildhall_plugin_manifest"
#define GUILDHALL_PLUGIN_CREATE_SYMBOL "guildhall_plugin_create"
#define GUILDHALL_PLUGIN_DESTROY_SYMBOL "guildhall_plugin_destroy"

extern "C" {

struct GuildhallPluginManifest {
  // sizeof(GuildhallPluginManifest) as the plugin saw it; fields past it do not exist.
  std::uint32_t struct_size;
  std::uint32_t abi_major;
  std::uint32_t abi_minor;
  // OWNERSHIP: every pointer is a string literal in the plugin; valid while it is loaded.
  const char* compiler_id;
  std::uint32_t cxx11_abi;
  std::uint32_t libstdcxx_release;
  const char* plugin_name;
  const char* plugin_version;
};

// The signature of the exported manifest function.
typedef const GuildhallPluginManifest* (*GuildhallPluginManifestFn)();

}  // extern "C"
