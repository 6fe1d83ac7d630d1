// Theme: sizes and colours for a touchscreen read from a step away.
//
// Sizes are theme pixels for a 1024x768 canvas (body text 24, tap targets 72, the least
// kMinTapPx 64), scaled to the window by core/screen_scale.h: Px() turns them into window
// pixels (at 1920x1080 body text is 34 px and tap targets 101 px; "larger text" adds 1.35).
// High contrast switches to white on black with yellow accents. Helpers create the common
// controls with a name, so UI tests find them with wxWindow::FindWindowByName. UI thread only.
#pragma once

#include "kiosk/app/core/screen_scale.h"
#include "kiosk/app/ui/wx.h"

namespace stem::kiosk {

class KioskContext;

struct Theme {
  bool large = false;
  bool contrast = false;
  double scale = 1.0;  // window pixels per theme pixel, larger text included
  static Theme From(const KioskContext& ctx);

  int Px(int px) const { return ScalePx(px, scale); }
  wxFont Font(int px, bool bold = false) const;
  wxFont Body() const { return Font(24); }
  wxFont Heading() const { return Font(36, true); }
  wxFont Title() const { return Font(48, true); }
  wxColour Background() const;
  wxColour Foreground() const;
  wxColour Muted() const;
  wxColour Accent() const;        // primary buttons
  wxColour AccentText() const;
  wxColour Error() const;
  wxColour Success() const;
  int TapHeight() const { return Px(72); }
};

// At least 64 px (72 at 1x) tall and wide enough for its label plus padding.
void FitTouch(wxWindow* control, const Theme& theme);
wxButton* MakeButton(wxWindow* parent, const wxString& label, const Theme& theme,
                     const wxString& name, bool primary = false, int font_px = 28);
wxToggleButton* MakeToggle(wxWindow* parent, const wxString& label, const Theme& theme,
                           const wxString& name, int font_px = 26);
wxStaticText* MakeText(wxWindow* parent, const wxString& text, const wxFont& font,
                       const wxColour& colour, const wxString& name = "text");
// Sets the text's minimum size from its font (GTK may measure with a stale font otherwise),
// wrapping it first at `wrap_px` when given. SetText changes the text and refits it.
void FitText(wxStaticText* text, int wrap_px = 0);
void SetText(wxStaticText* text, const wxString& label, int wrap_px = 0);
// Paints a toggle as selected or not (GTK toggles are hard to tell apart otherwise).
void ShowSelected(wxToggleButton* toggle, bool selected, const Theme& theme);
void PaintPanel(wxWindow* panel, const Theme& theme);
// wxString from and to UTF-8.
inline wxString U8(const std::string& s) { return wxString::FromUTF8(s.data(), s.size()); }
inline std::string ToU8(const wxString& s) { return s.utf8_string(); }

}  // namespace stem::kiosk
