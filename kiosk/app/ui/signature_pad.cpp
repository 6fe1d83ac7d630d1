#include "kiosk/app/ui/signature_pad.h"

#include <wx/dcbuffer.h>

#include <algorithm>

namespace stem::kiosk {

SignaturePad::SignaturePad(wxWindow* parent, const Theme& theme, std::function<void()> on_change)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxSize(theme.Px(640), theme.Px(220)),
              wxBORDER_SIMPLE, "signature"),
      theme_(theme),
      on_change_(std::move(on_change)) {
  SetBackgroundStyle(wxBG_STYLE_PAINT);
  SetMinSize(wxSize(theme.Px(640), theme.Px(220)));
  Bind(wxEVT_PAINT, &SignaturePad::OnPaint, this);
  Bind(wxEVT_LEFT_DOWN, &SignaturePad::OnDown, this);
  Bind(wxEVT_MOTION, &SignaturePad::OnMove, this);
  Bind(wxEVT_LEFT_UP, &SignaturePad::OnUp, this);
}

wxPoint SignaturePad::Clamp(wxPoint p) const {
  wxSize s = GetClientSize();
  return wxPoint(std::clamp(p.x, 0, std::max(0, s.x)), std::clamp(p.y, 0, std::max(0, s.y)));
}

void SignaturePad::OnPaint(wxPaintEvent&) {
  wxAutoBufferedPaintDC dc(this);
  dc.SetBackground(wxBrush(wxColour(255, 255, 255)));
  dc.Clear();
  wxSize s = GetClientSize();
  dc.SetPen(wxPen(wxColour(160, 160, 160), 2, wxPENSTYLE_SHORT_DASH));
  dc.DrawLine(20, s.y * 3 / 4, s.x - 20, s.y * 3 / 4);
  dc.SetPen(wxPen(wxColour(10, 20, 80), 4));
  for (const auto& stroke : strokes_) {
    if (stroke.size() == 1) dc.DrawPoint(stroke[0]);
    for (size_t i = 1; i < stroke.size(); ++i) dc.DrawLine(stroke[i - 1], stroke[i]);
  }
}

void SignaturePad::OnDown(wxMouseEvent& e) {
  if (strokes_.size() >= 500) return;
  drawing_ = true;
  strokes_.push_back({Clamp(e.GetPosition())});
  CaptureMouse();
  Refresh();
}

void SignaturePad::OnMove(wxMouseEvent& e) {
  if (!drawing_ || !e.Dragging() || strokes_.back().size() >= 5000) return;
  strokes_.back().push_back(Clamp(e.GetPosition()));
  Refresh();
}

void SignaturePad::OnUp(wxMouseEvent&) {
  if (!drawing_) return;
  drawing_ = false;
  if (HasCapture()) ReleaseMouse();
  if (on_change_) on_change_();
  // A stroke is a touch: tell the frame (it keeps the idle timer) as text input would.
  wxCommandEvent touched(wxEVT_TEXT, GetId());
  touched.SetEventObject(this);
  ProcessWindowEvent(touched);
}

void SignaturePad::AddStroke(const std::vector<wxPoint>& points) {
  if (points.empty()) return;
  std::vector<wxPoint> stroke;
  for (wxPoint p : points) stroke.push_back(Clamp(p));
  strokes_.push_back(std::move(stroke));
  Refresh();
  if (on_change_) on_change_();
}

void SignaturePad::Restore(const nlohmann::json& value) {
  if (!value.is_object() || !value.contains("strokes") || !value["strokes"].is_array()) return;
  for (const auto& stroke : value["strokes"]) {
    if (!stroke.is_array()) continue;
    std::vector<wxPoint> points;
    for (const auto& p : stroke) {
      if (p.is_array() && p.size() == 2 && p[0].is_number() && p[1].is_number()) {
        points.push_back(Clamp(wxPoint(p[0].get<int>(), p[1].get<int>())));
      }
    }
    if (!points.empty()) strokes_.push_back(std::move(points));
  }
  Refresh();
}

void SignaturePad::Clear() {
  strokes_.clear();
  Refresh();
  if (on_change_) on_change_();
}

nlohmann::json SignaturePad::Value() const {
  if (strokes_.empty()) return nullptr;
  wxSize s = GetClientSize();
  nlohmann::json strokes = nlohmann::json::array();
  for (const auto& stroke : strokes_) {
    nlohmann::json points = nlohmann::json::array();
    for (wxPoint p : stroke) points.push_back({p.x, p.y});
    strokes.push_back(std::move(points));
  }
  return {{"width", std::max(1, s.x)}, {"height", std::max(1, s.y)}, {"strokes", strokes}};
}

}  // namespace stem::kiosk
