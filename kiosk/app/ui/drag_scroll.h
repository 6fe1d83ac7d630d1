// DragScroll: a finger drags a scrolling area up and down, and a scroll wheel turns it, over
// the buttons inside the area as well as over its background.
//
// wx sends mouse events to the control under the pointer only, so the area and every control
// in it are attached one by one (Attach). A press that moves more than `threshold_px` becomes
// a drag: the area follows the finger, and the button the press began on must not act on the
// release that ends it: its handler asks Dragged() first (true until the loop has run after
// the release). A wheel notch turns it by `line_px` per line. Scrolling stops at the ends of
// the content (a scroll rate of one pixel gives the finger exact steps). Borrows the area, which
// must outlive this object's use; the attached windows' handlers call back into it, so it lives as
// long as the area (a member of the area's owner). UI thread only.
#pragma once

#include <functional>
#include <utility>

#include "kiosk/app/ui/wx.h"

namespace stem::kiosk {

class DragScroll {
 public:
  DragScroll(wxScrolledWindow* area, int threshold_px, int line_px)
      : area_(area), threshold_(threshold_px), line_px_(line_px) {}
  DragScroll(const DragScroll&) = delete;
  DragScroll& operator=(const DragScroll&) = delete;
  // Lets `w` (the area or a control in it) start a drag and turn the area with a wheel.
  void Attach(wxWindow* w);
  // The press that ended last became a drag: it was no tap.
  bool Dragged() const { return dragged_; }
  // Called when a drag starts or a wheel turns the area (its owner may make room for it).
  void OnScroll(std::function<void()> f) { on_scroll_ = std::move(f); }

 private:
  void Down(wxWindow* w, wxMouseEvent& e);
  void Move(wxWindow* w, wxMouseEvent& e);
  void Up(wxMouseEvent& e);
  void Wheel(wxMouseEvent& e);
  int Unit() const;
  int ViewPx() const;
  // Scrolls so the area's top shows content pixel `px`, kept within the content.
  void ScrollToPx(int px);

  wxScrolledWindow* area_;
  int threshold_;
  int line_px_;
  std::function<void()> on_scroll_;
  bool down_ = false;
  bool dragged_ = false;
  int start_y_ = 0;     // where the press began, in screen pixels
  int start_view_ = 0;  // the area's scroll position then, in pixels
};

}  // namespace stem::kiosk
