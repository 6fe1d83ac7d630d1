#include "sync/hub/attendance/duplicate_checkins.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace stem::hub {

std::vector<DuplicateCheckIn> FindDuplicateCheckIns(std::vector<AttendanceRow> rows) {
  // Times are UTC "YYYY-MM-DDTHH:MM:SS.mmmZ": their text order is their time order.
  std::sort(rows.begin(), rows.end(), [](const AttendanceRow& a, const AttendanceRow& b) {
    return std::tie(a.event_id, a.person_id, a.activity_id, a.in_at, a.checkin_id) <
           std::tie(b.event_id, b.person_id, b.activity_id, b.in_at, b.checkin_id);
  });
  std::vector<DuplicateCheckIn> out;
  size_t start = 0;
  while (start < rows.size()) {
    size_t end = start + 1;
    while (end < rows.size() && rows[end].event_id == rows[start].event_id &&
           rows[end].person_id == rows[start].person_id &&
           rows[end].activity_id == rows[start].activity_id) {
      ++end;
    }
    for (size_t i = start; i < end; ++i) {
      const AttendanceRow& a = rows[i];
      for (size_t j = i + 1; j < end; ++j) {
        const AttendanceRow& b = rows[j];
        bool open_then = a.out_at.empty() || b.in_at < a.out_at;
        if (!open_then) break;  // later ones came later still
        if (a.in_device == b.in_device) continue;  // a kiosk's own duplicates need an override
        out.push_back({a, b});
      }
    }
    start = end;
  }
  std::sort(out.begin(), out.end(), [](const DuplicateCheckIn& x, const DuplicateCheckIn& y) {
    return std::tie(x.second.in_at, x.second.checkin_id) < std::tie(y.second.in_at, y.second.checkin_id);
  });
  return out;
}

}  // namespace stem::hub
