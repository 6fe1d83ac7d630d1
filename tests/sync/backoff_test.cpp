// Full-jitter backoff and Retry-After: pure functions, table-driven.
#include "sync/client/backoff.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

namespace stem::sync {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(Backoff, FullJitterStaysUnderTheExponentialCeilingAndTheCap) {
  BackoffPolicy p{milliseconds(100), milliseconds(5000)};
  struct Case {
    int attempt;
    uint64_t random;
    int64_t expected_ms;
  };
  const uint64_t kMax = std::numeric_limits<uint64_t>::max();
  std::vector<Case> cases = {
      {0, 0, 0},        {0, 100, 100},     {0, 101, 0},        // ceiling 100: r % 101
      {1, 200, 200},    {1, 201, 0},       {3, 800, 800},      // ceilings 200, 800
      {6, 5000, 5000},  {6, 5001, 0},      {30, 5000, 5000},   // capped at 5000
      {1000, 4999, 4999}, {1000, kMax, static_cast<int64_t>(kMax % 5001)},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(FullJitterDelay(p, c.attempt, c.random).count(), c.expected_ms)
        << "attempt " << c.attempt << " random " << c.random;
  }
}

TEST(Backoff, SpreadsRetriesAcrossTheWholeWindow) {
  BackoffPolicy p{milliseconds(100), milliseconds(60000)};
  int64_t lo = 1 << 30, hi = 0;
  for (uint64_t r = 0; r < 2000; r += 7) {
    int64_t d = FullJitterDelay(p, 4, r * 2654435761u).count();
    lo = std::min(lo, d);
    hi = std::max(hi, d);
    EXPECT_LE(d, 1600);
  }
  EXPECT_LT(lo, 200);
  EXPECT_GT(hi, 1400);
}

TEST(RetryAfter, TableOfHeaderValues) {
  TimePoint now = std::chrono::sys_days{std::chrono::year{1994} / 11 / 6} + std::chrono::hours(8) +
                  std::chrono::minutes(49);  // 08:49:00 GMT
  struct Case {
    const char* value;
    std::optional<int64_t> seconds;
  };
  std::vector<Case> cases = {
      {"0", 0},
      {"120", 120},
      {" 7 ", 7},
      {"99999999999", 999999999},
      {"Sun, 06 Nov 1994 08:49:37 GMT", 37},
      {"Sun, 06 Nov 1994 08:00:00 GMT", 0},  // in the past
      {"", std::nullopt},
      {"-5", std::nullopt},
      {"soon", std::nullopt},
      {"1.5", std::nullopt},
  };
  for (const Case& c : cases) {
    std::optional<seconds> got = ParseRetryAfter(c.value, now);
    ASSERT_EQ(got.has_value(), c.seconds.has_value()) << "\"" << c.value << "\"";
    if (got) {
      EXPECT_EQ(got->count(), *c.seconds) << "\"" << c.value << "\"";
    }
  }
}

}  // namespace
}  // namespace stem::sync
