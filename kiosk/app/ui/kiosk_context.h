// KioskContext: what every screen of one running kiosk shares.
//
// Owns the UI thread's Store (workers open their own on store_path()), the admin's
// configuration, the current event, and the family's choices of language and appearance
// (reset to the defaults whenever the attract screen returns). The idle clock is injectable
// so UI tests can step time. Threads: the UI thread only. Errors: Open() returns the
// store's Status; the caller words it.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "data/store/store.h"
#include "kiosk/app/core/kiosk_config.h"
#include "kiosk/app/core/screen_scale.h"

namespace stem::kiosk {

class KioskContext {
 public:
  using SteadyNow = std::function<std::chrono::steady_clock::time_point()>;

  static Result<std::unique_ptr<KioskContext>> Open(const std::string& store_path);

  Store& store() { return store_; }
  const std::string& store_path() const { return store_path_; }
  const KioskConfig& config() const { return config_; }
  const std::optional<Event>& event() const { return event_; }
  // Re-reads the configuration and current event after the admin changed them.
  Status Reload();

  // The family's (or volunteer's) choices for this visit.
  std::string language = "en";
  bool large_text = false;
  bool high_contrast = false;
  void ResetVisit() {
    language = config_.default_language;
    large_text = false;
    high_contrast = false;
  }

  // The window's size and DPI, which scale the theme; the frame sets it before building a
  // screen.
  ScreenMetrics screen;

  // Idle reset timing; tests shorten them and step the clock.
  std::chrono::milliseconds idle_after() const;
  std::chrono::milliseconds countdown = std::chrono::seconds(20);
  std::optional<std::chrono::milliseconds> idle_after_override;
  SteadyNow now = [] { return std::chrono::steady_clock::now(); };

  std::string Today() const;

 private:
  KioskContext(Store store, std::string path) : store_(std::move(store)), store_path_(std::move(path)) {}
  Store store_;
  std::string store_path_;
  KioskConfig config_;
  std::optional<Event> event_;
};

}  // namespace stem::kiosk
