#include "plugin_host/inspect_result.hpp"

#include <sstream>

namespace guildhall::plugin_host {

std::string format_inspect_result(const InspectResult& result) {
  std::ostringstream out;
  out << "file:              " << result.file.string() << '\n';
  if (result.manifest) {
    const ManifestSummary& m = *result.manifest;
    out << "plugin:            " << m.plugin_name << ' ' << m.plugin_version << '\n'
        << "sdk abi:           " << m.abi_major << '.' << m.abi_minor << '\n'
        << "compiler:          " << m.compiler_id << '\n'
        << "libstdc++ release: " << m.libstdcxx_release << '\n'
        << "cxx11 abi:         " << m.cxx11_abi << '\n'
        << "manifest size:     " << m.struct_size << '\n';
  }
  if (result.info) {
    const sdk::PluginInfo& info = *result.info;
    out << "description:       " << info.description << '\n' << "hooks:             ";
    for (std::size_t i = 0; i < info.hooks.size(); ++i) {
      out << (i == 0 ? "" : ", ") << info.hooks[i];
    }
    out << '\n';
  }
  out << "status:            " << (result.loadable() ? std::string("loadable") : result.error)
      << '\n';
  return out.str();
}

}  // namespace guildhall::plugin_host
