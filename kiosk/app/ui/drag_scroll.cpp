#include "kiosk/app/ui/drag_scroll.h"

#include <algorithm>
#include <cstdlib>

namespace stem::kiosk {

void DragScroll::Attach(wxWindow* w) {
  w->Bind(wxEVT_LEFT_DOWN, [this, w](wxMouseEvent& e) { Down(w, e); });
  w->Bind(wxEVT_MOTION, [this, w](wxMouseEvent& e) { Move(w, e); });
  w->Bind(wxEVT_LEFT_UP, [this](wxMouseEvent& e) { Up(e); });
  w->Bind(wxEVT_MOUSEWHEEL, [this](wxMouseEvent& e) { Wheel(e); });
}

int DragScroll::Unit() const {
  int unit = 0;
  area_->GetScrollPixelsPerUnit(nullptr, &unit);
  return unit;
}

int DragScroll::ViewPx() const {
  int view = 0;
  area_->GetViewStart(nullptr, &view);
  return view * Unit();
}

void DragScroll::ScrollToPx(int px) {
  const int unit = Unit();
  if (unit <= 0) return;
  const int end = area_->GetVirtualSize().y - area_->GetClientSize().y;
  px = std::clamp(px, 0, std::max(0, end));
  area_->Scroll(-1, (px + unit / 2) / unit);
}

void DragScroll::Down(wxWindow* w, wxMouseEvent& e) {
  e.Skip();  // the button still shows that it is pressed
  down_ = true;
  dragged_ = false;
  start_y_ = w->ClientToScreen(e.GetPosition()).y;
  start_view_ = ViewPx();
}

void DragScroll::Move(wxWindow* w, wxMouseEvent& e) {
  e.Skip();
  if (!down_ || !e.LeftIsDown()) return;
  const int dy = w->ClientToScreen(e.GetPosition()).y - start_y_;
  if (!dragged_ && std::abs(dy) <= threshold_) return;  // a finger wobbles on a tap
  if (!dragged_) {
    dragged_ = true;
    if (on_scroll_) on_scroll_();
  }
  ScrollToPx(start_view_ - dy);
}

void DragScroll::Up(wxMouseEvent& e) {
  e.Skip();  // the button's own release ends its press; its handler asks Dragged()
  down_ = false;
  // The click a release makes comes before this: forget the drag after it.
  if (dragged_) area_->CallAfter([this] { dragged_ = false; });
}

void DragScroll::Wheel(wxMouseEvent& e) {
  const int delta = e.GetWheelDelta() > 0 ? e.GetWheelDelta() : 120;
  if (e.GetWheelAxis() != wxMOUSE_WHEEL_VERTICAL || e.GetWheelRotation() == 0) {
    e.Skip();
    return;
  }
  if (on_scroll_) on_scroll_();
  const int lines = std::max(1, e.GetLinesPerAction());
  ScrollToPx(ViewPx() - e.GetWheelRotation() * lines * line_px_ / delta);
}

}  // namespace stem::kiosk
