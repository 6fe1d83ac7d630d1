// SyncStatusView: the sync line shared by the volunteer desk and the admin screen: hub
// reachable / not reachable / not set up, records waiting, last successful sync (local time
// or "never"), quarantined records, a problem in words when there is one, and a "Sync now"
// button that asks the SyncLink for a pass (it reads "Syncing…" until the pass reports;
// nothing blocks). Reads counts from the UI thread's store; watches the SyncLink while it
// exists. UI thread only.
#pragma once

#include "kiosk/app/core/sync_link.h"
#include "kiosk/app/ui/kiosk_context.h"
#include "kiosk/app/ui/wx.h"

namespace stem::kiosk {

class SyncStatusView : public wxPanel {
 public:
  SyncStatusView(wxWindow* parent, KioskContext& ctx, SyncLink& link);
  ~SyncStatusView() override;
  void Refresh();

 private:
  KioskContext& ctx_;
  SyncLink& link_;
  int watch_ = 0;
  wxStaticText* line_ = nullptr;
  wxStaticText* problem_ = nullptr;
  wxButton* sync_now_ = nullptr;
};

}  // namespace stem::kiosk
