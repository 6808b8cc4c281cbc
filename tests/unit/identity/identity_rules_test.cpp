#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "core/clock.hpp"
#include "core/errors.hpp"
#include "modules/identity/mobile_number.hpp"
#include "modules/identity/password_hasher.hpp"
#include "modules/identity/password_policy.hpp"
#include "modules/identity/secrets.hpp"
#include "modules/identity/security_rules.hpp"

namespace guildhall::identity {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

core::ManualClock start_clock() {
  return core::ManualClock(std::chrono::system_clock::time_point(std::chrono::hours(480'000)));
}

TEST(MobileNumber, NormalisesSpacesDashesAndCountryCode) {
  EXPECT_EQ(normalise_mobile("138 0013-8000"), "13800138000");
  EXPECT_EQ(normalise_mobile("+86 138 0013 8000"), "13800138000");
  EXPECT_EQ(normalise_mobile("+86-19912345678"), "19912345678");
  EXPECT_FALSE(normalise_mobile("12800138000"));  // second digit must be 3-9
  EXPECT_FALSE(normalise_mobile("1380013800"));   // too short
  EXPECT_FALSE(normalise_mobile("138001380001"));
  EXPECT_FALSE(normalise_mobile("1380013800a"));
  EXPECT_FALSE(normalise_mobile(""));
}

TEST(PasswordPolicy, LengthIsCountedInCharactersAndNeverTruncated) {
  EXPECT_EQ(password_problem("Abc12!x", ""), "too_short");
  EXPECT_EQ(password_problem("Abc12!xy", ""), std::nullopt);
  // Eight Chinese characters are 24 bytes but 8 characters: enough.
  EXPECT_EQ(password_problem("我的密码很长很长", ""), std::nullopt);
  EXPECT_EQ(password_problem("我的密码很长很", ""), "too_short");
  EXPECT_EQ(password_problem(std::string(128, 'k'), ""), std::nullopt);
  EXPECT_EQ(password_problem(std::string(129, 'k'), ""), "too_long");
  EXPECT_EQ(password_problem("\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8", ""), "invalid_utf8");
}

TEST(PasswordPolicy, RejectsCommonPasswordsAndTheMobile) {
  EXPECT_EQ(password_problem("12345678", ""), "too_common");
  EXPECT_EQ(password_problem("PassWord1", ""), "too_common");
  EXPECT_EQ(password_problem("woaini1314", ""), "too_common");
  EXPECT_EQ(password_problem("x13800138000", "13800138000"), "contains_mobile");
}

TEST(Lockout, FiveFailuresLockForOneMinuteAndEachMoreAddsAMinute) {
  auto clock = start_clock();
  std::vector<std::int64_t> failures;
  for (int i = 0; i < 4; ++i) {
    failures.push_back(clock.now_ms());
    clock.advance(seconds(10));
  }
  EXPECT_FALSE(locked_until(failures, clock.now_ms()));
  failures.push_back(clock.now_ms());
  auto until = locked_until(failures, clock.now_ms());
  ASSERT_TRUE(until);
  EXPECT_EQ(*until - clock.now_ms(), kMinuteMs);
  clock.advance(seconds(59));
  EXPECT_TRUE(locked_until(failures, clock.now_ms()));
  clock.advance(seconds(1));
  EXPECT_FALSE(locked_until(failures, clock.now_ms()));
  failures.push_back(clock.now_ms());  // the sixth: two minutes
  until = locked_until(failures, clock.now_ms());
  ASSERT_TRUE(until);
  EXPECT_EQ(*until - clock.now_ms(), 2 * kMinuteMs);
}

TEST(Lockout, LockIsCappedAtFifteenMinutesAndFailuresAgeOut) {
  auto clock = start_clock();
  std::vector<std::int64_t> failures;
  for (int i = 0; i < 30; ++i) {
    failures.push_back(clock.now_ms());
    clock.advance(seconds(1));
  }
  const auto until = locked_until(failures, clock.now_ms());
  ASSERT_TRUE(until);
  EXPECT_EQ(*until - failures.back(), kMaxLockMs);
  clock.advance(minutes(16));
  EXPECT_FALSE(locked_until(failures, clock.now_ms()));
}

TEST(SmsLimits, CooldownHourlyAndDailyCeilings) {
  auto clock = start_clock();
  std::vector<std::int64_t> sent;
  EXPECT_FALSE(sms_wait(sent, clock.now_ms()));
  sent.push_back(clock.now_ms());
  clock.advance(seconds(30));
  EXPECT_EQ(sms_wait(sent, clock.now_ms()), 30'000);
  clock.advance(seconds(30));
  EXPECT_FALSE(sms_wait(sent, clock.now_ms()));
  for (int i = 0; i < 4; ++i) {
    sent.push_back(clock.now_ms());
    clock.advance(seconds(61));
  }
  // Five within the hour: the sixth waits until the first leaves the hour.
  const auto wait = sms_wait(sent, clock.now_ms());
  ASSERT_TRUE(wait);
  EXPECT_EQ(clock.now_ms() + *wait, sent.front() + kHourMs);
  clock.advance(std::chrono::hours(1));
  for (int i = 0; i < 5; ++i) {
    sent.push_back(clock.now_ms());
    clock.advance(minutes(13));
  }
  ASSERT_EQ(sent.size(), 10U);
  clock.advance(std::chrono::hours(2));
  const auto daily = sms_wait(sent, clock.now_ms());
  ASSERT_TRUE(daily);
  EXPECT_EQ(clock.now_ms() + *daily, sent.front() + kDayMs);
}

TEST(Sessions, IdleAndAbsoluteExpiry) {
  auto clock = start_clock();
  SessionTimes s{clock.now_ms(), clock.now_ms() + 12 * kHourMs, 30 * kMinuteMs};
  clock.advance(minutes(29));
  EXPECT_FALSE(session_expired(s, clock.now_ms()));
  clock.advance(minutes(1));
  EXPECT_TRUE(session_expired(s, clock.now_ms()));
  // Active every 20 minutes, it still ends after 12 hours.
  s.last_seen_at = clock.now_ms();
  for (int i = 0; i < 34; ++i) {
    clock.advance(minutes(20));
    ASSERT_FALSE(session_expired(s, clock.now_ms())) << i;
    s.last_seen_at = clock.now_ms();
  }
  clock.advance(minutes(20));
  EXPECT_TRUE(session_expired(s, clock.now_ms()));
}

TEST(Secrets, CodesTokensAndIdsHaveTheirShape) {
  const auto code = random_sms_code();
  EXPECT_EQ(code.size(), 6U);
  EXPECT_EQ(code.find_first_not_of("0123456789"), std::string::npos);
  EXPECT_EQ(random_token(32).size(), 64U);
  EXPECT_NE(random_token(32), random_token(32));
  const auto a = new_id(1000);
  const auto b = new_id(2000);
  EXPECT_EQ(a.size(), 26U);
  EXPECT_LT(a, b);  // sortable by time
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(PasswordHasher, Argon2idWithTheConfiguredCostAndRehashWhenItRises) {
  PasswordHasher hasher({2, std::size_t{19} << 20}, 2, std::chrono::seconds(5));
  const auto stored = hasher.hash("correct horse battery");
  EXPECT_EQ(stored.rfind("$argon2id$", 0), 0U);
  EXPECT_NE(stored.find("m=19456,t=2"), std::string::npos);
  EXPECT_TRUE(hasher.verify(stored, "correct horse battery"));
  EXPECT_FALSE(hasher.verify(stored, "correct horse batter"));
  EXPECT_FALSE(hasher.needs_rehash(stored));
  PasswordHasher stronger({3, std::size_t{19} << 20}, 1, std::chrono::seconds(5));
  EXPECT_TRUE(stronger.needs_rehash(stored));
  EXPECT_THROW(PasswordHasher({1, std::size_t{19} << 20}, 1, std::chrono::seconds(1)),
               std::invalid_argument);
}

TEST(PasswordHasher, ASaturatedPoolAnswersBusyInsteadOfWaitingForEver) {
  PasswordHasher hasher({2, std::size_t{19} << 20}, 1, std::chrono::milliseconds(1));
  std::atomic<int> busy{0};
  std::atomic<int> done{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&] {
      try {
        hasher.hash("some long password");
        ++done;
      } catch (const core::AppError& e) {
        EXPECT_EQ(e.code(), "busy");
        EXPECT_EQ(e.kind(), core::ErrorKind::unavailable);
        ++busy;
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_GE(done.load(), 1);
  EXPECT_GE(busy.load(), 1);
  EXPECT_EQ(hasher.in_use(), 0U);
}

}  // namespace
}  // namespace guildhall::identity
