#include "core/closest_match.hpp"

#include <gtest/gtest.h>

namespace guildhall::core {
namespace {

TEST(EditDistance, CountsSwapOfNeighboursAsOneStep) {
  EXPECT_EQ(edit_distance("nmae", "name"), 1u);
  EXPECT_EQ(edit_distance("name", "name"), 0u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(ClosestMatch, SuggestsNearMissesOnly) {
  const std::vector<std::string> keys{"slug", "name", "kind", "primary_color", "member_types"};
  EXPECT_EQ(closest_match("nmae", keys), "name");
  EXPECT_EQ(closest_match("Name", keys), "name");
  EXPECT_EQ(closest_match("primary_colour", keys), "primary_color");
  EXPECT_EQ(closest_match("membertypes", keys), "member_types");
  EXPECT_EQ(closest_match("website", keys), std::nullopt);
  EXPECT_EQ(closest_match("xy", keys), std::nullopt);
}

TEST(ClosestMatch, NoSuggestionForAnExactCandidate) {
  EXPECT_EQ(closest_match("name", {"name", "nam"}), std::nullopt);
}

}  // namespace
}  // namespace guildhall::core
