#include "kiosk/app/ui/thanks_screen.h"

#include "kiosk/app/ui/theme.h"
#include "kiosk/labels/qr_code.h"

namespace stem::kiosk {
namespace {

// A QR code of `code`, `px` pixels square with its quiet zone, black on white (a phone's
// photo of it scans at the desk). An empty bitmap when it cannot be encoded.
wxBitmap QrBitmap(const std::string& code, int px) {
  Result<labels::QrCode> qr = labels::EncodeQr(code);
  if (!qr.ok()) return wxBitmap();
  const int modules = qr->size + 8;  // 4 modules of quiet zone each side
  const int scale = std::max(1, px / modules);
  wxImage image(modules * scale, modules * scale);
  image.SetRGB(wxRect(0, 0, image.GetWidth(), image.GetHeight()), 255, 255, 255);
  for (int y = 0; y < qr->size; ++y) {
    for (int x = 0; x < qr->size; ++x) {
      if (qr->at(x, y)) image.SetRGB(wxRect((x + 4) * scale, (y + 4) * scale, scale, scale), 0, 0, 0);
    }
  }
  return wxBitmap(image);
}

}  // namespace

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
    // Each child's code in large type beside its QR code: a family photographs it, and the
    // desk's scanner reads it from the phone next time.
    const bool several = info.confirmation_codes.size() > 1;
    for (size_t i = 0; i < info.confirmation_codes.size(); ++i) {
      const std::string& code = info.confirmation_codes[i];
      auto* row = new wxBoxSizer(wxHORIZONTAL);
      wxBitmap qr = QrBitmap(code, theme.Px(several ? 132 : 176));
      if (qr.IsOk()) {
        row->Add(new wxStaticBitmap(this, wxID_ANY, qr, wxDefaultPosition, wxDefaultSize, 0,
                                    wxString::Format("qr:%zu", i)),
                 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, theme.Px(16));
      }
      auto* words = new wxBoxSizer(wxVERTICAL);
      if (i < info.child_names.size() && !info.child_names[i].empty()) {
        words->Add(MakeText(this, U8(info.child_names[i]), theme.Body(), theme.Muted(),
                            wxString::Format("child:%zu", i)));
      }
      words->Add(MakeText(this, U8(code), theme.Font(several ? 72 : 96, true), theme.Foreground(),
                          "code"));
      row->Add(words, 0, wxALIGN_CENTER_VERTICAL);
      col->Add(row, 0, wxALIGN_CENTER_HORIZONTAL | wxALL, theme.Px(4));
    }
    col->Add(MakeText(this, _("Show it at the check-in table, or take a photo of it."),
                      theme.Body(), theme.Muted()),
             0, wxALIGN_CENTER_HORIZONTAL | wxALL, theme.Px(8));
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
