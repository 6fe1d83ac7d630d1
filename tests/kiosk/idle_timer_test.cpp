// IdleTimer: the state after a sequence of touches and clock readings.
#include "kiosk/app/core/idle_timer.h"

#include <gtest/gtest.h>

namespace stem::kiosk {
namespace {

using namespace std::chrono_literals;
using State = IdleTimer::State;

struct Step {
  std::chrono::milliseconds at;
  bool touch;
  State want;
  int seconds_left;
};

TEST(IdleTimerTest, Table) {
  const std::vector<std::vector<Step>> scripts = {
      // Nobody touches: warning at 60 s, expired at 80 s.
      {{0ms, false, State::kActive, 0}, {59'999ms, false, State::kActive, 0},
       {60'000ms, false, State::kWarning, 20}, {70'500ms, false, State::kWarning, 10},
       {80'000ms, false, State::kExpired, 0}, {81'000ms, true, State::kExpired, 0}},
      // A touch during the warning starts over.
      {{65'000ms, false, State::kWarning, 15}, {66'000ms, true, State::kActive, 0},
       {125'000ms, false, State::kActive, 0}, {126'000ms, false, State::kWarning, 20}},
      // Touches keep it active.
      {{30'000ms, true, State::kActive, 0}, {89'000ms, false, State::kActive, 0},
       {90'000ms, false, State::kWarning, 20}},
  };
  for (size_t s = 0; s < scripts.size(); ++s) {
    SCOPED_TRACE(s);
    IdleTimer timer(60s, 20s);
    IdleTimer::Clock::time_point t0{};
    timer.Arm(t0);
    for (const Step& step : scripts[s]) {
      if (step.touch) timer.Touch(t0 + step.at);
      EXPECT_EQ(timer.Update(t0 + step.at), step.want) << step.at.count();
      EXPECT_EQ(timer.SecondsLeft(t0 + step.at), step.seconds_left) << step.at.count();
    }
  }
}

TEST(IdleTimerTest, OffUntilArmedAndAfterDisarm) {
  IdleTimer timer(1s, 1s);
  IdleTimer::Clock::time_point t0{};
  EXPECT_EQ(timer.Update(t0 + 1h), State::kOff);
  timer.Arm(t0);
  timer.Disarm();
  EXPECT_EQ(timer.Update(t0 + 1h), State::kOff);
}

TEST(IdleTimerTest, DurationsBelowOneSecondAreRaised) {
  IdleTimer timer(0ms, -5ms);
  IdleTimer::Clock::time_point t0{};
  timer.Arm(t0);
  EXPECT_EQ(timer.Update(t0 + 999ms), State::kActive);
  EXPECT_EQ(timer.Update(t0 + 1000ms), State::kWarning);
  EXPECT_EQ(timer.Update(t0 + 2000ms), State::kExpired);
}

}  // namespace
}  // namespace stem::kiosk
