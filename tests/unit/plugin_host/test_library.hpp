// The tests' own view of a plugin file, through plain dlopen: it reads the counters the test
// plugins export, and tells whether a file is still mapped into the process.
#pragma once

#include <filesystem>
#include <string>

namespace guildhall::plugin_host::test_support {

std::filesystem::path test_plugin(const std::string& name);

// Whether the file is mapped right now (dlopen with RTLD_NOLOAD).
bool is_mapped(const std::filesystem::path& file);

// Holds the library open for the test, so that its globals survive the host's dlclose.
class TestLibrary {
 public:
  explicit TestLibrary(const std::filesystem::path& file);
  ~TestLibrary();
  TestLibrary(const TestLibrary&) = delete;
  TestLibrary& operator=(const TestLibrary&) = delete;

  template <typename Signature>
  Signature* symbol(const char* name) const {
    return reinterpret_cast<Signature*>(raw_symbol(name));
  }

 private:
  void* raw_symbol(const char* name) const;

  void* handle_;
};

}  // namespace guildhall::plugin_host::test_support
