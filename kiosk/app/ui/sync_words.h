// Words for people, in the current UI language, about the kiosk's link to its hub: its
// state, the reason slugs of SyncStatus::problem and of an enrollment Status. Never an errno,
// curl text or an HTTP code. UI thread only.
#pragma once

#include <string>

#include "data/status.h"
#include "kiosk/app/core/sync_link.h"
#include "kiosk/app/ui/wx.h"

namespace stem::kiosk {

// The hub part of the sync line: "Hub: reachable", "Hub: access withdrawn", ...
wxString HubWords(HubState state);
// "" when the reason needs no words (no problem, or simply not enrolled yet).
wxString SyncProblemWords(const std::string& reason);
wxString EnrollWords(const Status& status);

}  // namespace stem::kiosk
