// KioskFrame: the one window. It only switches between screens (each a small panel with
// its own state), keeps the idle timer, and owns the SaveWorker and the SyncLink (the hub
// sync worker, started when the store is enrolled) whose threads it joins when it closes.
// Switching destroys the previous screen, so a family's answers live exactly as
// long as their form screen. Screens are switched after the current event handler returns
// (CallAfter), never from inside a handler of the screen being destroyed.
// In kiosk mode the window is full screen and refuses to close until the admin exits kiosk
// mode. Each screen is built for the window's size and DPI at the time it opens (the theme
// scales with them); the attract screen is rebuilt when the window is resized or rotated.
// UI thread only.
#pragma once

#include <functional>

#include "kiosk/app/core/idle_timer.h"
#include "kiosk/app/core/save_job.h"
#include "kiosk/app/ui/kiosk_context.h"
#include "kiosk/app/ui/navigator.h"
#include "kiosk/app/ui/wx.h"

namespace stem::kiosk {

class StillThereScreen;

class KioskFrame : public wxFrame, public Navigator {
 public:
  KioskFrame(KioskContext& ctx, bool windowed);
  ~KioskFrame() override;

  // The screen shown now ("attract", "home", "wizard", ...; "still_there" over a form).
  wxWindow* screen() const;
  // Runs the idle check now (the timer also runs it four times a second).
  void TickIdle();

  void GoAttract() override;
  void GoHome() override;
  void StartForm(const std::string& form_id, bool from_desk) override;
  void SaveForLater(const ResumedDraft& application) override;
  void ResumeApplication() override;
  void ContinueApplication(const ResumedDraft& application) override;
  void ShowThanks(const ThanksInfo& info) override;
  void AskPin(PinRole role) override;
  void GoDesk() override;
  void GoAdmin(bool first_setup) override;
  void Restyle() override;
  void ExitKiosk() override;
  SyncLink& Sync() override { return sync_; }

 private:
  void Switch(std::function<wxPanel*()> make, bool arm_idle);
  // Notes the window's size and DPI in the context; true when the theme's scale changed.
  bool MeasureScreen();
  void Touched(wxEvent& e);
  void CloseStillThere();

  KioskContext& ctx_;
  bool kiosk_mode_;
  bool allow_close_ = false;
  SaveWorker saver_;
  SyncLink sync_;  // its worker's results come back only while this frame exists
  IdleTimer idle_;
  wxTimer idle_tick_;
  wxPanel* screen_ = nullptr;
  StillThereScreen* still_there_ = nullptr;
  std::function<wxPanel*()> make_current_;
};

}  // namespace stem::kiosk
