// AdminScreen: behind the admin PIN (or open on first start, when no PINs are set, to set
// them). Chooses the event, the actions families see, the idle timeout, the default
// language, the PINs (stored hashed), the nonprofit's public key; exits kiosk mode.
// Every value is checked before anything is written; a bad one is named and nothing
// changes. States: kEditing, kSaved, kInvalid.
#pragma once

#include <map>
#include <vector>

#include "kiosk/app/ui/kiosk_context.h"
#include "kiosk/app/ui/navigator.h"
#include "kiosk/app/ui/onscreen_keyboard.h"
#include "kiosk/app/ui/wx.h"

namespace stem::kiosk {

class AdminScreen : public wxPanel {
 public:
  enum class State { kEditing, kSaved, kInvalid };
  AdminScreen(wxWindow* parent, KioskContext& ctx, Navigator& nav, bool first_setup);
  State state() const { return state_; }

 private:
  void Save();
  wxTextCtrl* Field(wxWindow* parent, const wxString& name, long style, KeyboardLayout layout);

  KioskContext& ctx_;
  Navigator& nav_;
  bool first_setup_;
  State state_ = State::kEditing;
  std::vector<Event> events_;
  wxChoice* event_ = nullptr;
  std::map<std::string, wxCheckBox*> forms_;
  wxTextCtrl* idle_ = nullptr;
  wxChoice* language_ = nullptr;
  wxTextCtrl* volunteer_pin_ = nullptr;
  wxTextCtrl* admin_pin_ = nullptr;
  wxTextCtrl* public_key_ = nullptr;
  wxStaticText* message_ = nullptr;
  OnscreenKeyboard* keyboard_ = nullptr;
};

}  // namespace stem::kiosk
