// Retry timing for uploads: full-jitter exponential backoff and the Retry-After header.
//
// FullJitterDelay(policy, attempt, r) is uniform in [0, min(cap, base * 2^attempt)] with the
// randomness passed in, so tests pin it down and production draws from a real source.
// ParseRetryAfter accepts delta-seconds and the IMF-fixdate form of RFC 9110.
// Thread safety: pure functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "data/clock.h"

namespace stem::sync {

struct BackoffPolicy {
  std::chrono::milliseconds base{500};
  std::chrono::milliseconds cap{60'000};
};

// `random_value` is any uniformly random 64-bit number.
std::chrono::milliseconds FullJitterDelay(const BackoffPolicy& policy, int attempt,
                                          uint64_t random_value);

// nullopt when the header is absent or malformed; a date in the past gives zero.
std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value, TimePoint now);

}  // namespace stem::sync
