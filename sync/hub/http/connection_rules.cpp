#include "sync/hub/http/connection_rules.h"

#include <algorithm>

namespace stem::hub::http {

bool AddressLimits::Admit(const std::string& address) {
  std::lock_guard lock(mu_);
  int& n = open_[address];
  if (!exempt_.count(address) && n >= limits_.connections_per_address) {
    if (n == 0) open_.erase(address);
    return false;
  }
  ++n;
  return true;
}

void AddressLimits::Release(const std::string& address) {
  std::lock_guard lock(mu_);
  auto it = open_.find(address);
  if (it == open_.end()) return;
  if (--it->second <= 0) open_.erase(it);
}

int AddressLimits::Connections(const std::string& address) {
  std::lock_guard lock(mu_);
  auto it = open_.find(address);
  return it == open_.end() ? 0 : it->second;
}

std::optional<std::chrono::seconds> AddressLimits::RateLimited(const std::string& address,
                                                               SteadyTime now) {
  constexpr auto kWindow = std::chrono::minutes(1);
  std::lock_guard lock(mu_);
  // Forget addresses whose requests all left the window, so memory follows recent callers.
  for (auto it = recent_.begin(); it != recent_.end();) {
    while (!it->second.empty() && it->second.front() + kWindow <= now) it->second.pop_front();
    it = it->second.empty() ? recent_.erase(it) : std::next(it);
  }
  std::deque<SteadyTime>& mine = recent_[address];
  if (static_cast<int>(mine.size()) >= std::max(1, limits_.requests_per_minute)) {
    auto wait = std::chrono::ceil<std::chrono::seconds>(mine.front() + kWindow - now);
    return std::max(wait, std::chrono::seconds(1));
  }
  mine.push_back(now);
  return std::nullopt;
}

std::optional<std::string> CutReason(Phase phase, SteadyTime since, size_t received,
                                     size_t expected, SteadyTime now,
                                     const ServerLimits& limits) {
  auto elapsed = now - since;
  switch (phase) {
    case Phase::kHead:
      if (elapsed > limits.head_deadline) return "head_too_slow";
      return std::nullopt;
    case Phase::kBody: {
      // A body may take the grace period plus its size at the minimum rate; one whose size
      // is not announced must keep up the rate after the grace period.
      size_t rate = std::max<size_t>(1, limits.min_upload_bytes_per_second);
      size_t size = std::max(expected, received);
      auto allowed = limits.body_grace + std::chrono::milliseconds(size * 1000 / rate);
      if (elapsed > allowed) return "body_too_slow";
      return std::nullopt;
    }
    case Phase::kHandling:
    case Phase::kAnswering:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace stem::hub::http
