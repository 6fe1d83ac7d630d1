// EnrollGuard's limits with time passed in: per address, in total, and the sliding window.
#include "sync/hub/enroll_guard.h"

#include <gtest/gtest.h>

namespace stem::hub {
namespace {

using std::chrono::seconds;

TEST(EnrollGuard, AnAddressIsHeldAfterItsFailuresUntilTheOldestLeavesTheWindow) {
  EnrollGuard g({3, 100, seconds(60)});
  EnrollGuard::TimePoint t0{};
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(g.RetryAfter("10.0.0.5", t0 + seconds(i * 10)).has_value()) << i;
    g.RecordFailure("10.0.0.5", t0 + seconds(i * 10));
  }
  // Oldest failure at t0: free again at t0 + 60 s.
  EXPECT_EQ(g.RetryAfter("10.0.0.5", t0 + seconds(25)), seconds(35));
  EXPECT_FALSE(g.RetryAfter("10.0.0.6", t0 + seconds(25)).has_value());  // others unaffected
  EXPECT_EQ(g.RetryAfter("10.0.0.5", t0 + seconds(59) + std::chrono::milliseconds(500)), seconds(1));
  EXPECT_FALSE(g.RetryAfter("10.0.0.5", t0 + seconds(60)).has_value());
  // Only one slot came free: the next failure holds it again until the second one ages out.
  g.RecordFailure("10.0.0.5", t0 + seconds(61));
  EXPECT_EQ(g.RetryAfter("10.0.0.5", t0 + seconds(62)), seconds(8));
}

TEST(EnrollGuard, ManyAddressesTogetherHitTheTotal) {
  EnrollGuard g({5, 4, seconds(600)});
  EnrollGuard::TimePoint t0{};
  for (int i = 0; i < 4; ++i) g.RecordFailure("10.0.0." + std::to_string(i), t0 + seconds(i));
  EXPECT_EQ(g.RetryAfter("10.9.9.9", t0 + seconds(100)), seconds(500));
  EXPECT_EQ(g.RetryAfter("10.0.0.1", t0 + seconds(100)), seconds(500));
  // Failures past the total are not stored: memory stays bounded.
  for (int i = 0; i < 1000; ++i) g.RecordFailure("10.1.0." + std::to_string(i), t0 + seconds(101));
  EXPECT_FALSE(g.RetryAfter("10.9.9.9", t0 + seconds(604)).has_value());
}

TEST(EnrollGuard, NoFailuresNoWait) {
  EnrollGuard g({1, 1, seconds(600)});
  EXPECT_FALSE(g.RetryAfter("127.0.0.1", EnrollGuard::TimePoint{}).has_value());
}

}  // namespace
}  // namespace stem::hub
