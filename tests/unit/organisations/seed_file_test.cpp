// The seed file a tenant folder ships: organisations.csv as Excel and editors write it.
#include "modules/organisations/seed_file.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.hpp"

namespace guildhall::organisations {
namespace {

std::filesystem::path write(const testing::TempDir& dir, const std::string& text) {
  const auto file = dir.path() / "organisations.csv";
  std::ofstream(file, std::ios::binary) << text;
  return file;
}

std::string error_of(const std::filesystem::path& file) {
  try {
    read_seed_file(file);
  } catch (const SeedFileError& e) {
    return e.what();
  }
  return "no error";
}

TEST(SeedFile, ReadsColumnsByTheirHeaderInAnyOrderWithQuotesAndAByteOrderMark) {
  testing::TempDir dir;
  const auto file = write(dir,
                          "\xEF\xBB\xBF所在地区,单位名称,统一社会信用代码\r\n"
                          "120000/120100/120101,\"华夏医院, 东院\",12120103179908776C\r\n"
                          "\r\n"
                          ",\"名为\"\"示例\"\"的研究所\",\n");
  const auto rows = read_seed_file(file);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].row, 2);
  EXPECT_EQ(rows[0].name, "华夏医院, 东院");
  EXPECT_EQ(rows[0].credit_code, "12120103179908776C");
  EXPECT_EQ(rows[0].region, "120000/120100/120101");
  EXPECT_EQ(rows[1].name, "名为\"示例\"的研究所");
  EXPECT_EQ(rows[1].credit_code, "");
  EXPECT_EQ(rows[1].region, "");
}

TEST(SeedFile, EnglishHeadersWork) {
  testing::TempDir dir;
  const auto rows = read_seed_file(write(dir, "name,credit_code,region\n华夏医院,,\n"));
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].name, "华夏医院");
}

TEST(SeedFile, SaysWhereAndWhatIsWrong) {
  testing::TempDir dir;
  const auto unknown = write(dir, "单位名称,电话\n华夏医院,022\n");
  EXPECT_EQ(error_of(unknown), unknown.string() +
                                   ":1: unknown column \"电话\"; the columns are 单位名称, "
                                   "统一社会信用代码 and 所在地区");
  const auto wide = write(dir, "单位名称\n华夏医院\n华夏大学,多余\n");
  EXPECT_EQ(error_of(wide), wide.string() + ":3: 2 cells, but the header names 1 columns");
  const auto unclosed = write(dir, "单位名称\n\"华夏医院\n");
  EXPECT_NE(error_of(unclosed).find(unclosed.string() + ":"), std::string::npos);
  EXPECT_EQ(error_of(dir.path() / "missing.csv"),
            (dir.path() / "missing.csv").string() + ": cannot be read");
}

}  // namespace
}  // namespace guildhall::organisations
