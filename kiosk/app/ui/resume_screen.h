// ResumeScreen: "Continue an application" saved for later on this kiosk.
//
// Asks for the resume code (the code keyboard) and the child's date of birth (the number pad;
// the keyboard follows the box being typed in), then opens the draft through the frame's
// SaveWorker (Argon2id: off the UI thread) and continues the form at the page it was left.
// A wrong code and a wrong date get the same words, so nothing tells which was wrong; a locked
// or expired draft is said plainly. States: kTyping, kOpening. UI thread only.
#pragma once

#include "kiosk/app/core/save_job.h"
#include "kiosk/app/ui/kiosk_context.h"
#include "kiosk/app/ui/navigator.h"
#include "kiosk/app/ui/onscreen_keyboard.h"
#include "kiosk/app/ui/wx.h"

namespace stem::kiosk {

class ResumeScreen : public wxPanel {
 public:
  enum class State { kTyping, kOpening };
  ResumeScreen(wxWindow* parent, KioskContext& ctx, Navigator& nav, SaveWorker& saver);
  ~ResumeScreen() override;
  State state() const { return state_; }

 private:
  wxTextCtrl* Box(const wxString& name, int width_px, KeyboardLayout layout);
  void OnContinue();
  void Opened(const DraftResumeResult& result);
  void Say(const wxString& words);

  KioskContext& ctx_;
  Navigator& nav_;
  SaveWorker& saver_;
  State state_ = State::kTyping;
  wxTextCtrl* code_ = nullptr;
  wxTextCtrl* birth_date_ = nullptr;
  OnscreenKeyboard* keyboard_ = nullptr;
  wxStaticText* message_ = nullptr;
  wxButton* continue_ = nullptr;
};

}  // namespace stem::kiosk
