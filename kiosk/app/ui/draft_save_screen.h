// DraftSaveScreen: "Save and finish later" for a family's long application.
//
// Asks for the child's date of birth (the second factor, typed on the number pad), then seals
// the answers on the kiosk through the frame's SaveWorker (Argon2id: off the UI thread) and
// shows the resume code once, large, with how to come back and until when. An application
// that was resumed keeps its code and birth date and is saved again at once. "Back to my
// application" returns to the form at the same page. The idle reset then clears the screen as
// always; nothing here is kept once the screen is gone. Owns a copy of the answers until the
// save ends. States: kAskingBirthDate, kSaving, kSaved, kFailed. UI thread only.
#pragma once

#include "data/store/records.h"
#include "kiosk/app/core/save_job.h"
#include "kiosk/app/ui/kiosk_context.h"
#include "kiosk/app/ui/navigator.h"
#include "kiosk/app/ui/onscreen_keyboard.h"
#include "kiosk/app/ui/wx.h"

namespace stem::kiosk {

class DraftSaveScreen : public wxPanel {
 public:
  enum class State { kAskingBirthDate, kSaving, kSaved, kFailed };
  DraftSaveScreen(wxWindow* parent, KioskContext& ctx, Navigator& nav, SaveWorker& saver,
                  ResumedDraft application);
  State state() const { return state_; }

 private:
  void AskBirthDate();
  void OnSave();
  void Save();
  void Saved(const DraftSaveResult& result);
  void ShowCode(const SavedDraft& saved);
  void Fail(const wxString& words);
  // Empties the screen for the next step; returns its column.
  wxBoxSizer* Clear();

  KioskContext& ctx_;
  Navigator& nav_;
  SaveWorker& saver_;
  ResumedDraft application_;
  State state_ = State::kAskingBirthDate;
  wxTextCtrl* birth_date_ = nullptr;
  OnscreenKeyboard* keyboard_ = nullptr;
  wxStaticText* message_ = nullptr;
  wxButton* save_ = nullptr;
};

}  // namespace stem::kiosk
