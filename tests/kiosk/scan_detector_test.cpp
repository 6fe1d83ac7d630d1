// A scanner's keystrokes told from typing, by speed, length and the Enter that ends them.
#include "kiosk/app/core/scan_detector.h"

#include <gtest/gtest.h>

namespace stem::kiosk {
namespace {

using std::chrono::milliseconds;
using Clock = ScanDetector::Clock;

// Types `text` one key every `gap`, from `t`, then Enter after `enter_gap`; returns the
// detector's answer and moves `t` on.
std::optional<std::string> Type(ScanDetector& d, Clock::time_point& t, const std::string& text,
                                milliseconds gap, milliseconds enter_gap) {
  for (char c : text) {
    t += gap;
    d.Key(std::string(1, c), t);
  }
  t += enter_gap;
  return d.Enter(t);
}

TEST(ScanDetector, AFastRunEndingInEnterIsAScanAndTypingIsNot) {
  struct Case {
    std::string text;
    int gap_ms;
    int enter_ms;
    bool scan;
  };
  const Case cases[] = {
      {"RG7K3", 8, 8, true},        // a USB scanner: milliseconds a key
      {"RG7K3", 40, 40, true},      // a slow Bluetooth one, at the limit
      {"RG7K3", 41, 8, false},      // one gap too long
      {"RG7K3", 8, 300, false},     // the Enter came from a person afterwards
      {"RG7", 5, 5, false},         // too short for a code
      {"jose", 120, 150, false},    // a person typing a name
      {std::string(65, 'A'), 2, 2, false},  // longer than any code
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text.substr(0, 10) + " " + std::to_string(c.gap_ms));
    ScanDetector d;
    Clock::time_point t{};
    std::optional<std::string> got =
        Type(d, t, c.text, milliseconds(c.gap_ms), milliseconds(c.enter_ms));
    EXPECT_EQ(got.has_value(), c.scan);
    if (c.scan) {
      EXPECT_EQ(*got, c.text);
    }
  }
}

TEST(ScanDetector, AScanAfterTypingIsTheScanAloneAndAKeyBetweenBreaksIt) {
  ScanDetector d;
  Clock::time_point t{};
  // A person types "jo", pauses, then a badge is scanned into the same box.
  t += milliseconds(100);
  EXPECT_TRUE(d.Key("j", t));
  t += milliseconds(150);
  EXPECT_TRUE(d.Key("o", t));  // a person's keys are each a run of their own
  t += milliseconds(900);
  EXPECT_TRUE(d.Key("R", t));  // the scan starts a new run: the desk notes the box here
  for (char c : std::string("G7K3")) {
    t += milliseconds(6);
    EXPECT_FALSE(d.Key(std::string(1, c), t));
  }
  t += milliseconds(6);
  EXPECT_EQ(d.Enter(t), "RG7K3");
  // A backspace inside a run is a person correcting, never a scanner.
  t += milliseconds(500);
  d.Key("A", t);
  d.Key("B", t + milliseconds(5));
  d.Other();
  d.Key("C", t + milliseconds(10));
  d.Key("D", t + milliseconds(15));
  EXPECT_FALSE(d.Enter(t + milliseconds(20)).has_value());
  // Non-ASCII keys count as one key each.
  t += milliseconds(1000);
  for (const char* k : {"Ñ", "A", "B", "C"}) d.Key(k, t += milliseconds(5));
  EXPECT_EQ(d.Enter(t + milliseconds(5)), "ÑABC");
}

}  // namespace
}  // namespace stem::kiosk
