// The volunteer desk: PIN, type-ahead search, check in with a pickup code, a duplicate
// check-in refused with who and when (in English and Spanish), check out refused with a
// wrong code and accepted with the right one. Check-in runs on a worker: the desk shows a
// working state and the code only after commit, and a desk closed meanwhile is not touched.
#include <gtest/gtest.h>

#include <chrono>

#include <wx/uiaction.h>

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
  DeskScreen* Desk() { return dynamic_cast<DeskScreen*>(frame_->screen()); }
  // Runs the loop until the desk's worker has answered.
  void Settle() {
    auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (Desk() != nullptr && Desk()->state() == DeskScreen::State::kWorking &&
           std::chrono::steady_clock::now() < end) {
      Pump(1);
    }
    ASSERT_NE(Desk(), nullptr);
    ASSERT_NE(Desk()->state(), DeskScreen::State::kWorking) << "the desk's worker did not answer";
    Pump();  // the screen redraws the CallAfter way
  }
  // Presses a button without running the loop, so the worker cannot answer before we look.
  void Press(const wxString& name) {
    wxWindow* w = Find(name);
    ASSERT_NE(w, nullptr) << name;
    wxCommandEvent e(wxEVT_BUTTON, w->GetId());
    e.SetEventObject(w);
    w->ProcessWindowEvent(e);
  }
  std::string ShortDeviceId() {
    const std::string& id = ctx_->store().device_id();
    return id.substr(id.size() - 8);
  }
  void Search(const std::string& text) {
    TypeOnKeyboard(text);
    Advance(std::chrono::milliseconds(200));  // the pause the debouncer waits for
    PumpUntilDone([&] { return Find("result:0") != nullptr; });
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
  Press("checkin");
  // Working: the buttons wait for the worker, and no code shows before the commit.
  EXPECT_EQ(Desk()->state(), DeskScreen::State::kWorking);
  EXPECT_FALSE(Find("checkin")->IsEnabled());
  EXPECT_FALSE(Find("checkout")->IsEnabled());
  EXPECT_EQ(LabelOf("desk_message").utf8_string(), "Checking in…");
  EXPECT_TRUE(LabelOf("pickup_code_shown").empty());
  Shot("checking-in");
  Settle();
  wxString said = LabelOf("desk_message");
  ASSERT_TRUE(said.StartsWith("Checked in.")) << said.utf8_string();
  std::string code = LabelOf("pickup_code_shown").utf8_string();
  ASSERT_EQ(code.size(), 4u) << said.utf8_string();
  Shot("checked-in-pickup-code");

  // Checking the same child in again is refused with when and by whom, and asks for a reason.
  Tap("checkin");
  Settle();
  EXPECT_NE(Find("reason"), nullptr);
  std::string refused = Flat(LabelOf("desk_message"));
  EXPECT_TRUE(refused.starts_with("Already checked in at ")) << refused;
  EXPECT_NE(refused.find(". Recorded by the volunteer desk on this kiosk (" + ShortDeviceId() +
                         "). To check in again, give a reason."),
            std::string::npos)
      << refused;
  Shot("duplicate-refused");

  Tap("checkout");
  TypeOnKeyboard(code == "ZZZZ" ? "BBBB" : "ZZZZ");
  Tap("confirm_checkout");
  Settle();
  EXPECT_EQ(Flat(LabelOf("desk_message")),
            "That pickup code does not match. Please check it and try again.");
  Shot("wrong-code-refused");
  TypeOnKeyboard(code);
  Tap("confirm_checkout");
  Settle();
  EXPECT_EQ(Flat(LabelOf("desk_message")), "Checked out. See you next time!");
  Shot("checked-out");

  Result<Store> store = Store::Open(store_path_);
  Result<StoreSummary> sum = store->Summary();
  EXPECT_EQ(sum->records_by_type["checkin"], 1);
  EXPECT_EQ(sum->records_by_type["checkout"], 1);
  EXPECT_EQ(sum->checked_in_now, 0);
}

