#include "kiosk/app/ui/resume_screen.h"

#include <wx/wrapsizer.h>

#include "data/clock.h"
#include "kiosk/app/core/wizard.h"
#include "kiosk/app/ui/messages.h"
#include "kiosk/app/ui/theme.h"

namespace stem::kiosk {

ResumeScreen::ResumeScreen(wxWindow* parent, KioskContext& ctx, Navigator& nav, SaveWorker& saver)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "resume"),
      ctx_(ctx),
      nav_(nav),
      saver_(saver) {
  Theme theme = Theme::From(ctx_);
  PaintPanel(this, theme);
  auto* col = new wxBoxSizer(wxVERTICAL);
  col->Add(MakeText(this, _("Continue an application"), theme.Title(), theme.Foreground(), "title"),
           0, wxLEFT | wxRIGHT | wxTOP, theme.Px(16));
  keyboard_ = new OnscreenKeyboard(this, theme);
  // The two boxes side by side on a landscape screen, one above the other on a narrow one.
  auto* boxes = new wxWrapSizer(wxHORIZONTAL);
  auto* code_col = new wxBoxSizer(wxVERTICAL);
  code_col->Add(MakeText(this, _("Resume code"), theme.Heading(), theme.Foreground()));
  code_col->AddStretchSpacer(1);
  code_ = Box("resume_code", 360, KeyboardLayout::kCode);
  code_col->Add(code_, 0, wxTOP, theme.Px(6));
  boxes->Add(code_col, 0, wxEXPAND | wxRIGHT | wxTOP, theme.Px(16));
  auto* date_col = new wxBoxSizer(wxVERTICAL);
  date_col->Add(MakeText(this, _("Your child's date of birth"), theme.Heading(), theme.Foreground()));
  date_col->Add(MakeText(this, DateFormatHint(ctx_.language),
                         theme.Body(), theme.Muted()));
  birth_date_ = Box("birth_date", 360, KeyboardLayout::kDate);
  date_col->Add(birth_date_, 0, wxTOP, theme.Px(6));
  boxes->Add(date_col, 0, wxEXPAND | wxTOP, theme.Px(16));
  col->Add(boxes, 0, wxEXPAND | wxLEFT | wxRIGHT, theme.Px(16));
  message_ = MakeText(this, "", theme.Font(26, true), theme.Error(), "error");
  col->Add(message_, 0, wxLEFT | wxRIGHT | wxTOP, theme.Px(16));
  col->AddStretchSpacer(1);
  col->Add(keyboard_, 0, wxALIGN_CENTER_HORIZONTAL | wxTOP | wxBOTTOM, theme.Px(8));

  auto* row = new wxBoxSizer(wxHORIZONTAL);
  auto* back = MakeButton(this, _("Back"), theme, "back");
  back->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
    e.Skip();
    if (state_ != State::kOpening) nav_.GoHome();
  });
  continue_ = MakeButton(this, _("Continue"), theme, "continue", true, 30);
  continue_->SetMinSize(wxSize(theme.Px(240), theme.TapHeight()));
  continue_->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
    e.Skip();
    OnContinue();
  });
  row->Add(back, 0, wxALL, theme.Px(8));
  row->AddStretchSpacer(1);
  row->Add(continue_, 0, wxALL, theme.Px(8));
  col->Add(row, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, theme.Px(8));
  SetSizer(col);
  keyboard_->SetLayout(KeyboardLayout::kCode);
  keyboard_->SetTarget(code_);
  code_->SetFocus();
}

ResumeScreen::~ResumeScreen() { keyboard_->SetTarget(nullptr); }

wxTextCtrl* ResumeScreen::Box(const wxString& name, int width_px, KeyboardLayout layout) {
  Theme theme = Theme::From(ctx_);
  auto* box = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition,
                             wxSize(theme.Px(width_px), theme.Px(72)), 0, wxDefaultValidator, name);
  box->SetFont(theme.Font(32));
  // The on-screen keyboard types into whichever box the family tapped.
  box->Bind(wxEVT_SET_FOCUS, [this, box, layout](wxFocusEvent& e) {
    e.Skip();
    if (keyboard_->layout() != layout) {
      keyboard_->SetLayout(layout);
      Layout();
    }
    keyboard_->SetTarget(box);
  });
  return box;
}

void ResumeScreen::Say(const wxString& words) {
  SetText(message_, words, FromDIP(ctx_.screen.width_dip) - Theme::From(ctx_).Px(40));
  Layout();
}

void ResumeScreen::OnContinue() {
  if (state_ == State::kOpening) return;
  nlohmann::json date = DateFromText(ToU8(birth_date_->GetValue()), ctx_.language);
  if (!date.is_string() || !IsValidDate(date.get<std::string>())) {
    Say(Words(Status::InvalidArgument("invalid_birth_date", "")));
    return;
  }
  state_ = State::kOpening;
  continue_->Enable(false);
  message_->SetForegroundColour(Theme::From(ctx_).Foreground());
  Say(_("Opening..."));
  wxWeakRef<ResumeScreen> self(this);
  saver_.ResumeDraft(ToU8(code_->GetValue()), date.get<std::string>(),
                     [self](DraftResumeResult result) {
                       if (self) self->Opened(result);
                     });
}

void ResumeScreen::Opened(const DraftResumeResult& result) {
  state_ = State::kTyping;
  continue_->Enable(true);
  if (result.status.ok()) {
    nav_.ContinueApplication(result.draft);
    return;
  }
  message_->SetForegroundColour(Theme::From(ctx_).Error());
  Say(Words(result.status));
}

}  // namespace stem::kiosk
