// Reading a plugin's plain-C manifest and comparing it with the host, before anything else in
// the library is called. Kept apart from loading so that every rule is testable on plain values.
#pragma once

#include <cstdint>
#include <guildhall/sdk/manifest.hpp>
#include <string>
#include <vector>

namespace guildhall::plugin_host {

// The manifest copied out of the library, so that it outlives the mapping it came from.
struct ManifestSummary {
  std::uint32_t struct_size = 0;
  std::uint32_t abi_major = 0;
  std::uint32_t abi_minor = 0;
  std::string compiler_id;
  std::uint32_t cxx11_abi = 0;
  std::uint32_t libstdcxx_release = 0;
  std::string plugin_name;
  std::string plugin_version;
};

// What this host binary was built with; a plugin must agree with it.
struct HostAbi {
  std::uint32_t abi_major = 0;
  std::uint32_t abi_minor = 0;
  std::string compiler_id;
  std::uint32_t cxx11_abi = 0;
  std::uint32_t libstdcxx_release = 0;

  static HostAbi current();
};

// The smallest manifest this host understands: all of version 1.0's fields.
inline constexpr std::uint32_t kMinimumManifestSize = sizeof(GuildhallPluginManifest);

// Copies at most `raw->struct_size` bytes, so that a shorter (older) manifest is never read past
// its end. Returns a message instead when the manifest is too short to be trusted.
struct ManifestReading {
  ManifestSummary manifest;
  std::string problem;
};
ManifestReading read_manifest(const GuildhallPluginManifest& raw);

// Every difference that makes the plugin unsafe to call, each as a sentence naming both sides,
// e.g. "built against SDK ABI 0.9, this host provides 1.0". Empty when compatible.
std::vector<std::string> find_incompatibilities(const ManifestSummary& plugin, const HostAbi& host);

}  // namespace guildhall::plugin_host
