#include "sync/client/backoff.h"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <iomanip>
#include <sstream>
#include <string>

namespace stem::sync {

std::chrono::milliseconds FullJitterDelay(const BackoffPolicy& policy, int attempt,
                                          uint64_t random_value) {
  int64_t cap = std::max<int64_t>(policy.cap.count(), 0);
  int64_t ceiling = std::max<int64_t>(policy.base.count(), 0);
  for (int i = 0; i < attempt && ceiling < cap; ++i) ceiling *= 2;  // no overflow: stops at cap
  ceiling = std::min(ceiling, cap);
  return std::chrono::milliseconds(
      static_cast<int64_t>(random_value % static_cast<uint64_t>(ceiling + 1)));
}

std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value, TimePoint now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (value.find_first_not_of("0123456789") == std::string_view::npos) {
    if (value.size() > 9) return std::chrono::seconds(999'999'999);
    int64_t secs = 0;
    std::from_chars(value.data(), value.data() + value.size(), secs);
    return std::chrono::seconds(secs);
  }
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
  std::tm tm{};
  std::istringstream in{std::string(value)};
  in.imbue(std::locale::classic());
  in >> std::get_time(&tm, "%a, %d %b %Y %H:%M:%S GMT");
  if (in.fail()) return std::nullopt;
  std::time_t t = timegm(&tm);
  auto at = std::chrono::system_clock::from_time_t(t);
  if (at <= now) return std::chrono::seconds(0);
  return std::chrono::duration_cast<std::chrono::seconds>(at - now);
}

}  // namespace stem::sync
