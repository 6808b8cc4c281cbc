// The boundary every call into a plugin crosses. Internal to the host.
//
// Whatever a plugin throws — a std::exception, an int, a type only the plugin knows — is caught
// here, logged with the tenant, plugin and hook, and replaced by a host-side PluginFailure, so
// that no exception of a plugin's type travels further into the platform (where its type info
// or destructor could outlive the library) and no plugin can take a tenant's worker down.
#pragma once

#include <string>
#include <string_view>

namespace guildhall::plugin_host {

struct Attribution {
  std::string tenant;
  std::string plugin;
};

// Call only from inside a catch block: inspects the exception in flight, logs it and throws
// PluginFailure.
[[noreturn]] void rethrow_as_plugin_failure(const Attribution& who, std::string_view hook);

template <typename Call>
auto call_guarded(const Attribution& who, std::string_view hook, Call&& call) -> decltype(call()) {
  try {
    return call();
  } catch (...) {
    rethrow_as_plugin_failure(who, hook);
  }
}

}  // namespace guildhall::plugin_host
