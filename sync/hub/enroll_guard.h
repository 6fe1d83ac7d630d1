// EnrollGuard: a limit on guessing enrollment codes.
//
// Failed enrollments (wrong, used, expired or malformed codes) are counted per client address
// and in total over a sliding window. Once an address has `per_address` failures in the
// window, or the hub `total` from all addresses together, every further enrollment from that
// address (or from any, for the total) is refused, right code or not, until the oldest
// counted failure leaves the window. With the defaults a guesser gets 50 tries per 10
// minutes against codes drawn from 27^10 (about 2e14) values.
// Memory: at most `total` failures are remembered. Thread safety: all calls may come from
// several server threads at once (one mutex). Time is passed in, so tests need no clock.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace stem::hub {

struct EnrollLimits {
  int per_address = 5;
  int total = 50;
  std::chrono::seconds window{600};
};

class EnrollGuard {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  explicit EnrollGuard(EnrollLimits limits) : limits_(limits) {}

  // nullopt when `address` may try to enroll now; otherwise how long it must wait (>= 1 s).
  std::optional<std::chrono::seconds> RetryAfter(const std::string& address, TimePoint now);
  // Counts one failed enrollment from `address`.
  void RecordFailure(const std::string& address, TimePoint now);

 private:
  void Prune(TimePoint now);  // mu_ held
  std::chrono::seconds Until(TimePoint oldest, TimePoint now) const;

  EnrollLimits limits_;
  std::mutex mu_;
  std::deque<std::pair<TimePoint, std::string>> failures_;  // oldest first
  std::map<std::string, int> per_address_;
};

}  // namespace stem::hub
