#include "kiosk/app/ui/pin_screen.h"

#include "kiosk/app/ui/onscreen_keyboard.h"
#include "kiosk/app/ui/theme.h"

namespace stem::kiosk {

PinScreen::PinScreen(wxWindow* parent, KioskContext& ctx, Navigator& nav, PinRole role)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "pin_screen"),
      ctx_(ctx),
      nav_(nav),
      role_(role) {
  Theme theme = Theme::From(ctx);
  PaintPanel(this, theme);
  auto* col = new wxBoxSizer(wxVERTICAL);
  wxString title = role == PinRole::kAdmin ? _("Admin PIN") : _("Volunteer PIN");
  col->Add(MakeText(this, title, theme.Title(), theme.Foreground()), 0,
           wxALIGN_CENTER_HORIZONTAL | wxALL, theme.Px(24));
  pin_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(theme.Px(320), theme.TapHeight()),
                        wxTE_PASSWORD | wxTE_PROCESS_ENTER | wxTE_CENTER, wxDefaultValidator, "pin");
  pin_->SetFont(theme.Font(40, true));
  pin_->SetMaxLength(8);
  col->Add(pin_, 0, wxALIGN_CENTER_HORIZONTAL | wxALL, theme.Px(8));
  error_ = MakeText(this, "", theme.Heading(), theme.Error(), "error");
  col->Add(error_, 0, wxALIGN_CENTER_HORIZONTAL | wxALL, theme.Px(4));
  auto* keyboard = new OnscreenKeyboard(this, theme);
  keyboard->SetLayout(KeyboardLayout::kNumbers);
  keyboard->SetTarget(pin_);
  col->Add(keyboard, 0, wxALIGN_CENTER_HORIZONTAL | wxALL, theme.Px(8));
  auto* row = new wxBoxSizer(wxHORIZONTAL);
  auto* cancel = MakeButton(this, _("Cancel"), theme, "cancel");
  cancel->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
    e.Skip();
    pin_->Clear();
    nav_.GoAttract();
  });
  auto* ok = MakeButton(this, _("OK"), theme, "pin_ok", true);
  ok->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
    e.Skip();
    Check();
  });
  pin_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { Check(); });
  row->Add(cancel, 0, wxALL, theme.Px(8));
  row->Add(ok, 0, wxALL, theme.Px(8));
  col->Add(row, 0, wxALIGN_CENTER_HORIZONTAL);
  SetSizer(col);
  pin_->SetFocus();
}

void PinScreen::Check() {
  std::string pin = ToU8(pin_->GetValue());
  pin_->Clear();
  Result<bool> ok = CheckPin(ctx_.store(), role_, pin);
  if (ok.ok() && *ok) {
    if (role_ == PinRole::kAdmin) {
      nav_.GoAdmin(false);
    } else {
      nav_.GoDesk();
    }
    return;
  }
  state_ = State::kWrong;
  SetText(error_, _("That PIN is not right. Please try again."));
  Layout();
}

}  // namespace stem::kiosk
