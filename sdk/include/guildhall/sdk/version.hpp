// The version of the plugin ABI this copy of the SDK describes.
//
// A plugin records these numbers in its manifest when it is compiled (the GUILDHALL_PLUGIN
// macro does it), and the host compares them with its own before it calls anything else in the
// library. The major number changes whenever a change breaks plugins already built (a hook is
// removed or reordered, a type crossing the boundary changes layout); the minor number changes
// when a hook is appended to `Plugin`, which old plugins simply do not have. A host loads a
// plugin with the same major and an equal or older minor. A plugin may pin the major it was
// written for (from sdk/examples/hello_plugin/hello_plugin.cpp):
//
//   static_assert(guildhall::sdk::kAbiMajor == 1, "this plugin targets the 1.x SDK ABI");
#pragma once

#include <cstdint>

// Macros as well as constants, because the manifest is a plain-C struct and the CMake package
// version is derived from the same numbers.
#define GUILDHALL_SDK_ABI_MAJOR 1
#define GUILDHALL_SDK_ABI_MINOR 1

namespace guildhall::sdk {

inline constexpr std::uint32_t kAbiMajor = GUILDHALL_SDK_ABI_MAJOR;
inline constexpr std::uint32_t kAbiMinor = GUILDHALL_SDK_ABI_MINOR;

}  // namespace guildhall::sdk
