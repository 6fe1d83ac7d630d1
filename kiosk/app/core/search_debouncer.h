// SearchDebouncer: runs the roster search once typing pauses, not on every keystroke.
//
// The caller reports each change of the search box with Typed() and polls Due() from a
// timer; Due() hands out the text once `pause` has passed since the last change, and never
// the same text twice in a row. A badge scan ends with Enter: Flush() makes it due at once.
// Threads: one thread (the UI's). Pure: time is passed in.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace stem::kiosk {

class SearchDebouncer {
 public:
  using Clock = std::chrono::steady_clock;
  explicit SearchDebouncer(std::chrono::milliseconds pause) : pause_(pause) {}

  void Typed(const std::string& text, Clock::time_point now);
  void Flush();
  std::optional<std::string> Due(Clock::time_point now);

 private:
  std::chrono::milliseconds pause_;
  std::optional<std::string> pending_;
  std::optional<std::string> last_run_;
  Clock::time_point changed_at_{};
  bool flush_ = false;
};

}  // namespace stem::kiosk
