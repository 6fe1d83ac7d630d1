// Duplicate check-ins across kiosks: the same child checked in to the same activity on two
// kiosks while they could not see each other (offline, or before their last sync), so that
// both thought the child had just arrived. Each kiosk refuses a duplicate of its own check-ins
// unless a volunteer overrides with a reason; only the hub, holding both kiosks' records, can
// see these. Two check-ins are flagged when they are of the same person, event and activity,
// were made on different kiosks, and the later one was made while the earlier was still open
// (not yet checked out). Staff see both records: when, where and by whom, and how each ended.
// Pure: works on the read model's attendance rows. Thread-safe (no state).
#pragma once

#include <vector>

#include "sync/hub/storage/read_model.h"

namespace stem::hub {

struct DuplicateCheckIn {
  AttendanceRow first;   // the earlier check-in
  AttendanceRow second;  // made on another kiosk while the first was open
};

// In order of the second check-in's time.
std::vector<DuplicateCheckIn> FindDuplicateCheckIns(std::vector<AttendanceRow> rows);

}  // namespace stem::hub
