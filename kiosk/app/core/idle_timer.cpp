#include "kiosk/app/core/idle_timer.h"

#include <algorithm>

namespace stem::kiosk {

namespace {
std::chrono::milliseconds AtLeastASecond(std::chrono::milliseconds d) {
  return std::max(d, std::chrono::milliseconds(1000));
}
}  // namespace

IdleTimer::IdleTimer(std::chrono::milliseconds idle_after, std::chrono::milliseconds countdown)
    : idle_after_(AtLeastASecond(idle_after)), countdown_(AtLeastASecond(countdown)) {}

void IdleTimer::SetIdleAfter(std::chrono::milliseconds idle_after) {
  idle_after_ = AtLeastASecond(idle_after);
}

void IdleTimer::Arm(Clock::time_point now) {
  state_ = State::kActive;
  last_touch_ = now;
}

void IdleTimer::Disarm() { state_ = State::kOff; }

void IdleTimer::Touch(Clock::time_point now) {
  if (state_ == State::kActive || state_ == State::kWarning) {
    state_ = State::kActive;
    last_touch_ = now;
  }
}

IdleTimer::State IdleTimer::Update(Clock::time_point now) {
  if (state_ == State::kOff || state_ == State::kExpired) return state_;
  auto idle = now - last_touch_;
  if (idle >= idle_after_ + countdown_) {
    state_ = State::kExpired;
  } else if (idle >= idle_after_) {
    state_ = State::kWarning;
  }
  return state_;
}

int IdleTimer::SecondsLeft(Clock::time_point now) const {
  if (state_ != State::kWarning) return 0;
  auto left = last_touch_ + idle_after_ + countdown_ - now;
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(left).count();
  if (ms <= 0) return 0;
  return static_cast<int>((ms + 999) / 1000);
}

}  // namespace stem::kiosk
