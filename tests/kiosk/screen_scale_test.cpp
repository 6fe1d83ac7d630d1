// ScreenScale: the theme's scale for each supported window size, orientation and DPI, and
// the sizes a family gets from it (tap targets, body text).
#include "kiosk/app/core/screen_scale.h"

#include <gtest/gtest.h>

namespace stem::kiosk {
namespace {

constexpr int kBodyPx = 24;  // ui/theme.h: Body()
constexpr int kTapPx = 72;   // ui/theme.h: TapHeight()

TEST(ScreenScaleTest, Table) {
  struct Row {
    int w, h;
    double per_dip;
    bool larger;
    double want;
  };
  const Row rows[] = {
      {1024, 768, 1.0, false, 1.0},      // the reference canvas
      {1280, 800, 1.0, false, 800.0 / 768},
      {1920, 1080, 1.0, false, 1080.0 / 768},
      {768, 1024, 1.0, false, 0.75},     // portrait: the width decides
      {1080, 1920, 1.0, false, 1080.0 / 1024},
      {800, 1280, 1.0, false, 800.0 / 1024},
      {640, 480, 1.0, false, 0.75},      // below the supported sizes: the floor
      {1024, 768, 2.0, false, 2.0},      // 2 pixels per DIP (e.g. Windows at 200%)
      {1920, 1080, 1.5, false, 1.5 * 1080.0 / 768},
      {1024, 768, 1.0, true, 1.35},      // larger text
      {768, 1024, 1.0, true, 0.75 * 1.35},
      {0, 0, 1.0, false, 1.0},           // not shown yet
      {1024, 768, 0.0, false, 1.0},      // unknown DPI counts as 1
  };
  for (const Row& r : rows) {
    EXPECT_NEAR(ThemeScale({r.w, r.h, r.per_dip}, r.larger), r.want, 1e-9)
        << r.w << "x" << r.h << " at " << r.per_dip << " px/dip, larger " << r.larger;
  }
}

TEST(ScreenScaleTest, FingerAndReadingSizesAt1080p) {
  for (ScreenMetrics s : {ScreenMetrics{1920, 1080, 1.0}, ScreenMetrics{1080, 1920, 1.0}}) {
    double scale = ThemeScale(s, false);
    EXPECT_GE(ScalePx(kTapPx, scale), 64) << s.width_dip << "x" << s.height_dip;
    EXPECT_GE(ScalePx(kMinTapPx, scale), 64) << s.width_dip << "x" << s.height_dip;
    EXPECT_GE(ScalePx(kBodyPx, scale), 20) << s.width_dip << "x" << s.height_dip;
  }
}

TEST(ScreenScaleTest, NothingBelowAFingerOnAnySupportedSize) {
  // 44 px (about 7 mm at 160 dpi) is the least any platform's guidelines allow.
  for (ScreenMetrics s : {ScreenMetrics{1024, 768, 1.0}, ScreenMetrics{768, 1024, 1.0},
                          ScreenMetrics{1920, 1080, 1.0}, ScreenMetrics{1080, 1920, 1.0}}) {
    EXPECT_GE(ScalePx(kMinTapPx, ThemeScale(s, false)), 44) << s.width_dip << "x" << s.height_dip;
    EXPECT_GE(ScalePx(kBodyPx, ThemeScale(s, false)), 18) << s.width_dip << "x" << s.height_dip;
  }
}

TEST(ScreenScaleTest, ScalePxRounds) {
  EXPECT_EQ(ScalePx(72, 1.0), 72);
  EXPECT_EQ(ScalePx(72, 0.75), 54);
  EXPECT_EQ(ScalePx(24, 1080.0 / 768), 34);  // 33.75
  EXPECT_EQ(ScalePx(0, 2.0), 0);
}

}  // namespace
}  // namespace stem::kiosk
