// The front door's rules on their own: connections per address, the rate limit, and when a
// slow connection is cut.
#include "sync/hub/http/connection_rules.h"

#include <gtest/gtest.h>

namespace stem::hub::http {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(ConnectionRules, AnAddressHoldsAtMostItsShareAndTheProxyIsExempt) {
  ServerLimits limits;
  limits.connections_per_address = 2;
  AddressLimits a(limits, {"10.0.0.1"});
  EXPECT_TRUE(a.Admit("192.0.2.7"));
  EXPECT_TRUE(a.Admit("192.0.2.7"));
  EXPECT_FALSE(a.Admit("192.0.2.7"));
  EXPECT_TRUE(a.Admit("192.0.2.8")) << "another address has its own share";
  a.Release("192.0.2.7");
  EXPECT_TRUE(a.Admit("192.0.2.7"));
  for (int i = 0; i < 50; ++i) EXPECT_TRUE(a.Admit("10.0.0.1"));
  EXPECT_EQ(a.Connections("10.0.0.1"), 50);
  a.Release("203.0.113.1");  // never admitted: nothing happens
  EXPECT_EQ(a.Connections("203.0.113.1"), 0);
}

TEST(ConnectionRules, RateLimitedRequestsAreCountedPerAddressPerMinute) {
  ServerLimits limits;
  limits.requests_per_minute = 3;
  AddressLimits a(limits, {});
  SteadyTime t0{};
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(a.RateLimited("192.0.2.7", t0 + seconds(i)));
  std::optional<seconds> wait = a.RateLimited("192.0.2.7", t0 + seconds(10));
  ASSERT_TRUE(wait.has_value());
  EXPECT_EQ(*wait, seconds(50)) << "until the first of the three leaves the minute";
  EXPECT_FALSE(a.RateLimited("192.0.2.8", t0 + seconds(10)));
  EXPECT_FALSE(a.RateLimited("192.0.2.7", t0 + seconds(60)));
}

TEST(ConnectionRules, SlowHeadsAndBodiesAreCutOthersNot) {
  ServerLimits limits;
  limits.head_deadline = milliseconds(10000);
  limits.body_grace = milliseconds(10000);
  limits.min_upload_bytes_per_second = 2048;
  SteadyTime t0{};
  struct Case {
    Phase phase;
    milliseconds elapsed;
    size_t received, expected;
    std::optional<std::string> want;
  } cases[] = {
      {Phase::kHead, milliseconds(9999), 0, 0, std::nullopt},
      {Phase::kHead, milliseconds(10001), 0, 0, "head_too_slow"},
      // 256 KB may take 10 s + 128 s at the minimum rate (a 1 Mbit/s link needs 2 s).
      {Phase::kBody, milliseconds(100000), 1000, 262144, std::nullopt},
      {Phase::kBody, milliseconds(138001), 1000, 262144, "body_too_slow"},
      // An unannounced size: what has arrived counts.
      {Phase::kBody, milliseconds(10500), 2048, 0, std::nullopt},
      {Phase::kBody, milliseconds(11001), 2048, 0, "body_too_slow"},
      {Phase::kHandling, milliseconds(600000), 0, 0, std::nullopt},
      {Phase::kAnswering, milliseconds(600000), 0, 0, std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.elapsed.count());
    EXPECT_EQ(CutReason(c.phase, t0, c.received, c.expected, t0 + c.elapsed, limits), c.want);
  }
}

}  // namespace
}  // namespace stem::hub::http
