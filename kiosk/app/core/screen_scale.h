// ScreenScale: how many window pixels one theme pixel takes, from the window's size and DPI.
//
// The theme (ui/theme.h) is drawn in theme pixels for a reference canvas of 1024x768 DIPs
// (device-independent pixels, 96 per inch): every screen fits that canvas at scale 1. A
// window scales the canvas to fit: scale = min(width / 1024, height / 768) in DIPs, so
// 1920x1080 landscape draws at 1.41 and 768x1024 portrait at 0.75 (the floor: smaller
// windows are not supported and scroll instead). The result is multiplied by the display's
// pixels per DIP (1 where the toolkit already works in logical pixels, as GTK does) and
// by 1.35 for "larger text". Pure; thread-safe.
#pragma once

namespace stem::kiosk {

inline constexpr int kCanvasWidthDip = 1024;
inline constexpr int kCanvasHeightDip = 768;
inline constexpr double kMinFit = 0.75;
inline constexpr double kLargerText = 1.35;
// The smallest tap target, in theme pixels (64 window pixels at 1024x768; more at 1080p).
inline constexpr int kMinTapPx = 64;

struct ScreenMetrics {
  int width_dip = kCanvasWidthDip;
  int height_dip = kCanvasHeightDip;
  double pixels_per_dip = 1.0;
};

// Window pixels per theme pixel. Sizes of zero or less (a window not shown yet) give the
// reference canvas's scale.
double ThemeScale(const ScreenMetrics& screen, bool larger_text);
// `theme_px` in window pixels at `scale`, rounded to the nearest pixel.
int ScalePx(int theme_px, double scale);

}  // namespace stem::kiosk
