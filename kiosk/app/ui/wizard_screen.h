// WizardScreen: any form, page by page, for a family (or a volunteer registering a walk-up).
//
// Owns one FormWizard (core/wizard.h) and so all of this family's answers; the frame
// destroys the screen, and the answers with it, when the family finishes, cancels or walks
// away. Handlers only call the wizard and redraw. Submitting hands the answers to the
// frame's SaveWorker; the result comes back on the UI thread through a weak reference, so a
// screen closed meanwhile is never touched; "Saved" appears only after the commit.
// Question labels, hints, errors and the review's labels and answers wrap to the width of
// the question area (rewrapped when it changes), so nothing is cut off at any window size.
// A family's form (not a volunteer's) has "Save and finish later": the application goes to the
// screen that seals it (a resumed one keeps its code); one opened again starts from its
// answers at the page it left, and its draft is deleted with the save that submits it.
// States: kAnswering (a question page), kReview, kSaving, kSaveFailed.
#pragma once

#include <memory>

#include "kiosk/app/core/save_job.h"
#include "kiosk/app/core/wizard.h"
#include "kiosk/app/ui/kiosk_context.h"
#include "kiosk/app/ui/navigator.h"
#include "kiosk/app/ui/onscreen_keyboard.h"
#include "kiosk/app/ui/wx.h"

namespace stem::kiosk {

class WizardScreen : public wxPanel {
 public:
  enum class State { kAnswering, kReview, kSaving, kSaveFailed };
  WizardScreen(wxWindow* parent, KioskContext& ctx, Navigator& nav, SaveWorker& saver,
               std::shared_ptr<const forms::FormSpec> spec, bool from_desk,
               const ResumedDraft* resumed = nullptr);
  State state() const { return state_; }
  const FormWizard& wizard() const { return wizard_; }

 private:
  void ShowPage(const std::vector<forms::AnswerError>& errors = {});
  void BuildReview(wxSizer* into);
  void OnAnswer(const nlohmann::json& value);
  void OnNext();
  void Submit();
  void SaveForLater();
  void Saved(const SaveResult& result);
  wxString Tr(const forms::Text& text) const;
  wxString AnswerText(const forms::Item& item, const nlohmann::json& answer) const;
  void UpdateProgress();
  // Adds `text` to the texts wrapped to the question area, less `reserve` pixels.
  wxStaticText* Wrapped(wxStaticText* text, int reserve = 0);
  void Rewrap();
  int WrapWidth() const;

  KioskContext& ctx_;
  Navigator& nav_;
  SaveWorker& saver_;
  bool from_desk_;
  FormWizard wizard_;
  ResumedDraft resumed_;  // its code, birth date and draft id when it was saved before
  State state_ = State::kAnswering;

  wxStaticText* progress_ = nullptr;
  wxGauge* gauge_ = nullptr;
  wxScrolledWindow* body_ = nullptr;
  OnscreenKeyboard* keyboard_ = nullptr;
  wxStaticText* error_ = nullptr;
  wxStaticText* status_ = nullptr;
  wxButton* back_ = nullptr;
  wxButton* next_ = nullptr;
  wxButton* add_ = nullptr;
  struct WrappedText {
    wxStaticText* text;
    wxString label;  // as given, without the line breaks wrapping adds
    int reserve;
  };
  std::vector<WrappedText> wrapped_;  // on the page shown now
  int wrapped_at_ = 0;                // the width they were wrapped to
};

}  // namespace stem::kiosk
