#include "plugin_host/manifest_check.hpp"

#include <algorithm>
#include <cstring>
#include <guildhall/sdk/version.hpp>
#include <string_view>

namespace guildhall::plugin_host {
namespace {

std::string abi_text(std::uint32_t major, std::uint32_t minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

// "GNU 12.2.0" -> "GNU 12". Two compilers of one family and major version share the C++ ABI and
// the standard library's layout; patch releases must not force every plugin to be rebuilt.
std::string family_and_major(std::string_view compiler_id) {
  const std::size_t dot = compiler_id.find('.');
  return std::string(compiler_id.substr(0, dot));
}

}  // namespace

HostAbi HostAbi::current() {
  return HostAbi{sdk::kAbiMajor, sdk::kAbiMinor, GUILDHALL_SDK_COMPILER_ID, GUILDHALL_SDK_CXX11_ABI,
                 GUILDHALL_SDK_LIBSTDCXX_RELEASE};
}

ManifestReading read_manifest(const GuildhallPluginManifest& raw) {
  ManifestReading reading;
  reading.manifest.struct_size = raw.struct_size;
  if (raw.struct_size < kMinimumManifestSize) {
    reading.problem = "the manifest is " + std::to_string(raw.struct_size) +
                      " bytes long, this host needs at least " +
                      std::to_string(kMinimumManifestSize) +
                      " (built with a pre-release SDK, or not a Guildhall plugin)";
    return reading;
  }
  // Fields a newer plugin appended beyond what this host knows are ignored; the ones it knows
  // are copied from the plugin's own bytes only.
  GuildhallPluginManifest known{};
  std::memcpy(&known, &raw, std::min<std::size_t>(raw.struct_size, sizeof(known)));
  reading.manifest.abi_major = known.abi_major;
  reading.manifest.abi_minor = known.abi_minor;
  reading.manifest.compiler_id = known.compiler_id != nullptr ? known.compiler_id : "";
  reading.manifest.cxx11_abi = known.cxx11_abi;
  reading.manifest.libstdcxx_release = known.libstdcxx_release;
  reading.manifest.plugin_name = known.plugin_name != nullptr ? known.plugin_name : "";
  reading.manifest.plugin_version = known.plugin_version != nullptr ? known.plugin_version : "";
  return reading;
}

std::vector<std::string> find_incompatibilities(const ManifestSummary& plugin,
                                                const HostAbi& host) {
  std::vector<std::string> problems;
  if (plugin.abi_major != host.abi_major) {
    problems.push_back("built against SDK ABI " + abi_text(plugin.abi_major, plugin.abi_minor) +
                       ", this host provides " + abi_text(host.abi_major, host.abi_minor) +
                       " (the major versions must be equal; rebuild the plugin against this SDK)");
  } else if (plugin.abi_minor > host.abi_minor) {
    problems.push_back("built against SDK ABI " + abi_text(plugin.abi_major, plugin.abi_minor) +
                       ", this host provides " + abi_text(host.abi_major, host.abi_minor) +
                       " (the plugin needs a newer host)");
  }
  if (family_and_major(plugin.compiler_id) != family_and_major(host.compiler_id)) {
    problems.push_back("built with compiler '" + plugin.compiler_id + "', this host with '" +
                       host.compiler_id + "' (compiler family and major version must match)");
  }
  if (plugin.cxx11_abi != host.cxx11_abi) {
    problems.push_back("built with _GLIBCXX_USE_CXX11_ABI=" + std::to_string(plugin.cxx11_abi) +
                       ", this host with _GLIBCXX_USE_CXX11_ABI=" + std::to_string(host.cxx11_abi) +
                       " (std::string and std::list differ in layout)");
  }
  if (plugin.libstdcxx_release != host.libstdcxx_release) {
    problems.push_back("built against libstdc++ release " +
                       std::to_string(plugin.libstdcxx_release) + ", this host uses release " +
                       std::to_string(host.libstdcxx_release));
  }
  if (plugin.plugin_name.empty()) {
    problems.push_back("the manifest gives no plugin name");
  }
  return problems;
}

}  // namespace guildhall::plugin_host
