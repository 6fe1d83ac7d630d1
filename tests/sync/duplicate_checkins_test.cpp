// Duplicate check-ins across kiosks (sync/hub/attendance/duplicate_checkins.h), as a table of
// attendance rows: which pairs are flagged and which are not.
#include "sync/hub/attendance/duplicate_checkins.h"

#include <gtest/gtest.h>

namespace stem::hub {
namespace {

AttendanceRow In(const char* id, const char* person, const char* device, const char* in_at,
                 const char* out_at = "", const char* activity = "") {
  AttendanceRow a;
  a.checkin_id = id;
  a.event_id = "camp";
  a.person_id = person;
  a.activity_id = activity;
  a.in_at = in_at;
  a.in_device = device;
  a.out_at = out_at;
  return a;
}

std::vector<std::pair<std::string, std::string>> Ids(const std::vector<DuplicateCheckIn>& found) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const DuplicateCheckIn& d : found) out.emplace_back(d.first.checkin_id, d.second.checkin_id);
  return out;
}

TEST(DuplicateCheckIns, AreOverlappingCheckInsOfOnePersonOnTwoKiosks) {
  std::vector<AttendanceRow> rows = {
      // Ana: in at the gym door, then again at the front desk before leaving: flagged.
      In("a1", "ana", "gym", "2026-07-06T13:00:00.000Z", "2026-07-06T20:00:00.000Z"),
      In("a2", "ana", "desk", "2026-07-06T13:05:00.000Z"),
      // Ben: in, out, and in again the next day on another kiosk: not a duplicate.
      In("b1", "ben", "gym", "2026-07-06T13:00:00.000Z", "2026-07-06T20:00:00.000Z"),
      In("b2", "ben", "desk", "2026-07-07T13:00:00.000Z"),
      // Cal: twice on the same kiosk (an override there): the kiosk already knew.
      In("c1", "cal", "gym", "2026-07-06T13:00:00.000Z"),
      In("c2", "cal", "gym", "2026-07-06T13:10:00.000Z"),
      // Dee: two activities at once on two kiosks: different activities, not flagged.
      In("d1", "dee", "gym", "2026-07-06T13:00:00.000Z", "", "robots"),
      In("d2", "dee", "desk", "2026-07-06T13:01:00.000Z", "", "rockets"),
      // Eve: three kiosks, all open: every pair once.
      In("e3", "eve", "lab", "2026-07-06T14:00:00.000Z"),
      In("e1", "eve", "gym", "2026-07-06T12:00:00.000Z"),
      In("e2", "eve", "desk", "2026-07-06T13:00:00.000Z"),
      // Fay: the second check-in exactly when the first was checked out: not open then.
      In("f1", "fay", "gym", "2026-07-06T13:00:00.000Z", "2026-07-06T15:00:00.000Z"),
      In("f2", "fay", "desk", "2026-07-06T15:00:00.000Z"),
  };
  std::vector<std::pair<std::string, std::string>> want = {
      {"e1", "e2"}, {"a1", "a2"}, {"e1", "e3"}, {"e2", "e3"}};
  EXPECT_EQ(Ids(FindDuplicateCheckIns(rows)), want);
  EXPECT_TRUE(FindDuplicateCheckIns({}).empty());
}

TEST(DuplicateCheckIns, KeepBothRecordsWhole) {
  AttendanceRow first = In("a1", "ana", "gym", "2026-07-06T13:00:00.000Z");
  first.in_by = "Dana";
  first.given_name = "Ana";
  AttendanceRow second = In("a2", "ana", "desk", "2026-07-06T13:05:00.000Z", "2026-07-06T16:00:00.000Z");
  second.out_method = "pickup_code";
  std::vector<DuplicateCheckIn> found = FindDuplicateCheckIns({second, first});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].first.in_by, "Dana");
  EXPECT_EQ(found[0].first.given_name, "Ana");
  EXPECT_EQ(found[0].second.out_method, "pickup_code");
  EXPECT_EQ(found[0].second.in_device, "desk");
}

}  // namespace
}  // namespace stem::hub
