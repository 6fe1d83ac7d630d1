// ThanksScreen: "Saved", shown only after the store committed, with each child's name and
// confirmation code in large type beside its QR code (to photograph and be scanned at the
// desk next time); Done (or 20 seconds) returns to the attract screen (or to the desk for a
// walk-up the volunteer registered). State: kShowing only.
#pragma once

#include "kiosk/app/ui/kiosk_context.h"
#include "kiosk/app/ui/navigator.h"
#include "kiosk/app/ui/wx.h"

namespace stem::kiosk {

class ThanksScreen : public wxPanel {
 public:
  ThanksScreen(wxWindow* parent, KioskContext& ctx, Navigator& nav, const ThanksInfo& info);

 private:
  wxTimer timer_;
};

}  // namespace stem::kiosk