// A search that matches more children than the list shows says so, in the family's words:
// how many it shows, how many in all, and to type more.
TEST_F(DeskTest, MoreMatchesThanShownAreToldInEnglishAndSpanish) {
  std::string csv = "First name,Last name,Grade,Confirmation code\n";
  for (int i = 0; i < 30; ++i) {
    csv += "Ana,Flores " + std::to_string(i) + ",4,AF" + std::to_string(100 + i) + "\n";
  }
  ASSERT_TRUE(ctx_->store().ImportRoster(event_id_, csv).ok());
  Result<int> all = ctx_->store().CountRosterMatches(event_id_, "ana", 1000);
  ASSERT_TRUE(all.ok());
  ASSERT_GT(*all, DeskScreen::kResultsShown);
  const std::string in_all = std::to_string(*all);
  OpenDesk();
  Search("ana");
  EXPECT_NE(Find(wxString::Format("result:%d", DeskScreen::kResultsShown - 1)), nullptr);
  EXPECT_EQ(Find(wxString::Format("result:%d", DeskScreen::kResultsShown)), nullptr);
  EXPECT_EQ(LabelOf("results_note").utf8_string(),
            "Showing 20 of " + in_all + ": type more to narrow");
  Shot("many-results");
  // A search with fewer matches shows them all and no note.
  for (int i = 0; i < 3; ++i) Tap("key:backspace");
  TypeOnKeyboard("jose");
  Advance(std::chrono::milliseconds(200));
  PumpUntilDone([&] { return Find("results_note") == nullptr; });
  EXPECT_EQ(Find("results_note"), nullptr);
  Tap("lock");
  ctx_->language = "es";
  OpenDesk();
  Search("ana");
  EXPECT_EQ(LabelOf("results_note").utf8_string(),
            "Se muestran 20 de " + in_all + ": escriba m\u00e1s para acotar");
  Shot("many-results-es");
}

// The search keyboard has digits (phones, confirmation codes) and no accents: the search
// folds them, so "garcia" finds García. The sync line steps aside while a search is typed.
TEST_F(DeskTest, FindsChildrenByPhoneAndCodeOnTheOnScreenKeys) {
  OpenDesk();
  EXPECT_NE(Find("key:0"), nullptr);
  EXPECT_EQ(Find(wxString::FromUTF8("key:\u00e1")), nullptr);
  wxWindow* sync_line = Find("sync_status");
  ASSERT_NE(sync_line, nullptr);
  EXPECT_TRUE(sync_line->IsShownOnScreen()) << "over an empty search the sync line shows";
  Search("5552014410");
  EXPECT_EQ(LabelOf("result:0").BeforeFirst('\n').utf8_string(), "Jos\u00e9 Garc\u00eda");
  EXPECT_NE(Find("result:1"), nullptr) << "both of Mar\u00eda Garc\u00eda's children";
  EXPECT_FALSE(sync_line->IsShownOnScreen()) << "the results take the sync line's room";
  Shot("found-by-phone");
  for (int i = 0; i < 10; ++i) Tap("key:backspace");
  Advance(std::chrono::milliseconds(200));
  PumpUntilDone([&] { return Find("result:0") == nullptr; });
  ASSERT_EQ(Find("result:0"), nullptr) << "an empty search shows no one";
  EXPECT_TRUE(sync_line->IsShownOnScreen()) << "the sync line is back over an empty search";
  Search("nx4p8");
  EXPECT_EQ(LabelOf("result:0").BeforeFirst('\n').utf8_string(), "Minh Nguy\u1ec5n");
  EXPECT_EQ(Find("result:1"), nullptr);
}

TEST_F(DeskTest, DuplicateIsToldInSpanishWithWhoAndWhen) {
  ctx_->language = "es";
  OpenDesk();
  Search("jose");
  Tap("result:0");
  Tap("checkin");
  Settle();
  ASSERT_EQ(LabelOf("pickup_code_shown").size(), 4u);
  Tap("checkin");
  Settle();
  std::string refused = Flat(LabelOf("desk_message"));
  EXPECT_TRUE(refused.starts_with("Ya tiene registrada la entrada desde las ")) << refused;
  EXPECT_NE(refused.find(". La registró la mesa de voluntarios en este quiosco (" + ShortDeviceId() +
                         "). Para registrar la entrada otra vez, indique un motivo."),
            std::string::npos)
      << refused;
  Shot("duplicate-refused-es");
}

