#include "kiosk/app/ui/draft_save_screen.h"

#include "data/clock.h"
#include "kiosk/app/core/wizard.h"
#include "kiosk/app/ui/messages.h"
#include "kiosk/app/ui/theme.h"

namespace stem::kiosk {

DraftSaveScreen::DraftSaveScreen(wxWindow* parent, KioskContext& ctx, Navigator& nav,
                                 SaveWorker& saver, ResumedDraft application)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "draft_save"),
      ctx_(ctx),
      nav_(nav),
      saver_(saver),
      application_(std::move(application)) {
  PaintPanel(this, Theme::From(ctx_));
  SetSizer(new wxBoxSizer(wxVERTICAL));
  if (application_.resume_code.empty()) {
    AskBirthDate();
  } else {
    // Saved before: the same code and birth date, saved again at once.
    Theme theme = Theme::From(ctx_);
    wxBoxSizer* col = Clear();
    message_ = MakeText(this, "", theme.Heading(), theme.Foreground(), "error");
    col->AddStretchSpacer(1);
    col->Add(message_, 0, wxALIGN_CENTER_HORIZONTAL | wxALL, theme.Px(24));
    col->AddStretchSpacer(1);
    Save();
  }
}

wxBoxSizer* DraftSaveScreen::Clear() {
  if (keyboard_ != nullptr) keyboard_->SetTarget(nullptr);
  DestroyChildren();
  birth_date_ = nullptr;
  keyboard_ = nullptr;
  message_ = nullptr;
  save_ = nullptr;
  auto* col = new wxBoxSizer(wxVERTICAL);
  SetSizer(col, true);
  return col;
}

void DraftSaveScreen::AskBirthDate() {
  Theme theme = Theme::From(ctx_);
  wxBoxSizer* col = Clear();
  int wrap = FromDIP(ctx_.screen.width_dip) - theme.Px(40);
  col->Add(MakeText(this, _("Save and finish later"), theme.Title(), theme.Foreground(), "title"), 0,
           wxLEFT | wxRIGHT | wxTOP, theme.Px(16));
  auto* why = MakeText(this,
                       _("Your answers stay on this kiosk, locked. To open them again you will "
                         "need a code we show you next and your child's date of birth."),
                       theme.Body(), theme.Muted(), "why");
  FitText(why, wrap);
  col->Add(why, 0, wxLEFT | wxRIGHT | wxTOP, theme.Px(16));
  col->Add(MakeText(this, _("Your child's date of birth"), theme.Heading(), theme.Foreground()), 0,
           wxLEFT | wxRIGHT | wxTOP, theme.Px(16));
  col->Add(MakeText(this, DateFormatHint(ctx_.language),
                    theme.Body(), theme.Muted()),
           0, wxLEFT | wxRIGHT, theme.Px(16));
  birth_date_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition,
                               wxSize(theme.Px(360), theme.Px(72)), 0, wxDefaultValidator,
                               "birth_date");
  birth_date_->SetFont(theme.Font(32));
  col->Add(birth_date_, 0, wxLEFT | wxRIGHT | wxTOP, theme.Px(16));
  message_ = MakeText(this, "", theme.Font(26, true), theme.Error(), "error");
  col->Add(message_, 0, wxLEFT | wxRIGHT | wxTOP, theme.Px(16));
  col->AddStretchSpacer(1);
  keyboard_ = new OnscreenKeyboard(this, theme);
  keyboard_->SetLayout(KeyboardLayout::kDate);
  keyboard_->SetTarget(birth_date_);
  col->Add(keyboard_, 0, wxALIGN_CENTER_HORIZONTAL | wxTOP | wxBOTTOM, theme.Px(8));

  auto* row = new wxBoxSizer(wxHORIZONTAL);
  auto* back = MakeButton(this, _("Back to my application"), theme, "back");
  back->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
    e.Skip();
    if (state_ != State::kSaving) nav_.ContinueApplication(application_);
  });
  save_ = MakeButton(this, _("Save"), theme, "save_draft", true, 30);
  save_->SetMinSize(wxSize(theme.Px(240), theme.TapHeight()));
  save_->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
    e.Skip();
    OnSave();
  });
  row->Add(back, 0, wxALL, theme.Px(8));
  row->AddStretchSpacer(1);
  row->Add(save_, 0, wxALL, theme.Px(8));
  col->Add(row, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, theme.Px(8));
  Layout();
  birth_date_->SetFocus();
}

