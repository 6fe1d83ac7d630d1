// Admin: the first start asks for both PINs; bad values are refused and change nothing; PINs
// are stored hashed; a physical keyboard types into the desk's search box.
#include <gtest/gtest.h>

#include <wx/uiaction.h>

#include "kiosk/app/core/kiosk_config.h"
#include "ui_harness.h"

namespace stem::kiosk {
namespace {

class AdminTest : public UiTest {
 protected:
  void Type(const wxString& field, const std::string& text) {
    auto* t = dynamic_cast<wxTextCtrl*>(Find(field));
    ASSERT_NE(t, nullptr) << field;
    t->SetValue(wxString::FromUTF8(text));
  }
};

TEST_F(AdminTest, FirstStartAsksForBothPinsAndStoresThemHashed) {
  ASSERT_TRUE(ctx_->store().SetKioskSetting("admin_pin_hash", "").ok());
  ASSERT_TRUE(ctx_->store().SetKioskSetting("volunteer_pin_hash", "").ok());
  ASSERT_TRUE(ctx_->Reload().ok());
  Tap("admin");
  ASSERT_EQ(ScreenName(), "admin_screen");
  EXPECT_NE(Find("first_setup"), nullptr);
  Shot("first-start");
  Tap("save");
  EXPECT_EQ(LabelOf("admin_message"), "Please set both PINs.");
  Type("volunteer_pin", "12");
  Type("admin_pin", "9753");
  Tap("save");
  EXPECT_EQ(LabelOf("admin_message"), "Volunteer PIN: A PIN has at least 4 digits.");
  EXPECT_FALSE(CheckPin(ctx_->store(), PinRole::kAdmin, "9753").value());  // nothing saved
  Shot("bad-pin-refused");
  Type("volunteer_pin", "8642");
  Type("admin_pin", "9753");
  Type("idle_timeout", "90");
  Tap("save");
  EXPECT_EQ(LabelOf("admin_message"), "Saved.");
  Shot("saved");
  EXPECT_TRUE(CheckPin(ctx_->store(), PinRole::kVolunteer, "8642").value());
  EXPECT_TRUE(CheckPin(ctx_->store(), PinRole::kAdmin, "9753").value());
  Result<std::optional<std::string>> raw = ctx_->store().KioskSetting("admin_pin_hash");
  ASSERT_TRUE(raw.ok() && raw->has_value());
  EXPECT_EQ((*raw)->find("9753"), std::string::npos);
  EXPECT_EQ(ctx_->config().idle_timeout_s, 90);
}

TEST_F(AdminTest, PhysicalKeyboardTypesIntoTheSearchBox) {
  Tap("volunteer");
  TypeOnKeyboard(kVolunteerPin);
  Tap("pin_ok");
  ASSERT_EQ(ScreenName(), "desk");
  auto* search = dynamic_cast<wxTextCtrl*>(Find("search"));
  ASSERT_NE(search, nullptr);
  frame_->Raise();
  search->SetFocus();
  Pump(20);
  wxUIActionSimulator keys;
  wxPoint centre = search->GetScreenRect().GetPosition() + wxPoint(20, 20);
  keys.MouseMove(centre);
  keys.MouseClick();
  Pump(20);
  keys.Text("minh");
  Pump(20);
  EXPECT_EQ(search->GetValue(), "minh");
  Advance(std::chrono::milliseconds(200));
  PumpUntilDone([&] { return Find("result:0") != nullptr; });
  ASSERT_NE(Find("result:0"), nullptr);
  EXPECT_TRUE(LabelOf("result:0").Contains("Minh"));
  Shot("typed-on-a-physical-keyboard");
}

}  // namespace
}  // namespace stem::kiosk