// A child whose family named who may collect them (and said someone must not): the desk
// warns, asks who is collecting, lets a listed adult go with the code, and someone not on the
// list only with an override and its reason.
TEST_F(DeskTest, ACheckOutBySomeoneNotOnThePickupListNeedsAnOverride) {
  NewRegistration reg;
  reg.event_id = event_id_;
  reg.student.given_name = "Noa";
  reg.student.family_name = "Quispe";
  reg.student.pickup_adults = {{"Rosa Díaz", "abuela", "5550001111"}};
  reg.student.no_pickup_flag = true;
  reg.guardian.given_name = "Inés";
  reg.guardian.family_name = "Quispe";
  ASSERT_TRUE(ctx_->store().Register(reg).ok());
  OpenDesk();
  Search("noa");
  Tap("result:0");
  auto check_in = [&] {  // the child stays selected after a check-out
    Press("checkin");
    Settle();
    return LabelOf("pickup_code_shown").utf8_string();
  };
  std::string code = check_in();
  ASSERT_EQ(code.size(), 4u) << code;
  ASSERT_NE(Find("no_pickup_warning"), nullptr);
  Tap("checkout");
  Pump();
  ASSERT_EQ(Desk()->state(), DeskScreen::State::kEnteringCode);
  EXPECT_TRUE(LabelOf("collector:0").Contains(wxString::FromUTF8("Inés Quispe")));
  EXPECT_TRUE(LabelOf("collector:1").Contains(wxString::FromUTF8("Rosa Díaz (abuela)")));
  ASSERT_NE(Find("collector:other"), nullptr);
  Shot("who-is-collecting");
  // The code alone is not enough: who is collecting comes first.
  TypeOnKeyboard(code);
  Tap("confirm_checkout");
  EXPECT_NE(Flat(LabelOf("desk_message")).find("who is collecting"), std::string::npos);
  // Someone else: an override with a reason.
  wxWindow* other = Find("collector:other");
  wxCommandEvent toggle(wxEVT_TOGGLEBUTTON, other->GetId());
  toggle.SetEventObject(other);
  other->ProcessWindowEvent(toggle);
  Pump();
  ASSERT_EQ(Desk()->state(), DeskScreen::State::kEnteringReason);
  EXPECT_NE(Flat(LabelOf("desk_message")).find("pickup list"), std::string::npos);
  Shot("someone-else-needs-an-override");
  Find("reason")->SetFocus();
  Pump();
  TypeOnKeyboard("uncle tito mother phoned");
  Press("confirm_override");
  Settle();
  EXPECT_NE(Flat(LabelOf("desk_message")).find("Checked out"), std::string::npos);
  // Back the next day, and collected by the listed grandmother with the code.
  code = check_in();
  Tap("checkout");
  Pump();
  wxWindow* rosa = Find("collector:1");
  wxCommandEvent pick(wxEVT_TOGGLEBUTTON, rosa->GetId());
  pick.SetEventObject(rosa);
  rosa->ProcessWindowEvent(pick);
  Pump();
  Find("pickup_code")->SetFocus();
  Pump();
  TypeOnKeyboard(code);
  Press("confirm_checkout");
  Settle();
  EXPECT_NE(Flat(LabelOf("desk_message")).find("Checked out"), std::string::npos);
  // The records say who collected the child, and whether they were on the list.
  std::vector<nlohmann::json> outs;
  ASSERT_TRUE(ctx_->store().ForEachRecord([&](const StoredRecord& r) {
    if (r.type == "checkout") outs.push_back(nlohmann::json::parse(r.payload));
  }).ok());
  ASSERT_EQ(outs.size(), 2u);
  EXPECT_EQ(outs[0]["method"], "override");
  EXPECT_EQ(outs[0]["override_reason"], "uncle tito mother phoned");
  EXPECT_FALSE(outs[0].contains("collected_by"));
  EXPECT_EQ(outs[1]["method"], "pickup_code");
  EXPECT_EQ(outs[1]["collected_by"], "Rosa Díaz");
  EXPECT_EQ(outs[1]["collector_listed"], true);
}

