// StillThereScreen: the full-screen "Are you still there?" with a countdown, shown over a
// family's unfinished form. It shows none of their answers. "I'm still here" hands back to
// the form; the frame discards everything when the countdown ends. State: kCounting.
#pragma once

#include <functional>

#include "kiosk/app/ui/kiosk_context.h"
#include "kiosk/app/ui/wx.h"

namespace stem::kiosk {

class StillThereScreen : public wxPanel {
 public:
  StillThereScreen(wxWindow* parent, KioskContext& ctx, std::function<void()> still_here);
  void SetSecondsLeft(int seconds);

 private:
  wxStaticText* countdown_ = nullptr;
};

}  // namespace stem::kiosk
