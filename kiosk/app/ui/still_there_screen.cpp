#include "kiosk/app/ui/still_there_screen.h"

#include "kiosk/app/ui/theme.h"

namespace stem::kiosk {

StillThereScreen::StillThereScreen(wxWindow* parent, KioskContext& ctx,
                                   std::function<void()> still_here)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "still_there") {
  Theme theme = Theme::From(ctx);
  PaintPanel(this, theme);
  auto* col = new wxBoxSizer(wxVERTICAL);
  col->AddStretchSpacer(1);
  col->Add(MakeText(this, _("Are you still there?"), theme.Font(60, true), theme.Foreground()), 0,
           wxALIGN_CENTER_HORIZONTAL | wxALL, theme.Px(16));
  col->Add(MakeText(this, _("For your privacy, this form will be cleared in"), theme.Heading(),
                    theme.Muted()),
           0, wxALIGN_CENTER_HORIZONTAL | wxALL, theme.Px(8));
  countdown_ = MakeText(this, "", theme.Font(120, true), theme.Accent(), "countdown");
  col->Add(countdown_, 0, wxALIGN_CENTER_HORIZONTAL | wxALL, theme.Px(8));
  auto* here = MakeButton(this, _("I'm still here"), theme, "still_here", true, 40);
  here->SetMinSize(wxSize(theme.Px(520), theme.Px(130)));
  here->Bind(wxEVT_BUTTON, [still_here](wxCommandEvent& e) {
    e.Skip();
    still_here();
  });
  col->Add(here, 0, wxALIGN_CENTER_HORIZONTAL | wxALL, theme.Px(24));
  col->AddStretchSpacer(1);
  SetSizer(col);
}

void StillThereScreen::SetSecondsLeft(int seconds) {
  // SetText sizes the label for its new text: the empty one it started with has no width.
  SetText(countdown_, wxString::Format(wxPLURAL("%d second", "%d seconds", seconds), seconds));
  Layout();
}

}  // namespace stem::kiosk