TEST_F(DeskTest, ADeskClosedWhileCheckingInIsNotTouched) {
  OpenDesk();
  Search("jose");
  Tap("result:0");
  Press("checkin");
  ASSERT_EQ(Desk()->state(), DeskScreen::State::kWorking);
  Press("lock");  // the desk goes away before the worker's answer arrives
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  int checkins = 0;
  while (std::chrono::steady_clock::now() < end && checkins == 0) {
    Pump(1);
    Result<Store> store = Store::Open(store_path_);
    checkins = static_cast<int>(store->Summary()->records_by_type["checkin"]);
  }
  Pump(20);  // the answer is delivered to a screen that no longer exists, and dropped
  EXPECT_EQ(ScreenName(), "attract");
  EXPECT_EQ(checkins, 1) << "the check-in the volunteer tapped still commits";
  Shot("locked-while-checking-in");
}

}  // namespace
}  // namespace stem::kiosk

namespace stem::kiosk {
namespace {

// A barcode scanner is a keyboard that types a code fast and ends it with Enter: with the
// on-screen keyboard up and a name half typed, a scanned badge selects its child at once,
// takes its characters back out of the search box, and an unknown code is said in words.
// Typed slowly, the same keys are a search, not a scan. The scanner's keys are real X key
// events at a scanner's pace (xdotool, 8 ms a key; wxUIActionSimulator types at about 60).
class ScannerTest : public DeskTest {
 protected:
  void Scan(const std::string& code) {
    ASSERT_EQ(std::system(("xdotool type --delay 8 '" + code + "' && xdotool key --delay 8 Return").c_str()), 0)
        << "xdotool is missing: run installer/install-deps.sh";
    Pump(20);
  }
  void FocusSearch() {
    auto* search = dynamic_cast<wxTextCtrl*>(Find("search"));
    ASSERT_NE(search, nullptr);
    frame_->Raise();
    wxUIActionSimulator mouse;
    mouse.MouseMove(search->GetScreenRect().GetPosition() + wxPoint(20, 20));
    mouse.MouseClick();
    Pump(20);
  }
};

TEST_F(ScannerTest, AScannedBadgeSelectsItsChildEvenWithTheKeyboardUp) {
  OpenDesk();
  FocusSearch();
  TypeOnKeyboard("mar");  // a volunteer was typing a name on the on-screen keys
  ASSERT_NE(Find("key:backspace"), nullptr) << "the on-screen keyboard is up";
  Scan("RG7K3");
  ASSERT_TRUE(PumpUntilDone([&] { return Find("selected_name") != nullptr; }));
  EXPECT_EQ(LabelOf("selected_name").utf8_string(), "Sofía García");
  EXPECT_EQ(Desk()->state(), DeskScreen::State::kSelected);
  EXPECT_EQ(dynamic_cast<wxTextCtrl*>(Find("search"))->GetValue(), "RG7K3");
  Shot("scanned");
  // Check her in, then scan another child's code while the pickup code shows.
  Tap("checkin");
  Settle();
  Scan("RG7K2");
  ASSERT_TRUE(PumpUntilDone([&] { return LabelOf("selected_name").utf8_string() == "José García"; }));
  // An unknown code.
  Scan("ZZZZ9");
  ASSERT_TRUE(PumpUntilDone([&] { return Find("selected_name") == nullptr; }));
  EXPECT_EQ(Flat(LabelOf("desk_message")), "No one with code ZZZZ9.");
  Shot("unknown-code");
}

TEST_F(ScannerTest, TheSameKeysTypedSlowlyAreASearch) {
  OpenDesk();
  FocusSearch();
  wxUIActionSimulator keys;
  for (char c : std::string("RG7K3")) {
    keys.Char(c);
    wxMilliSleep(80);
    Pump(2);
  }
  wxMilliSleep(80);
  keys.Char(WXK_RETURN);
  Pump(20);
  EXPECT_EQ(dynamic_cast<wxTextCtrl*>(Find("search"))->GetValue().Upper(), "RG7K3");
  ASSERT_TRUE(PumpUntilDone([&] { return Find("result:0") != nullptr; }));
  EXPECT_TRUE(LabelOf("result:0").Contains(wxString::FromUTF8("Sofía")));
  EXPECT_EQ(Find("selected_name"), nullptr) << "typing selects no one by itself";
}

}  // namespace
}  // namespace stem::kiosk
