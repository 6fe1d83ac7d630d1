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
// A time point from "YYYY-MM-DDTHH:MM:SS(.mmm)Z"; false when malformed.
bool ParseUtc(const std::string& text, TimePoint* out);

}  // namespace stem
