// HomeScreen: the actions the admin enabled for this event (register, scholarship, survey),
// one big button per form, titled in the family's language. State: kChoosing only.
#pragma once

#include "kiosk/app/ui/kiosk_context.h"
#include "kiosk/app/ui/navigator.h"
#include "kiosk/app/ui/wx.h"

namespace stem::kiosk {

class HomeScreen : public wxPanel {
 public:
  HomeScreen(wxWindow* parent, KioskContext& ctx, Navigator& nav);
};

}  // namespace stem::kiosk
