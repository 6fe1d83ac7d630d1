// What the sync line says about the hub, decided without a display: access withdrawn (401/403)
// is never shown as "reachable"; syncing and "not set up" come first.
#include "kiosk/app/core/sync_link.h"

#include <gtest/gtest.h>

namespace stem::kiosk {
namespace {

sync::SyncStatus Reported(bool reachable, const std::string& problem, bool needs_operator) {
  sync::SyncStatus s;
  s.enrolled = true;
  s.hub_reachable = reachable;
  s.problem = problem;
  s.needs_operator = needs_operator;
  return s;
}

TEST(HubStateOf, EachReportHasOneState) {
  struct Case {
    const char* what;
    bool running;
    bool syncing;
    std::optional<sync::SyncStatus> last;
    HubState want;
  };
  const Case cases[] = {
      {"not enrolled", false, false, std::nullopt, HubState::kNotSetUp},
      {"not enrolled, stale report", false, false, Reported(true, "", false), HubState::kNotSetUp},
      {"first pass running", true, true, std::nullopt, HubState::kSyncing},
      {"started, no report", true, false, std::nullopt, HubState::kNotCheckedYet},
      {"synced", true, false, Reported(true, "", false), HubState::kReachable},
      {"offline", true, false, Reported(false, "hub_unreachable", false), HubState::kNotReachable},
      {"captive portal", true, false, Reported(false, "not_a_hub", false), HubState::kNotReachable},
      {"401: the hub answered", true, false, Reported(true, "unauthorized", true),
       HubState::kAccessWithdrawn},
      {"403 without the flag", true, false, Reported(true, "unauthorized", false),
       HubState::kAccessWithdrawn},
      {"needs operator", true, false, Reported(false, "", true), HubState::kAccessWithdrawn},
      {"Sync now after 401", true, true, Reported(true, "unauthorized", true), HubState::kSyncing},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(HubStateOf(c.running, c.syncing, c.last), c.want) << c.what;
  }
}

TEST(LocalSyncTime, MalformedOrAbsentIsNone) {
  EXPECT_FALSE(LocalSyncTime(std::nullopt).has_value());
  EXPECT_FALSE(LocalSyncTime(std::string("yesterday")).has_value());
  std::optional<std::string> t = LocalSyncTime(std::string("2026-11-22T14:03:07.123Z"));
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->size(), 16u) << *t;  // "YYYY-MM-DD HH:MM" in local time
}

}  // namespace
}  // namespace stem::kiosk
