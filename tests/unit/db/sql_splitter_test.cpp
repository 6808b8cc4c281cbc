#include "db/sql_splitter.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

namespace guildhall::db {
namespace {

using ::testing::ElementsAre;

TEST(SqlSplitterTest, SplitsAtSemicolonsEndingLines) {
  EXPECT_THAT(split_sql_statements("CREATE TABLE a (x INT);\nCREATE TABLE b (y INT);\n"),
              ElementsAre("CREATE TABLE a (x INT)", "CREATE TABLE b (y INT)"));
}

TEST(SqlSplitterTest, KeepsMultiLineStatementsTogether) {
  EXPECT_THAT(split_sql_statements("CREATE TABLE a (\n  x INT,\n  y INT\n);\n"),
              ElementsAre("CREATE TABLE a (\n  x INT,\n  y INT\n)"));
}

TEST(SqlSplitterTest, DropsCommentsAndBlankStatements) {
  EXPECT_THAT(split_sql_statements("-- header\n\n-- only comments;\nSELECT 1; -- trailing\n;\n\n"),
              ElementsAre("SELECT 1"));
}

TEST(SqlSplitterTest, CommentInsideStatementIsRemoved) {
  EXPECT_THAT(split_sql_statements("SELECT 1, -- first\n  2;\n"), ElementsAre("SELECT 1, \n  2"));
}

TEST(SqlSplitterTest, SemicolonInsideLineDoesNotSplit) {
  EXPECT_THAT(split_sql_statements("SELECT 1; SELECT 2;\n"), ElementsAre("SELECT 1; SELECT 2"));
}

TEST(SqlSplitterTest, QuotedTextKeepsDashesAndSemicolons) {
  EXPECT_THAT(
      split_sql_statements("INSERT INTO t VALUES ('a -- b;\nc', 'it''s', \"x;\");\nSELECT 2;"),
      ElementsAre("INSERT INTO t VALUES ('a -- b;\nc', 'it''s', \"x;\")", "SELECT 2"));
}

TEST(SqlSplitterTest, LastStatementNeedsNoSemicolon) {
  EXPECT_THAT(split_sql_statements("SELECT 1;\nSELECT 2"), ElementsAre("SELECT 1", "SELECT 2"));
}

TEST(SqlSplitterTest, HandlesCrLfLineEnds) {
  EXPECT_THAT(split_sql_statements("SELECT 1;\r\nSELECT 2;\r\n"),
              ElementsAre("SELECT 1", "SELECT 2"));
}

TEST(SqlSplitterTest, EmptyInputHasNoStatements) {
  EXPECT_TRUE(split_sql_statements("").empty());
  EXPECT_TRUE(split_sql_statements("-- nothing\n").empty());
}

TEST(SqlSplitterTest, UnterminatedQuoteNamesItsLine) {
  try {
    split_sql_statements("SELECT 1;\nSELECT 'open;\n");
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("line 2"));
  }
}

}  // namespace
}  // namespace guildhall::db
