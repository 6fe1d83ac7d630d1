// SearchDebouncer: which typed texts are searched, and when.
#include "kiosk/app/core/search_debouncer.h"

#include <gtest/gtest.h>

namespace stem::kiosk {
namespace {

using namespace std::chrono_literals;

struct Event {
  std::chrono::milliseconds at;
  std::string typed;  // "" with poll: just poll; "\n": flush
  bool poll;
  std::optional<std::string> want;
};

TEST(SearchDebouncerTest, Table) {
  const std::vector<std::vector<Event>> scripts = {
      // Fast typing runs one search after the pause.
      {{0ms, "j", false, {}}, {50ms, "jo", false, {}}, {100ms, "jos", false, {}},
       {200ms, "", true, std::nullopt}, {250ms, "", true, "jos"}, {400ms, "", true, std::nullopt}},
      // The same text twice in a row is searched once.
      {{0ms, "ana", false, {}}, {200ms, "", true, "ana"}, {300ms, "ana", false, {}},
       {600ms, "", true, std::nullopt}},
      // A scan ends with Enter: searched at once.
      {{0ms, "RG7K2", false, {}}, {1ms, "\n", false, {}}, {2ms, "", true, "RG7K2"}},
  };
  for (size_t s = 0; s < scripts.size(); ++s) {
    SCOPED_TRACE(s);
    SearchDebouncer d(150ms);
    SearchDebouncer::Clock::time_point t0{};
    for (const Event& e : scripts[s]) {
      if (e.typed == "\n") {
        d.Flush();
      } else if (!e.poll) {
        d.Typed(e.typed, t0 + e.at);
      } else {
        EXPECT_EQ(d.Due(t0 + e.at), e.want) << e.at.count();
      }
    }
  }
}

}  // namespace
}  // namespace stem::kiosk
