// ScanDetector: tells a barcode or QR scanner from a person typing. A USB or Bluetooth
// scanner is a keyboard to the computer that types a whole code a few milliseconds a key and
// ends it with Enter; a person (or the on-screen keys) is ten times slower at best.
//
// The caller reports each character key with Key() and each Enter with Enter(), with the
// times the keys were pressed. Enter() returns the code when the keys since the last pause
// (a gap longer than max_gap) number at least min_length and came at most max_gap apart,
// Enter included; otherwise nullopt (the Enter belongs to whatever has the focus). Key()
// says when a key starts a new run, so the caller can note what the focused box held before
// a scan typed into it. Threads: one thread (the UI's). Pure: times are passed in.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace stem::kiosk {

class ScanDetector {
 public:
  using Clock = std::chrono::steady_clock;
  struct Options {
    std::chrono::milliseconds max_gap{40};
    size_t min_length = 4;
    size_t max_length = 64;
  };
  ScanDetector() = default;
  explicit ScanDetector(Options options) : options_(options) {}

  // A character key (UTF-8). True when it starts a new run.
  bool Key(const std::string& utf8, Clock::time_point at);
  // Enter: the scanned code, or nullopt when it was typing. Either way the run ends.
  std::optional<std::string> Enter(Clock::time_point at);
  // Another key (a backspace, an arrow): no scanner sends one inside a code.
  void Other();

 private:
  Options options_;
  std::string run_;
  size_t keys_ = 0;
  Clock::time_point last_{};
};

}  // namespace stem::kiosk
