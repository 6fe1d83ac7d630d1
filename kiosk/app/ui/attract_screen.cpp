#include "kiosk/app/ui/attract_screen.h"

#include "kiosk/app/ui/theme.h"

namespace stem::kiosk {

AttractScreen::AttractScreen(wxWindow* parent, KioskContext& ctx, Navigator& nav)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "attract") {
  Theme theme = Theme::From(ctx);
  PaintPanel(this, theme);
  auto* col = new wxBoxSizer(wxVERTICAL);
  col->AddStretchSpacer(1);
  wxString event = ctx.event() ? U8(ctx.event()->name) : _("Welcome!");
  auto* title = MakeText(this, event, theme.Font(56, true), theme.Foreground(), "event_name");
  col->Add(title, 0, wxALIGN_CENTER_HORIZONTAL | wxALL, theme.Px(16));
  auto* sub = MakeText(this, _("Register, apply for a scholarship or tell us how we did."),
                       theme.Font(28), theme.Muted());
  col->Add(sub, 0, wxALIGN_CENTER_HORIZONTAL | wxBOTTOM, theme.Px(32));

  auto* start = MakeButton(this, _("Tap to begin"), theme, "start", true, 44);
  start->SetMinSize(wxSize(theme.Px(520), theme.Px(140)));
  start->Bind(wxEVT_BUTTON, [&nav](wxCommandEvent& e) {
    e.Skip();
    nav.GoHome();
  });
  col->Add(start, 0, wxALIGN_CENTER_HORIZONTAL | wxALL, theme.Px(12));

  auto* langs = new wxBoxSizer(wxHORIZONTAL);
  for (auto [code, label] : {std::pair<const char*, const char*>{"en", "English"},
                             std::pair<const char*, const char*>{"es", "Español"}}) {
    auto* b = MakeToggle(this, wxString::FromUTF8(label), theme, wxString("lang:") + code, 32);
    b->SetMinSize(wxSize(theme.Px(240), theme.Px(84)));
    ShowSelected(b, ctx.language == code, theme);
    std::string lang = code;
    b->Bind(wxEVT_TOGGLEBUTTON, [&ctx, &nav, lang](wxCommandEvent& e) {
      e.Skip();
      ctx.language = lang;
      nav.Restyle();
    });
    langs->Add(b, 0, wxALL, theme.Px(10));
  }
  col->Add(langs, 0, wxALIGN_CENTER_HORIZONTAL | wxTOP, theme.Px(16));

  auto* view = new wxBoxSizer(wxHORIZONTAL);
  auto* large = MakeToggle(this, _("Larger text"), theme, "large_text");
  ShowSelected(large, ctx.large_text, theme);
  large->Bind(wxEVT_TOGGLEBUTTON, [&ctx, &nav](wxCommandEvent& e) {
    e.Skip();
    ctx.large_text = !ctx.large_text;
    nav.Restyle();
  });
  auto* contrast = MakeToggle(this, _("High contrast"), theme, "high_contrast");
  ShowSelected(contrast, ctx.high_contrast, theme);
  contrast->Bind(wxEVT_TOGGLEBUTTON, [&ctx, &nav](wxCommandEvent& e) {
    e.Skip();
    ctx.high_contrast = !ctx.high_contrast;
    nav.Restyle();
  });
  view->Add(large, 0, wxALL, theme.Px(8));
  view->Add(contrast, 0, wxALL, theme.Px(8));
  col->Add(view, 0, wxALIGN_CENTER_HORIZONTAL);
  col->AddStretchSpacer(1);

  auto* staff = new wxBoxSizer(wxHORIZONTAL);
  auto* desk = MakeButton(this, _("Volunteer desk"), theme, "volunteer", false, 22);
  desk->Bind(wxEVT_BUTTON, [&nav](wxCommandEvent& e) {
    e.Skip();
    nav.AskPin(PinRole::kVolunteer);
  });
  auto* admin = MakeButton(this, _("Admin"), theme, "admin", false, 22);
  admin->Bind(wxEVT_BUTTON, [&nav](wxCommandEvent& e) {
    e.Skip();
    nav.AskPin(PinRole::kAdmin);
  });
  staff->AddStretchSpacer(1);
  staff->Add(desk, 0, wxALL, theme.Px(8));
  staff->Add(admin, 0, wxALL, theme.Px(8));
  col->Add(staff, 0, wxEXPAND);
  SetSizer(col);
}

}  // namespace stem::kiosk
