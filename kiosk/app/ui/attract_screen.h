// AttractScreen: what the kiosk shows between families. The event's name, a big Start,
// English / Español, larger text and high contrast, and small staff buttons (volunteer desk,
// admin) that lead to their PINs. State: kWaiting only; it holds nothing of a family.
#pragma once

#include "kiosk/app/ui/kiosk_context.h"
#include "kiosk/app/ui/navigator.h"
#include "kiosk/app/ui/wx.h"

namespace stem::kiosk {

class AttractScreen : public wxPanel {
 public:
  AttractScreen(wxWindow* parent, KioskContext& ctx, Navigator& nav);
};

}  // namespace stem::kiosk
