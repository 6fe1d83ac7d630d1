#include "kiosk/app/ui/thanks_screen.h"

#include "kiosk/app/ui/theme.h"

namespace stem::kiosk {

ThanksScreen::ThanksScreen(wxWindow* parent, KioskContext& ctx, Navigator& nav,
                           const ThanksInfo& info)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "thanks"),
      timer_(this) {
  Theme theme = Theme::From(ctx);
  PaintPanel(this, theme);
  auto* col = new wxBoxSizer(wxVERTICAL);
  col->AddStretchSpacer(1);
  col->Add(MakeText(this, _("Saved. Thank you!"), theme.Font(56, true), theme.Success(), "saved"),
           0, wxALIGN_CENTER_HORIZONTAL | wxALL, theme.Px(16));
  if (!info.confirmation_codes.empty()) {
    col->Add(MakeText(this, _("Your confirmation code:"), theme.Heading(), theme.Foreground()), 0,
             wxALIGN_CENTER_HORIZONTAL | wxTOP, theme.Px(24));
    for (const std::string& code : info.confirmation_codes) {
      col->Add(MakeText(this, U8(code), theme.Font(96, true), theme.Foreground(), "code"), 0,
               wxALIGN_CENTER_HORIZONTAL | wxALL, theme.Px(4));
    }
    col->Add(MakeText(this, _("Show it at the check-in table."), theme.Body(), theme.Muted()), 0,
             wxALIGN_CENTER_HORIZONTAL | wxALL, theme.Px(8));
  }
  col->AddStretchSpacer(1);
  auto* done = MakeButton(this, _("Done"), theme, "done", true, 32);
  done->SetMinSize(wxSize(theme.Px(320), theme.Px(96)));
  bool to_desk = info.back_to_desk;
  auto finish = [&nav, to_desk] {
    if (to_desk) {
      nav.GoDesk();
    } else {
      nav.GoAttract();
    }
  };
  done->Bind(wxEVT_BUTTON, [finish](wxCommandEvent& e) {
    e.Skip();
    finish();
  });
  col->Add(done, 0, wxALIGN_CENTER_HORIZONTAL | wxALL, theme.Px(24));
  SetSizer(col);
  Bind(wxEVT_TIMER, [finish](wxTimerEvent&) { finish(); });
  timer_.StartOnce(20000);
}

}  // namespace stem::kiosk
