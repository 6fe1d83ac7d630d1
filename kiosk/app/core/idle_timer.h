// IdleTimer: when to ask "Are you still there?" and when to give up and reset the kiosk.
//
// A state machine driven by the caller's clock readings (no timers of its own, so tests step
// time): armed while a family is in a form, it goes to kWarning after `idle_after` without a
// touch and to kExpired `countdown` later. Any touch before expiry returns it to kActive.
// Threads: one thread (the UI's). Errors: none; durations <= 0 are raised to one second.
#pragma once

#include <chrono>

namespace stem::kiosk {

class IdleTimer {
 public:
  using Clock = std::chrono::steady_clock;
  enum class State { kOff, kActive, kWarning, kExpired };

  IdleTimer(std::chrono::milliseconds idle_after, std::chrono::milliseconds countdown);

  void Arm(Clock::time_point now);  // a family started; counts from now
  void Disarm();                    // back on the attract screen
  void Touch(Clock::time_point now);
  // Advances to `now` and returns the state then.
  State Update(Clock::time_point now);
  State state() const { return state_; }
  // Whole seconds left of the countdown (rounded up); 0 outside kWarning.
  int SecondsLeft(Clock::time_point now) const;
  void SetIdleAfter(std::chrono::milliseconds idle_after);

 private:
  std::chrono::milliseconds idle_after_;
  std::chrono::milliseconds countdown_;
  State state_ = State::kOff;
  Clock::time_point last_touch_{};
};

}  // namespace stem::kiosk