void DraftSaveScreen::OnSave() {
  if (state_ == State::kSaving || birth_date_ == nullptr) return;
  nlohmann::json date = DateFromText(ToU8(birth_date_->GetValue()), ctx_.language);
  if (!date.is_string() || !IsValidDate(date.get<std::string>())) {
    SetText(message_, Words(Status::InvalidArgument("invalid_birth_date", "")),
            FromDIP(ctx_.screen.width_dip) - Theme::From(ctx_).Px(64));
    Layout();
    return;
  }
  application_.birth_date = date.get<std::string>();
  Save();
}

void DraftSaveScreen::Save() {
  state_ = State::kSaving;
  if (save_ != nullptr) save_->Enable(false);
  if (message_ != nullptr) {
    message_->SetForegroundColour(Theme::From(ctx_).Foreground());
    SetText(message_, _("Saving..."));
    Layout();
  }
  DraftToSave draft;
  draft.form_id = application_.form_id;
  draft.form_version = application_.form_version;
  draft.language = application_.language;
  draft.page = application_.page;
  draft.answers = application_.answers;
  draft.birth_date = application_.birth_date;
  draft.resume_code = application_.resume_code;
  draft.replaces = application_.id;
  wxWeakRef<DraftSaveScreen> self(this);
  saver_.SaveDraft(std::move(draft), [self](DraftSaveResult result) {
    if (self) self->Saved(result);
  });
}

void DraftSaveScreen::Saved(const DraftSaveResult& result) {
  if (!result.status.ok()) {
    Fail(Words(result.status));
    return;
  }
  application_.answers = nlohmann::json::object();  // sealed in the store now
  ShowCode(result.saved);
}

void DraftSaveScreen::Fail(const wxString& words) {
  if (birth_date_ == nullptr) AskBirthDate();  // a resumed application: nothing was asked
  state_ = State::kFailed;
  Theme theme = Theme::From(ctx_);
  message_->SetForegroundColour(theme.Error());
  SetText(message_, words, FromDIP(ctx_.screen.width_dip) - theme.Px(64));
  if (save_ != nullptr) save_->Enable(true);
  Layout();
}

void DraftSaveScreen::ShowCode(const SavedDraft& saved) {
  state_ = State::kSaved;
  Theme theme = Theme::From(ctx_);
  wxBoxSizer* col = Clear();
  int wrap = FromDIP(ctx_.screen.width_dip) - theme.Px(64);
  col->AddStretchSpacer(1);
  col->Add(MakeText(this, _("Saved for later"), theme.Font(56, true), theme.Success(), "saved"), 0,
           wxALIGN_CENTER_HORIZONTAL | wxALL, theme.Px(16));
  col->Add(MakeText(this, _("Your resume code:"), theme.Heading(), theme.Foreground()), 0,
           wxALIGN_CENTER_HORIZONTAL | wxTOP, theme.Px(16));
  // Two groups of three read and copy more easily; the space is ignored when typed back.
  const std::string& code = saved.resume_code;
  std::string shown = code.size() == 6 ? code.substr(0, 3) + " " + code.substr(3) : code;
  col->Add(MakeText(this, U8(shown), theme.Font(110, true), theme.Foreground(), "resume_code"), 0,
           wxALIGN_CENTER_HORIZONTAL | wxALL, theme.Px(8));
  auto* how = MakeText(this,
                       _("Write it down or take a photo of it. To continue, tap \"Continue an "
                         "application\" on this kiosk and type this code and your child's date "
                         "of birth."),
                       theme.Body(), theme.Foreground(), "how");
  how->SetWindowStyleFlag(how->GetWindowStyleFlag() | wxALIGN_CENTRE_HORIZONTAL);
  FitText(how, wrap);
  col->Add(how, 0, wxALIGN_CENTER_HORIZONTAL | wxLEFT | wxRIGHT | wxTOP, theme.Px(16));
  std::string until = LocalDay(saved.expires_at);
  nlohmann::json until_json = until;
  auto* kept = MakeText(
      this,
      wxString::Format(_("Your answers are kept on this kiosk only, until %s. The code is shown "
                         "only now."),
                       U8(DateText(until_json, ctx_.language))),
      theme.Body(), theme.Muted(), "kept_until");
  kept->SetWindowStyleFlag(kept->GetWindowStyleFlag() | wxALIGN_CENTRE_HORIZONTAL);
  FitText(kept, wrap);
  col->Add(kept, 0, wxALIGN_CENTER_HORIZONTAL | wxLEFT | wxRIGHT | wxTOP, theme.Px(16));
  col->AddStretchSpacer(1);
  auto* done = MakeButton(this, _("Done"), theme, "done", true, 32);
  done->SetMinSize(wxSize(theme.Px(320), theme.Px(96)));
  done->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
    e.Skip();
    nav_.GoAttract();
  });
  col->Add(done, 0, wxALIGN_CENTER_HORIZONTAL | wxALL, theme.Px(24));
  Layout();
}

}  // namespace stem::kiosk
