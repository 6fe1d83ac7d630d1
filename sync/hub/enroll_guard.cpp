#include "sync/hub/enroll_guard.h"

#include <algorithm>

namespace stem::hub {

void EnrollGuard::Prune(TimePoint now) {
  while (!failures_.empty() && failures_.front().first + limits_.window <= now) {
    auto it = per_address_.find(failures_.front().second);
    if (it != per_address_.end() && --it->second <= 0) per_address_.erase(it);
    failures_.pop_front();
  }
}

std::chrono::seconds EnrollGuard::Until(TimePoint oldest, TimePoint now) const {
  auto left = oldest + limits_.window - now;
  // Rounded up: a client that waits the whole answer finds the failure gone.
  auto secs = std::chrono::ceil<std::chrono::seconds>(left);
  return std::max(secs, std::chrono::seconds(1));
}

std::optional<std::chrono::seconds> EnrollGuard::RetryAfter(const std::string& address,
                                                           TimePoint now) {
  std::lock_guard lock(mu_);
  Prune(now);
  if (static_cast<int>(failures_.size()) >= limits_.total) {
    return Until(failures_.front().first, now);
  }
  auto it = per_address_.find(address);
  if (it != per_address_.end() && it->second >= limits_.per_address) {
    for (const auto& [when, who] : failures_) {
      if (who == address) return Until(when, now);
    }
  }
  return std::nullopt;
}

void EnrollGuard::RecordFailure(const std::string& address, TimePoint now) {
  std::lock_guard lock(mu_);
  Prune(now);
  // Bounded: past the total nobody may try, so older entries are all that matter.
  if (static_cast<int>(failures_.size()) >= limits_.total) return;
  failures_.emplace_back(now, address);
  ++per_address_[address];
}

}  // namespace stem::hub
