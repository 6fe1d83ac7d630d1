#include "kiosk/app/ui/onscreen_keyboard.h"

namespace stem::kiosk {

OnscreenKeyboard::OnscreenKeyboard(wxWindow* parent, const Theme& theme)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "keyboard"),
      theme_(theme) {
  PaintPanel(this, theme_);
  SetSizer(new wxBoxSizer(wxVERTICAL));
  Hide();  // no keys yet
}

void OnscreenKeyboard::SetLayout(KeyboardLayout layout) {
  if (layout == layout_) return;
  layout_ = layout;
  // Names start with a capital; so does a fresh field.
  shifted_ = layout == KeyboardLayout::kLetters;
  // Hidden, not just emptied: GTK keeps an empty panel where its keys were (wx sizes it to
  // nothing), and it covers and blanks the choice buttons the next page puts there.
  Show(layout != KeyboardLayout::kNone);
  Rebuild();
}

void OnscreenKeyboard::Rebuild() {
  Freeze();
  DestroyChildren();
  wxSizer* rows = GetSizer();
  rows->Clear(false);
  const int unit = theme_.Px(layout_ == KeyboardLayout::kLetters || layout_ == KeyboardLayout::kEmail ||
                                     layout_ == KeyboardLayout::kSearch
                                 ? 76
                                 : 110);
  for (const std::vector<Key>& row : Keys(layout_, shifted_)) {
    auto* line = new wxBoxSizer(wxHORIZONTAL);
    for (const Key& key : row) {
      wxString name = "key:";
      switch (key.action) {
        case Key::Action::kInsert: name += U8(key.insert); break;
        case Key::Action::kBackspace: name += "backspace"; break;
        case Key::Action::kShift: name += "shift"; break;
        case Key::Action::kSpace: name += "space"; break;
        case Key::Action::kClear: name += "clear"; break;
      }
      auto* b = new wxButton(this, wxID_ANY, U8(key.label), wxDefaultPosition,
                             wxSize(unit * key.width, theme_.Px(64)), 0, wxDefaultValidator, name);
      b->SetFont(theme_.Font(30, true));
      b->SetCanFocus(false);
      if (key.action == Key::Action::kShift && shifted_) {
        b->SetBackgroundColour(theme_.Accent());
        b->SetForegroundColour(theme_.AccentText());
      }
      b->Bind(wxEVT_BUTTON, [this, key](wxCommandEvent& e) {
        Press(key);
        e.Skip();  // the frame notes the touch for the idle timer
      });
      line->Add(b, 0, wxALL, theme_.Px(3));
    }
    rows->Add(line, 0, wxALIGN_CENTER_HORIZONTAL);
  }
  Layout();
  Thaw();
  Refresh();
  if (GetParent() != nullptr) GetParent()->Layout();
}

void OnscreenKeyboard::Press(const Key& key) {
  if (key.action == Key::Action::kShift) {
    shifted_ = !shifted_;
    CallAfter([this] { Rebuild(); });
    return;
  }
  if (target_ == nullptr) return;
  switch (key.action) {
    case Key::Action::kInsert:
    case Key::Action::kSpace:
      target_->WriteText(U8(key.insert));
      if (shifted_ && layout_ == KeyboardLayout::kLetters) {
        shifted_ = false;
        CallAfter([this] { Rebuild(); });
      }
      break;
    case Key::Action::kBackspace: {
      long from = 0, to = 0;
      target_->GetSelection(&from, &to);
      if (from != to) {
        target_->Remove(from, to);
      } else if (long at = target_->GetInsertionPoint(); at > 0) {
        target_->Remove(at - 1, at);
      }
      break;
    }
    case Key::Action::kClear:
      target_->Clear();
      break;
    case Key::Action::kShift:
      break;
  }
}

}  // namespace stem::kiosk
