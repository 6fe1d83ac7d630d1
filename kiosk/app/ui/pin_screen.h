// PinScreen: asks for the volunteer or the admin PIN on a number pad. A wrong PIN is refused
// with a message and nothing else happens. States: kEntering, kWrong.
#pragma once

#include "kiosk/app/ui/kiosk_context.h"
#include "kiosk/app/ui/navigator.h"
#include "kiosk/app/ui/wx.h"

namespace stem::kiosk {

class PinScreen : public wxPanel {
 public:
  enum class State { kEntering, kWrong };
  PinScreen(wxWindow* parent, KioskContext& ctx, Navigator& nav, PinRole role);
  State state() const { return state_; }

 private:
  void Check();
  KioskContext& ctx_;
  Navigator& nav_;
  PinRole role_;
  State state_ = State::kEntering;
  wxTextCtrl* pin_ = nullptr;
  wxStaticText* error_ = nullptr;
};

}  // namespace stem::kiosk
