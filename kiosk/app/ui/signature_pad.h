// SignaturePad: a box to sign with a finger; records the strokes in the form engine's format
// {"width": W, "height": H, "strokes": [[[x, y], ...], ...]} (see data/forms/FORMAT.md).
//
// Calls `on_change` after each stroke and after Clear(). UI thread only.
#pragma once

#include <functional>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/app/ui/theme.h"
#include "kiosk/app/ui/wx.h"

namespace stem::kiosk {

class SignaturePad : public wxPanel {
 public:
  SignaturePad(wxWindow* parent, const Theme& theme, std::function<void()> on_change);
  // The strokes so far, or null when nothing was drawn.
  nlohmann::json Value() const;
  void Clear();
  // Shows strokes saved earlier (a Value() of this pad); ignores anything else.
  void Restore(const nlohmann::json& value);
  // For tests and replay: adds a stroke through these points (pad coordinates).
  void AddStroke(const std::vector<wxPoint>& points);

 private:
  void OnPaint(wxPaintEvent&);
  void OnDown(wxMouseEvent& e);
  void OnMove(wxMouseEvent& e);
  void OnUp(wxMouseEvent& e);
  wxPoint Clamp(wxPoint p) const;

  Theme theme_;
  std::function<void()> on_change_;
  std::vector<std::vector<wxPoint>> strokes_;
  bool drawing_ = false;
};

}  // namespace stem::kiosk
