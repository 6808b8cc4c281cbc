#include "plugin_host/guarded_call.hpp"

#include <cxxabi.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <exception>
#include <memory>
#include <typeinfo>

#include "plugin_host/plugin_error.hpp"

namespace guildhall::plugin_host {
namespace {

// The demangled type of the exception in flight, so that "threw int" is reported as such.
std::string current_exception_type() {
  const std::type_info* type = abi::__cxa_current_exception_type();
  if (type == nullptr) {
    return "unknown";
  }
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> demangled(
      abi::__cxa_demangle(type->name(), nullptr, nullptr, &status), &std::free);
  return status == 0 && demangled ? std::string(demangled.get()) : std::string(type->name());
}

}  // namespace

void rethrow_as_plugin_failure(const Attribution& who, std::string_view hook) {
  const std::string type = current_exception_type();
  std::string message;
  try {
    throw;
  } catch (const std::exception& error) {
    message = error.what();
  } catch (...) {
    message = "threw a non-standard exception of type " + type;
  }
  spdlog::error("plugin failure: tenant={} plugin={} hook={} exception={}: {}", who.tenant,
                who.plugin, hook, type, message);
  throw PluginFailure(who.tenant, who.plugin, std::string(hook), message);
}

}  // namespace guildhall::plugin_host
