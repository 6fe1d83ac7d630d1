#include "kiosk/app/core/screen_scale.h"

#include <algorithm>
#include <cmath>

namespace stem::kiosk {

double ThemeScale(const ScreenMetrics& screen, bool larger_text) {
  double fit = 1.0;
  if (screen.width_dip > 0 && screen.height_dip > 0) {
    fit = std::min(static_cast<double>(screen.width_dip) / kCanvasWidthDip,
                   static_cast<double>(screen.height_dip) / kCanvasHeightDip);
  }
  double per_dip = screen.pixels_per_dip > 0 ? screen.pixels_per_dip : 1.0;
  return std::max(fit, kMinFit) * per_dip * (larger_text ? kLargerText : 1.0);
}

int ScalePx(int theme_px, double scale) { return static_cast<int>(std::lround(theme_px * scale)); }

}  // namespace stem::kiosk
