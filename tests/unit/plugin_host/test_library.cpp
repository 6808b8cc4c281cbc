#include "test_library.hpp"

#include <dlfcn.h>

#include <stdexcept>

namespace guildhall::plugin_host::test_support {

std::filesystem::path test_plugin(const std::string& name) {
  return std::filesystem::path(PLUGIN_HOST_TEST_PLUGIN_DIR) / (name + ".so");
}

bool is_mapped(const std::filesystem::path& file) {
  void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
  if (handle == nullptr) {
    return false;
  }
  dlclose(handle);
  return true;
}

TestLibrary::TestLibrary(const std::filesystem::path& file)
    : handle_(dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL)) {
  if (handle_ == nullptr) {
    throw std::runtime_error("test could not open " + file.string() + ": " + dlerror());
  }
}

TestLibrary::~TestLibrary() {
  dlclose(handle_);
}

void* TestLibrary::raw_symbol(const char* name) const {
  void* address = dlsym(handle_, name);
  if (address == nullptr) {
    throw std::runtime_error(std::string("test plugin lacks symbol ") + name);
  }
  return address;
}

}  // namespace guildhall::plugin_host::test_support
