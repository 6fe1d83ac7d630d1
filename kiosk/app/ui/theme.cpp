#include "kiosk/app/ui/theme.h"

#include <algorithm>

#include "kiosk/app/ui/kiosk_context.h"

namespace stem::kiosk {

Theme Theme::From(const KioskContext& ctx) {
  return Theme{ctx.large_text, ctx.high_contrast, ThemeScale(ctx.screen, ctx.large_text)};
}

wxFont Theme::Font(int px, bool bold) const {
  wxFontInfo info(wxSize(0, Px(px)));
  info.Family(wxFONTFAMILY_SWISS);
  if (bold) info.Bold();
  return wxFont(info);
}

wxColour Theme::Background() const { return contrast ? wxColour(0, 0, 0) : wxColour(250, 248, 242); }
wxColour Theme::Foreground() const { return contrast ? wxColour(255, 255, 255) : wxColour(25, 30, 40); }
wxColour Theme::Muted() const { return contrast ? wxColour(230, 230, 230) : wxColour(70, 78, 90); }
wxColour Theme::Accent() const { return contrast ? wxColour(255, 221, 0) : wxColour(0, 94, 184); }
wxColour Theme::AccentText() const { return contrast ? wxColour(0, 0, 0) : wxColour(255, 255, 255); }
wxColour Theme::Error() const { return contrast ? wxColour(255, 140, 140) : wxColour(178, 24, 24); }
wxColour Theme::Success() const { return contrast ? wxColour(120, 255, 120) : wxColour(20, 120, 50); }

void FitTouch(wxWindow* control, const Theme& theme) {
  // GTK may not have re-measured after SetFont: measure the label with the font too.
  wxSize best = control->GetBestSize();
  int text = control->GetTextExtent(control->GetLabel()).x + theme.Px(48);
  control->SetMinSize(wxSize(std::max({best.x + theme.Px(32), text, theme.Px(120)}),
                             std::max(best.y, theme.TapHeight())));
}

wxButton* MakeButton(wxWindow* parent, const wxString& label, const Theme& theme,
                     const wxString& name, bool primary, int font_px) {
  auto* b = new wxButton(parent, wxID_ANY, label, wxDefaultPosition, wxDefaultSize, 0,
                         wxDefaultValidator, name);
  b->SetFont(theme.Font(font_px, primary));
  FitTouch(b, theme);
  if (primary) {
    b->SetBackgroundColour(theme.Accent());
    b->SetForegroundColour(theme.AccentText());
  } else if (theme.contrast) {
    b->SetBackgroundColour(wxColour(40, 40, 40));
    b->SetForegroundColour(theme.Foreground());
  }
  return b;
}

wxToggleButton* MakeToggle(wxWindow* parent, const wxString& label, const Theme& theme,
                           const wxString& name, int font_px) {
  auto* t = new wxToggleButton(parent, wxID_ANY, label, wxDefaultPosition, wxDefaultSize, 0,
                               wxDefaultValidator, name);
  t->SetFont(theme.Font(font_px));
  FitTouch(t, theme);
  ShowSelected(t, false, theme);
  return t;
}

void ShowSelected(wxToggleButton* toggle, bool selected, const Theme& theme) {
  toggle->SetValue(selected);
  if (selected) {
    toggle->SetBackgroundColour(theme.Accent());
    toggle->SetForegroundColour(theme.AccentText());
  } else {
    toggle->SetBackgroundColour(theme.contrast ? wxColour(40, 40, 40) : wxColour(255, 255, 255));
    toggle->SetForegroundColour(theme.Foreground());
  }
}

wxStaticText* MakeText(wxWindow* parent, const wxString& text, const wxFont& font,
                       const wxColour& colour, const wxString& name) {
  auto* t = new wxStaticText(parent, wxID_ANY, text, wxDefaultPosition, wxDefaultSize, 0, name);
  t->SetFont(font);
  t->SetForegroundColour(colour);
  FitText(t);
  return t;
}

void FitText(wxStaticText* text, int wrap_px) {
  if (wrap_px > 0) text->Wrap(wrap_px);
  wxClientDC dc(text);
  dc.SetFont(text->GetFont());
  wxSize size = text->GetLabel().empty() ? wxSize(0, dc.GetCharHeight())
                                         : dc.GetMultiLineTextExtent(text->GetLabel());
  text->SetMinSize(size);
  text->InvalidateBestSize();
}

void SetText(wxStaticText* text, const wxString& label, int wrap_px) {
  text->SetLabel(label);
  FitText(text, wrap_px);
}

void PaintPanel(wxWindow* panel, const Theme& theme) {
  panel->SetBackgroundColour(theme.Background());
  panel->SetForegroundColour(theme.Foreground());
}

}  // namespace stem::kiosk
