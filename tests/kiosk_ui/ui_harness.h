// The harness of the UI tests: the real KioskFrame on a real store file under Xvfb, driven
// by taps (button events sent to the named control, as a touch would) and typed through
// the on-screen keyboard's own keys. The idle clock is a fake that tests step. Every test
// saves PNG screenshots of the screens it passes through in $STEM_UI_ARTIFACTS (default
// ./ui-artifacts), named after the test.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "data/store/store.h"
#include "kiosk/app/ui/kiosk_context.h"
#include "kiosk/app/ui/kiosk_frame.h"
#include "kiosk/app/ui/wx.h"

namespace stem::kiosk {

inline constexpr const char* kVolunteerPin = "2468";
inline constexpr const char* kAdminPin = "1357";

class UiTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Runs the event loop for a while (pending events, CallAfter, timers).
  void Pump(int rounds = 6);
  // Pumps until `done` holds or `limit` passes; true when it holds. Work that ends on a
  // worker (saves, check-ins, searches) can take seconds on a loaded or sanitized run.
  bool PumpUntilDone(const std::function<bool()>& done,
                     std::chrono::milliseconds limit = std::chrono::seconds(30));
  // The named control, searched in the screen shown now; null when absent or hidden.
  wxWindow* Find(const wxString& name);
  // Taps a named button, toggle or checkbox; fails the test when it is not there.
  void Tap(const wxString& name);
  // Types through the on-screen keyboard's keys (shift when needed).
  void TypeOnKeyboard(const std::string& utf8);
  // Draws a stroke on the named signature pad with mouse events.
  void Sign(const wxString& name);
  std::string ScreenName();
  wxString LabelOf(const wxString& name);
  // Saves a PNG of the window; returns its path.
  std::string Shot(const std::string& what);
  // Steps the fake idle clock.
  void Advance(std::chrono::milliseconds by) { fake_now_ += by; }

  std::filesystem::path dir_;
  std::string store_path_;
  std::string event_id_;
  std::unique_ptr<KioskContext> ctx_;
  KioskFrame* frame_ = nullptr;
  std::chrono::steady_clock::time_point fake_now_{};
  int shots_ = 0;
};

}  // namespace stem::kiosk
