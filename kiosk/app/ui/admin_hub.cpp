// The admin screen's Hub section: enrollment and the sync line.
#include "kiosk/app/ui/admin_screen.h"
#include "kiosk/app/ui/sync_status_view.h"
#include "kiosk/app/ui/sync_words.h"
#include "kiosk/app/ui/theme.h"

namespace stem::kiosk {

wxSizer* AdminScreen::MakeHubSection(wxWindow* parent) {
  Theme theme = Theme::From(ctx_);
  auto* box = new wxBoxSizer(wxVERTICAL);
  auto* row = new wxBoxSizer(wxHORIZONTAL);
  hub_url_ = Field(parent, "hub_url", 0, KeyboardLayout::kEmail);
  hub_url_->SetHint(_("Hub address"));
  if (Result<SyncSettings> s = ctx_.store().GetSyncSettings(); s.ok()) hub_url_->SetValue(U8(s->hub_url));
  row->Add(hub_url_, 1, wxALIGN_CENTER_VERTICAL);
  hub_code_ = Field(parent, "hub_code", 0, KeyboardLayout::kEmail);
  hub_code_->SetHint(_("Enrollment code"));
  row->Add(hub_code_, 1, wxALIGN_CENTER_VERTICAL | wxLEFT, theme.Px(8));
  connect_ = MakeButton(parent, _("Connect"), theme, "hub_connect", false, 24);
  connect_->Bind(wxEVT_BUTTON, [this](wxCommandEvent& e) {
    e.Skip();
    Connect();
  });
  row->Add(connect_, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, theme.Px(8));
  box->Add(row, 0, wxEXPAND);
  hub_message_ = MakeText(parent, "", theme.Body(), theme.Foreground(), "hub_message");
  box->Add(hub_message_, 0, wxTOP, theme.Px(4));
  sync_view_ = new SyncStatusView(parent, ctx_, nav_.Sync());
  box->Add(sync_view_, 0, wxEXPAND | wxTOP, theme.Px(4));
  return box;
}

void AdminScreen::Connect() {
  Theme theme = Theme::From(ctx_);
  std::string url = ToU8(hub_url_->GetValue().Strip(wxString::both));
  // Codes are printed in capitals; the on-screen keyboard types small letters.
  std::string code = ToU8(hub_code_->GetValue().Strip(wxString::both).Upper());
  auto say = [this, theme](const wxString& text, const wxColour& colour) {
    SetText(hub_message_, text, theme.Px(700));
    hub_message_->SetForegroundColour(colour);
    Layout();
  };
  if (url.empty() || code.empty()) {
    state_ = State::kInvalid;
    return say(_("Please enter the hub address and the enrollment code."), theme.Error());
  }
  std::weak_ptr<bool> alive = alive_;
  bool started = nav_.Sync().Enroll(url, code, [this, alive, say, theme](const Status& s) {
    if (alive.expired()) return;  // the admin left this screen meanwhile
    connect_->Enable();
    state_ = s.ok() ? State::kSaved : State::kInvalid;
    if (s.ok()) hub_code_->Clear();
    say(EnrollWords(s), s.ok() ? theme.Success() : theme.Error());
  });
  if (!started) return;
  state_ = State::kConnecting;
  connect_->Disable();
  say(wxGetTranslation(wxString::FromUTF8("Connecting to the hub…")), theme.Foreground());
}

}  // namespace stem::kiosk
