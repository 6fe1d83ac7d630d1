// Tests for data/clock: UTC formatting and parsing, calendar dates, the fake clock.
#include "data/clock.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

namespace stem {
namespace {

using std::chrono::milliseconds;

TimePoint AtMillis(int64_t ms) { return TimePoint(milliseconds(ms)); }

TimePoint Utc(int y, unsigned mo, unsigned d, int h, int mi, int s, int ms) {
  using namespace std::chrono;
  return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s} +
         milliseconds{ms};
}

TEST(LogicClock, FormatUtc) {
  struct Case {
    TimePoint t;
    const char* text;
  };
  const std::vector<Case> cases = {
      {AtMillis(0), "1970-01-01T00:00:00.000Z"},
      {AtMillis(1), "1970-01-01T00:00:00.001Z"},
      {AtMillis(-1), "1969-12-31T23:59:59.999Z"},
      {AtMillis(-1000), "1969-12-31T23:59:59.000Z"},
      {AtMillis(-1001), "1969-12-31T23:59:58.999Z"},
      {Utc(2026, 11, 22, 14, 3, 7, 123), "2026-11-22T14:03:07.123Z"},
      {Utc(2024, 2, 29, 23, 59, 59, 999), "2024-02-29T23:59:59.999Z"},
      {Utc(2000, 2, 29, 0, 0, 0, 0), "2000-02-29T00:00:00.000Z"},
      {Utc(1999, 12, 31, 23, 59, 59, 999) + milliseconds(1), "2000-01-01T00:00:00.000Z"},
      {Utc(2038, 1, 19, 3, 14, 8, 0), "2038-01-19T03:14:08.000Z"},  // past 32-bit time_t
      // Sub-millisecond parts are truncated.
      {Utc(2026, 1, 2, 3, 4, 5, 6) + std::chrono::microseconds(999), "2026-01-02T03:04:05.006Z"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(c.text, FormatUtc(c.t));
  }
}

TEST(LogicClock, ParseUtcAcceptsWellFormedTimes) {
  struct Case {
    const char* text;
    TimePoint t;
  };
  const std::vector<Case> cases = {
      {"2026-11-22T14:03:07.123Z", Utc(2026, 11, 22, 14, 3, 7, 123)},
      {"2026-11-22T14:03:07Z", Utc(2026, 11, 22, 14, 3, 7, 0)},
      {"2026-11-22T14:03:07.000Z", Utc(2026, 11, 22, 14, 3, 7, 0)},
      {"2026-11-22T14:03:07.007Z", Utc(2026, 11, 22, 14, 3, 7, 7)},
      {"1970-01-01T00:00:00.000Z", AtMillis(0)},
      {"1969-12-31T23:59:59.999Z", AtMillis(-1)},
      {"2024-02-29T12:00:00Z", Utc(2024, 2, 29, 12, 0, 0, 0)},
      {"2026-12-31T23:59:59.999Z", Utc(2026, 12, 31, 23, 59, 59, 999)},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    TimePoint t;
    ASSERT_TRUE(ParseUtc(c.text, &t));
    EXPECT_EQ(c.t, t);
  }
}

TEST(LogicClock, ParseUtcRejectsMalformedTimes) {
  const std::vector<std::string> bad = {
      "",
      "2026-11-22",
      "2026-11-22T14:03",
      "2026-11-22T14:03:07",          // no zone
      "2026-11-22T14:03:07.123",      // no zone
      "2026-11-22T14:03:07+02:00",    // not UTC
      "2026-11-22T14:03:07.123+0000",
      "2026-11-22 14:03:07Z",         // space instead of T
      "2026-11-22t14:03:07z",
      "2026-13-01T00:00:00Z",
      "2026-00-01T00:00:00Z",
      "2026-02-29T00:00:00Z",         // not a leap year
      "2026-04-31T00:00:00Z",
      "2026-11-22T24:00:00Z",
      "2026-11-22T14:60:00Z",
      "2026-11-22T14:03:61Z",
      // Loosely shaped: sscanf alone would accept these, some with a wrong value.
      "2026-11-22T14:03:07.1Z",       // would read as 1 ms, not 100 ms
      "2026-11-22T14:03:07.12Z",
      "2026-11-22T14:03:07.1234Z",
      "2026-1-2T3:4:5Z",
      "2026-11-22T-1:03:07Z",
      "2026-11-22T14:03:07.-12Z",
      " 2026-11-22T14:03:07Z",
      "+2026-11-22T14:03:07Z",
      "2026-11-22T14:03:07.123Zjunk",
      "2026-11-22T14:03:07ZZ",
  };
  for (const auto& text : bad) {
    SCOPED_TRACE(text);
    TimePoint t = AtMillis(42);
    EXPECT_FALSE(ParseUtc(text, &t));
    EXPECT_EQ(AtMillis(42), t);  // untouched on failure
  }
}

TEST(LogicClock, FormatParseRoundTrip) {
  // A spread of instants from 1901 to 2199, at odd milliseconds, and around the epoch.
  std::vector<int64_t> times = {0, 1, -1, 999, -999, 1000, -1000, 86399999, 951782400000};
  const int64_t from = -2177452800000;  // 1901-01-01
  const int64_t to = 7258118400000;     // 2200-01-01
  const int64_t step = 9431233337;      // about 109 days, and not a round number
  for (int64_t ms = from; ms < to; ms += step) times.push_back(ms);
  for (int64_t ms : times) {
    SCOPED_TRACE(ms);
    std::string text = FormatUtc(AtMillis(ms));
    TimePoint back;
    ASSERT_TRUE(ParseUtc(text, &back)) << text;
    EXPECT_EQ(AtMillis(ms), back) << text;
    EXPECT_EQ(text, FormatUtc(back));
  }
}

TEST(LogicClock, IsValidDate) {
  struct Case {
    const char* text;
    bool ok;
  };
  const std::vector<Case> cases = {
      {"2026-11-22", true},  {"2024-02-29", true},  {"2023-02-29", false},
      {"2000-02-29", true},  {"1900-02-29", false}, {"2100-02-29", false},
      {"2026-02-28", true},  {"2026-01-31", true},  {"2026-01-32", false},
      {"2026-04-30", true},  {"2026-04-31", false}, {"2026-06-31", false},
      {"2026-09-31", false}, {"2026-11-31", false}, {"2026-12-31", true},
      {"2026-13-01", false}, {"2026-00-10", false}, {"2026-01-00", false},
      {"1900-01-01", true},  {"1899-12-31", false}, {"2200-12-31", true},
      {"2201-01-01", false}, {"0000-01-01", false}, {"9999-12-31", false},
      {"2026-1-01", false},  {"2026-01-1", false},  {"26-01-01", false},
      {"2026/01/01", false}, {"20260101", false},   {" 2026-01-01", false},
      {"2026-01-01 ", false}, {"2026-01-0a", false}, {"+026-01-01", false},
      {"2026-+1-01", false}, {"2026--1-01", false}, {"", false},
      {"2026-01-01T00:00:00Z", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(c.ok, IsValidDate(c.text));
  }
}

TEST(LogicClock, DateLimits) {
  struct Case {
    const char* limit;
    const char* today;
    const char* means;  // "" when the limit is malformed
  };
  const std::vector<Case> cases = {
      {"2006-01-01", "2026-11-22", "2006-01-01"}, {"today", "2026-11-22", "2026-11-22"},
      {"today-20y", "2026-11-22", "2006-11-22"},  {"today-20y", "2024-02-29", "2004-02-29"},
      {"today-1y", "2024-02-29", "2023-02-28"},   {"today+1y", "2024-02-29", "2025-02-28"},
      {"today-6m", "2026-08-31", "2026-02-28"},   {"today+1m", "2026-12-15", "2027-01-15"},
      {"today-13m", "2026-01-31", "2024-12-31"},  {"today+30d", "2026-12-15", "2027-01-14"},
      {"today-1d", "2024-03-01", "2024-02-29"},   {"today-999y", "2026-11-22", ""},
      {"today+0d", "2026-11-22", "2026-11-22"},   {"today-20", "2026-11-22", ""},
      {"today-y", "2026-11-22", ""},              {"today-1000y", "2026-11-22", ""},
      {"today-20w", "2026-11-22", ""},            {"today 20y", "2026-11-22", ""},
      {"today--2y", "2026-11-22", ""},            {"Today", "2026-11-22", ""},
      {"today-20y ", "2026-11-22", ""},           {"2026-02-30", "2026-11-22", ""},
      {"", "2026-11-22", ""},                     {"today", "not a day", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.limit) + " @ " + c.today);
    EXPECT_EQ(c.means, ResolveDateLimit(c.limit, c.today));
  }
  for (const char* ok : {"today", "today-20y", "today+30d", "today-6m", "today-999y", "1999-12-31"}) {
    EXPECT_TRUE(IsValidDateLimit(ok)) << ok;
  }
  for (const char* bad : {"today-1000y", "today-20", "yesterday", "today+-1d", "2026-13-01", ""}) {
    EXPECT_FALSE(IsValidDateLimit(bad)) << bad;
  }
}

// Sets TZ for one test and restores it after.
class ScopedTimeZone {
 public:
  explicit ScopedTimeZone(const char* tz) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    setenv("TZ", tz, 1);
    tzset();
  }
  ~ScopedTimeZone() {
    if (old_) {
      setenv("TZ", old_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }
  ScopedTimeZone(const ScopedTimeZone&) = delete;
  ScopedTimeZone& operator=(const ScopedTimeZone&) = delete;

 private:
  std::optional<std::string> old_;
};

TEST(LogicClock, LocalDayFollowsTheTimeZone) {
  const TimePoint t = Utc(2026, 11, 22, 3, 30, 0, 0);
  {
    ScopedTimeZone utc("UTC0");
    EXPECT_EQ("2026-11-22", LocalDay(t));
  }
  {
    ScopedTimeZone west("XST+5");  // POSIX: five hours behind UTC, no tz database needed
    EXPECT_EQ("2026-11-21", LocalDay(t));
  }
  {
    ScopedTimeZone east("XET-10");
    EXPECT_EQ("2026-11-22", LocalDay(t));
    EXPECT_EQ("2026-11-23", LocalDay(Utc(2026, 11, 22, 14, 0, 0, 0)));
  }
}

TEST(LogicClock, FakeClock) {
  FakeClock clock(AtMillis(1000));
  EXPECT_EQ(AtMillis(1000), clock.Now());
  EXPECT_EQ(AtMillis(1000), clock.Now());  // does not move by itself
  clock.Advance(milliseconds(250));
  EXPECT_EQ(AtMillis(1250), clock.Now());
  clock.Set(AtMillis(5));
  EXPECT_EQ(AtMillis(5), clock.Now());
  const Clock& as_clock = clock;
  EXPECT_EQ(AtMillis(5), as_clock.Now());

  SystemClock system;
  TimePoint a = system.Now();
  TimePoint b = system.Now();
  EXPECT_LE(a, b);
  EXPECT_GT(a, Utc(2024, 1, 1, 0, 0, 0, 0));
}

}  // namespace
}  // namespace stem
