#include "kiosk/app/ui/home_screen.h"

#include "kiosk/app/ui/theme.h"

namespace stem::kiosk {

namespace {

std::string InLanguage(const forms::Text& text, const std::string& language) {
  auto it = text.find(language);
  if (it != text.end()) return it->second;
  return text.empty() ? "" : text.begin()->second;
}

}  // namespace

HomeScreen::HomeScreen(wxWindow* parent, KioskContext& ctx, Navigator& nav)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "home") {
  Theme theme = Theme::From(ctx);
  PaintPanel(this, theme);
  auto* col = new wxBoxSizer(wxVERTICAL);
  col->Add(MakeText(this, _("What would you like to do?"), theme.Title(), theme.Foreground()), 0,
           wxALIGN_CENTER_HORIZONTAL | wxALL, theme.Px(32));
  int shown = 0;
  Result<std::vector<FormInfo>> forms = ctx.store().ListForms();
  if (forms.ok()) {
    for (const FormInfo& f : *forms) {
      if (!ctx.config().enabled_forms.count(f.id)) continue;
      // A form with sealed questions needs the nonprofit's key first; the admin sees why.
      if (!ctx.store().CheckCanAnswer(f.id).ok()) continue;
      Result<std::shared_ptr<const forms::FormSpec>> spec = ctx.store().GetForm(f.id);
      if (!spec.ok()) continue;
      auto* b = MakeButton(this, U8(InLanguage((*spec)->title, ctx.language)), theme,
                           "form:" + U8(f.id), true, 32);
      b->SetMinSize(wxSize(theme.Px(760), theme.Px(110)));
      std::string id = f.id;
      b->Bind(wxEVT_BUTTON, [&nav, id](wxCommandEvent& e) {
        e.Skip();
        nav.StartForm(id, false);
      });
      col->Add(b, 0, wxALIGN_CENTER_HORIZONTAL | wxALL, theme.Px(12));
      ++shown;
    }
  }
  if (shown == 0) {
    col->Add(MakeText(this, _("Nothing is available here yet. Please ask a volunteer."),
                      theme.Heading(), theme.Muted()),
             0, wxALIGN_CENTER_HORIZONTAL | wxALL, theme.Px(24));
  }
  // Only while this kiosk holds an application someone saved for later (expired ones dropped).
  Result<int64_t> drafts = ctx.store().ExpireDrafts().ok() ? ctx.store().CountDrafts()
                                                           : Result<int64_t>(int64_t{0});
  if (shown > 0 && drafts.ok() && *drafts > 0) {
    auto* resume = MakeButton(this, _("Continue an application"), theme, "resume", false, 30);
    resume->SetMinSize(wxSize(theme.Px(760), theme.Px(90)));
    resume->Bind(wxEVT_BUTTON, [&nav](wxCommandEvent& e) {
      e.Skip();
      nav.ResumeApplication();
    });
    col->Add(resume, 0, wxALIGN_CENTER_HORIZONTAL | wxALL, theme.Px(12));
  }
  col->AddStretchSpacer(1);
  auto* back = MakeButton(this, _("Back"), theme, "back");
  back->Bind(wxEVT_BUTTON, [&nav](wxCommandEvent& e) {
    e.Skip();
    nav.GoAttract();
  });
  col->Add(back, 0, wxALL, theme.Px(16));
  SetSizer(col);
}

}  // namespace stem::kiosk
