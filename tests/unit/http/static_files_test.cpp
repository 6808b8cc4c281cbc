#include "http/static_files.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

namespace guildhall::http {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // ctest runs the tests of this binary in parallel processes: the folder must be theirs.
    root_ = std::filesystem::temp_directory_path() /
            ("gh-static-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(root_ / "assets");
    std::ofstream(root_ / "index.html") << "<!doctype html><div id=app></div>";
    std::ofstream(root_ / "assets" / "index-abc123.js") << "console.log(1)";
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  Response get(const std::string& path) {
    Request r;
    r.path = path;
    return StaticFiles(root_).serve(r);
  }

  std::filesystem::path root_;
};

TEST_F(StaticFilesTest, HashedAssetsAreCachedForAYear) {
  const Response r = get("/assets/index-abc123.js");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(*r.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(*r.header("Content-Type"), "text/javascript; charset=utf-8");
}

TEST_F(StaticFilesTest, PagePathsFallBackToIndexWithoutCaching) {
  const Response r = get("/t/med/admin");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("id=app"), std::string::npos);
  EXPECT_EQ(*r.header("Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, MissingAssetsAndApiPathsAre404) {
  EXPECT_EQ(get("/assets/missing.js").status, 404);
  EXPECT_EQ(get("/api/v1/unknown").status, 404);
}

TEST_F(StaticFilesTest, TraversalCannotLeaveTheRoot) {
  const Response r = get("/../../etc/passwd");
  EXPECT_EQ(r.body.find("root:"), std::string::npos);
}

}  // namespace
}  // namespace guildhall::http
