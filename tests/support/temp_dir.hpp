// A private folder under the system temp folder, removed with everything in it when the object
// goes out of scope. Tests write their databases, configs and server logs there.
//
//   guildhall::testing::TempDir dir;
//   std::ofstream(dir.path() / "guildhall.yaml") << "listen: 127.0.0.1:0\n";
#pragma once

#include <filesystem>
#include <string_view>

namespace guildhall::testing {

class TempDir {
 public:
  explicit TempDir(std::string_view prefix = "guildhall-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Writes `text` to path()/relative (creating folders) and returns the full path.
  std::filesystem::path write(const std::filesystem::path& relative, std::string_view text) const;

 private:
  std::filesystem::path path_;
};

}  // namespace guildhall::testing
