#include <gtest/gtest.h>

#include <set>

#include "modules/notifications/delivery_worker.hpp"
#include "modules/notifications/message_id.hpp"

namespace guildhall::notifications {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(RetryDelayTest, DoublesFromThirtySecondsAndStopsAtOneHour) {
  const DeliveryOptions options;
  EXPECT_EQ(retry_delay(1, options), seconds(30));
  EXPECT_EQ(retry_delay(2, options), seconds(60));
  EXPECT_EQ(retry_delay(3, options), seconds(120));
  EXPECT_EQ(retry_delay(7, options), seconds(1920));
  EXPECT_EQ(retry_delay(8, options), seconds(3600));
  EXPECT_EQ(retry_delay(40, options), seconds(3600));
}

TEST(MessageIdTest, UlidsAreUniqueSortableAndCrockford) {
  std::set<std::string> seen;
  std::string previous;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = new_ulid(1700000000000LL + i);
    ASSERT_EQ(id.size(), 26u);
    EXPECT_EQ(id.find_first_not_of("0123456789ABCDEFGHJKMNPQRSTVWXYZ"), std::string::npos);
    EXPECT_GT(id, previous);
    previous = id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
  // The time prefix of a known instant (ULID spec: 1469918176385 → 01ARYZ6S41).
  EXPECT_EQ(new_ulid(1469918176385LL).substr(0, 10), "01ARYZ6S41");
}

}  // namespace
}  // namespace guildhall::notifications
