// The front door's rules, as plain logic the server consults: how many connections an
// address may hold, how many rate-limited requests it may make per minute, and when a
// connection that is too slow must be cut. Time is passed in, so tests need no clock.
// Thread safety: AddressLimits may be called from several threads at once (one mutex);
// CutReason is a pure function.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "sync/hub/http/http.h"

namespace stem::hub::http {

using SteadyTime = std::chrono::steady_clock::time_point;

class AddressLimits {
 public:
  AddressLimits(const ServerLimits& limits, std::set<std::string> exempt)
      : limits_(limits), exempt_(std::move(exempt)) {}

  // Whether a new connection from `address` may open (and counts it when so). Exempt
  // addresses (trusted proxies) always may.
  bool Admit(const std::string& address);
  void Release(const std::string& address);
  int Connections(const std::string& address);

  // nullopt when `address` may make a rate-limited request now (it is counted); otherwise
  // how long it must wait (>= 1 s).
  std::optional<std::chrono::seconds> RateLimited(const std::string& address, SteadyTime now);

 private:
  const ServerLimits limits_;
  const std::set<std::string> exempt_;
  std::mutex mu_;
  std::map<std::string, int> open_;
  std::map<std::string, std::deque<SteadyTime>> recent_;  // rate-limited requests, 1 minute
};

// Where a connection is in its current request.
enum class Phase {
  kHead,      // waiting for (the rest of) a request line and headers, since `since`
  kBody,      // receiving a body of `expected` bytes (0: unknown), since `since`
  kHandling,  // a handler works on it: no deadline
  kAnswering  // the response goes out: the idle timeout alone applies
};

// Why a connection must be cut now ("head_too_slow", "body_too_slow"), or nullopt.
std::optional<std::string> CutReason(Phase phase, SteadyTime since, size_t received,
                                     size_t expected, SteadyTime now,
                                     const ServerLimits& limits);

}  // namespace stem::hub::http
