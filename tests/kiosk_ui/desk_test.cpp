// The volunteer desk: PIN, type-ahead search, check in with a pickup code, a duplicate
// check-in refused, check out refused with a wrong code and accepted with the right one.
#include <gtest/gtest.h>

#include "kiosk/app/ui/desk_screen.h"
#include "ui_harness.h"

namespace stem::kiosk {
namespace {

class DeskTest : public UiTest {
 protected:
  // The text without the line breaks that wrapping added.
  static std::string Flat(wxString s) {
    s.Replace("\n", " ");
    return s.utf8_string();
  }
  void OpenDesk() {
    Tap("volunteer");
    ASSERT_EQ(ScreenName(), "pin_screen");
    TypeOnKeyboard(kVolunteerPin);
    Tap("pin_ok");
    ASSERT_EQ(ScreenName(), "desk");
  }
  void Search(const std::string& text) {
    TypeOnKeyboard(text);
    Advance(std::chrono::milliseconds(200));  // the pause the debouncer waits for
    for (int i = 0; i < 40 && Find("result:0") == nullptr; ++i) Pump(1);
  }
};

TEST_F(DeskTest, WrongPinIsRefused) {
  Tap("volunteer");
  TypeOnKeyboard("9999");
  Tap("pin_ok");
  EXPECT_EQ(ScreenName(), "pin_screen");
  EXPECT_FALSE(LabelOf("error").empty());
  Shot("wrong-pin");
}

TEST_F(DeskTest, ChecksAChildInAndOutWithThePickupCode) {
  OpenDesk();
  Shot("desk");
  Search("jose");
  ASSERT_NE(Find("result:0"), nullptr);
  EXPECT_TRUE(LabelOf("result:0").Contains(wxString::FromUTF8("José")));
  Shot("search");
  Tap("result:0");
  Tap("checkin");
  wxString said = LabelOf("desk_message");
  ASSERT_TRUE(said.StartsWith("Checked in.")) << said.utf8_string();
  std::string code = LabelOf("pickup_code_shown").utf8_string();
  ASSERT_EQ(code.size(), 4u) << said.utf8_string();
  Shot("checked-in-pickup-code");

  // Checking the same child in again is refused and asks for a reason.
  Tap("checkin");
  EXPECT_NE(Find("reason"), nullptr);
  EXPECT_TRUE(LabelOf("desk_message").Contains("Already checked in at"));
  Shot("duplicate-refused");

  Tap("checkout");
  TypeOnKeyboard(code == "ZZZZ" ? "BBBB" : "ZZZZ");
  Tap("confirm_checkout");
  EXPECT_EQ(Flat(LabelOf("desk_message")),
            "That pickup code does not match. Please check it and try again.");
  Shot("wrong-code-refused");
  TypeOnKeyboard(code);
  Tap("confirm_checkout");
  EXPECT_EQ(Flat(LabelOf("desk_message")), "Checked out. See you next time!");
  Shot("checked-out");

  Result<Store> store = Store::Open(store_path_);
  Result<StoreSummary> sum = store->Summary();
  EXPECT_EQ(sum->records_by_type["checkin"], 1);
  EXPECT_EQ(sum->records_by_type["checkout"], 1);
  EXPECT_EQ(sum->checked_in_now, 0);
}

}  // namespace
}  // namespace stem::kiosk
