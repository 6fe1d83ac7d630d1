// OnscreenKeyboard: big keys that type into the text box it is attached to.
//
// Draws the rows of a KeyboardLayout (core/keyboard_layout.h) as buttons that never take
// the focus, so a physical keyboard or a barcode scanner keeps typing into the same box.
// Each key is named "key:<text>" ("key:backspace", "key:shift", "key:space") for UI tests.
// With no keys (KeyboardLayout::kNone, as it starts) it is hidden, so it takes no room and
// leaves nothing painted where its keys were.
// Borrows the target text box, which its owner detaches (SetTarget(nullptr)) before
// destroying. UI thread only.
#pragma once

#include "kiosk/app/core/keyboard_layout.h"
#include "kiosk/app/ui/theme.h"
#include "kiosk/app/ui/wx.h"

namespace stem::kiosk {

class OnscreenKeyboard : public wxPanel {
 public:
  OnscreenKeyboard(wxWindow* parent, const Theme& theme);
  void SetLayout(KeyboardLayout layout);
  void SetTarget(wxTextCtrl* target) { target_ = target; }
  KeyboardLayout layout() const { return layout_; }

 private:
  void Rebuild();
  void Press(const Key& key);

  Theme theme_;
  KeyboardLayout layout_ = KeyboardLayout::kNone;
  bool shifted_ = false;
  wxTextCtrl* target_ = nullptr;
};

}  // namespace stem::kiosk
