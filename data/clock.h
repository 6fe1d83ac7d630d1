// Time source seam: production uses SystemClock; tests inject a FakeClock.
// Thread safety: SystemClock is stateless; FakeClock is for a single test thread.
#pragma once

#include <chrono>
#include <string>

namespace stem {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint now) : now_(now) {}
  TimePoint Now() const override { return now_; }
  void Set(TimePoint now) { now_ = now; }
  void Advance(std::chrono::milliseconds by) { now_ += by; }

 private:
  TimePoint now_;
};

// "2026-11-22T14:03:07.123Z"
std::string FormatUtc(TimePoint t);
// The calendar day of `t` in the machine's local time zone: "2026-11-22".
std::string LocalDay(TimePoint t);
// Parses "YYYY-MM-DD" and checks it is a real calendar date.
bool IsValidDate(const std::string& text);
// A date limit of a form: "YYYY-MM-DD", "today", or "today" moved by whole days, months or
// years, such as "today-20y", "today+30d", "today-6m" (1 to 3 digits). A month or year step that
// lands on a day the month lacks takes the month's last day (2024-02-29 - 1y = 2023-02-28).
bool IsValidDateLimit(const std::string& text);
// The calendar day a limit means when today is `today` ("YYYY-MM-DD"); empty when either is
// malformed or the result falls outside the years IsValidDate accepts.
std::string ResolveDateLimit(const std::string& limit, const std::string& today);
// A time point from "YYYY-MM-DDTHH:MM:SS(.mmm)Z"; false when malformed.
bool ParseUtc(const std::string& text, TimePoint* out);

}  // namespace stem
