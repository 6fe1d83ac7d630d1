// Sync from the screens against a real stem-hub on loopback: the admin enrolls the kiosk
// in the Hub section, a family saves a survey, the volunteer presses "Sync now" at the desk
// and the desk shows 0 waiting; the hub then holds the record exactly once. A withdrawn
// device is told so in words for people, in English and Spanish.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>

#include "kiosk/app/ui/admin_screen.h"
#include "tests/sync/hub_process.h"
#include "ui_harness.h"

namespace stem::kiosk {
namespace {

class SyncUiTest : public UiTest {
 protected:
  // Runs the event loop until `done` holds or `limit` passes; returns whether it held.
  bool PumpUntil(const std::function<bool()>& done,
                 std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    auto end = std::chrono::steady_clock::now() + limit;
    while (!done()) {
      if (std::chrono::steady_clock::now() > end) return false;
      Pump(1);
    }
    return true;
  }
  std::string Flat(const wxString& name) {
    wxString s = LabelOf(name);
    s.Replace("\n", " ");
    return s.utf8_string();
  }
  // Focuses a text field the way a tap does, so the on-screen keyboard types into it.
  void Focus(const wxString& name) {
    wxWindow* w = Find(name);
    ASSERT_NE(w, nullptr) << name;
    wxFocusEvent e(wxEVT_SET_FOCUS, w->GetId());
    e.SetEventObject(w);
    w->ProcessWindowEvent(e);
    Pump();
  }
  void OpenAdmin() {
    Tap("admin");
    TypeOnKeyboard(kAdminPin);
    Tap("pin_ok");
    ASSERT_EQ(ScreenName(), "admin_screen");
  }
  void Enroll(const std::string& url, const std::string& code) {
    OpenAdmin();
    auto* field = dynamic_cast<wxTextCtrl*>(Find("hub_url"));
    ASSERT_NE(field, nullptr);
    field->SetValue(wxString::FromUTF8(url));
    Focus("hub_code");
    std::string typed = wxString::FromUTF8(code).Lower().utf8_string();  // as a person would
    TypeOnKeyboard(typed);
    ASSERT_EQ(dynamic_cast<wxTextCtrl*>(Find("hub_code"))->GetValue().utf8_string(), typed);
    Tap("hub_connect");
    auto* admin = dynamic_cast<AdminScreen*>(frame_->screen());
    ASSERT_NE(admin, nullptr);
    ASSERT_TRUE(PumpUntil([&] { return admin->state() != AdminScreen::State::kConnecting; }));
  }
  void SaveSurveyAsFamily() {
    frame_->GoAttract();
    Pump();
    Tap("start");
    Tap("form:post-event-survey");
    ASSERT_EQ(ScreenName(), "wizard");
    // Answer what is required (the first choice), leave the rest, and submit.
    for (int i = 0; i < 40 && ScreenName() == "wizard"; ++i) {
      if (!LabelOf("error").empty()) {
        wxWindow* choice = nullptr;
        std::function<void(wxWindow*)> look = [&](wxWindow* p) {
          for (wxWindow* c : p->GetChildren()) {
            if (choice == nullptr && c->GetName().StartsWith("choice:") && c->IsShownOnScreen()) choice = c;
            look(c);
          }
        };
        look(frame_->screen());
        ASSERT_NE(choice, nullptr);
        Tap(choice->GetName());
      }
      wxWindow* next = Find("next");
      // Submitted: the save runs on its worker with Next off until it commits.
      if (next != nullptr && !next->IsEnabled()) break;
      Tap("next");
      PumpUntil(
          [&] {
            wxWindow* n = Find("next");
            return ScreenName() != "wizard" || (n != nullptr && n->IsEnabled());
          },
          std::chrono::seconds(2));
    }
    ASSERT_TRUE(PumpUntil([&] { return ScreenName() == "thanks"; }));
  }
  void OpenDesk() {
    frame_->GoAttract();
    Pump();
    Tap("volunteer");
    TypeOnKeyboard(kVolunteerPin);
    Tap("pin_ok");
    ASSERT_EQ(ScreenName(), "desk");
  }
};

TEST_F(SyncUiTest, EnrollsFromAdminSyncsASurveyFromTheDeskExactlyOnce) {
  test::HubProcess hub((dir_ / "hub.db").string());
  ASSERT_GT(hub.Start(), 0);
  std::string code = hub.AddDevice("desk-kiosk");
  ASSERT_FALSE(code.empty());

  OpenAdmin();
  EXPECT_TRUE(Flat("sync_status").find("Hub: not set up") != std::string::npos) << Flat("sync_status");
  EXPECT_FALSE(Find("sync_now")->IsEnabled());
  Shot("admin-hub-not-set-up");
  Tap("back");
  Pump();

  // A wrong code is refused in words, and nothing is enrolled.
  Enroll(hub.url(), "WRONG-CODE");
  EXPECT_EQ(Flat("hub_message"), "The hub did not accept that code. Ask the organizer for a new one.");
  EXPECT_FALSE(frame_->Sync().running());
  Shot("admin-bad-code");
  Tap("back");
  Pump();

  Enroll(hub.url(), code);
  EXPECT_EQ(Flat("hub_message"), "Connected. This kiosk now sends its records to the hub.");
  EXPECT_TRUE(frame_->Sync().running());
  ASSERT_TRUE(PumpUntil([&] { return !frame_->Sync().syncing(); }));
  EXPECT_TRUE(Flat("sync_status").find("Hub: reachable") != std::string::npos) << Flat("sync_status");
  Shot("admin-enrolled");

  SaveSurveyAsFamily();
  OpenDesk();
  EXPECT_TRUE(Flat("sync_status").find("Waiting: 1 ") != std::string::npos) << Flat("sync_status");
  wxWindow* sync_now = Find("sync_now");
  ASSERT_NE(sync_now, nullptr);
  EXPECT_GE(sync_now->GetSize().y, 64);
  Shot("desk-one-waiting");
  {
    // Pressed without running the loop, so the pass cannot report before we look: the
    // button says "Syncing…" and is disabled while the worker runs the pass.
    wxCommandEvent press(wxEVT_BUTTON, sync_now->GetId());
    press.SetEventObject(sync_now);
    sync_now->ProcessWindowEvent(press);
    EXPECT_EQ(sync_now->GetLabel().utf8_string(), "Syncing…");
    EXPECT_FALSE(sync_now->IsEnabled());
  }
  ASSERT_TRUE(PumpUntil([&] { return Flat("sync_status").find("Waiting: 0 ") != std::string::npos; }))
      << Flat("sync_status");
  ASSERT_TRUE(PumpUntil([&] { return !frame_->Sync().syncing(); }));
  std::string line = Flat("sync_status");
  EXPECT_NE(line.find("Hub: reachable"), std::string::npos) << line;
  EXPECT_EQ(line.find("Last sync: never"), std::string::npos) << line;
  EXPECT_NE(line.find("Quarantined: 0"), std::string::npos) << line;
  Shot("desk-synced");

  std::string out, err;
  ASSERT_EQ(hub.Admin({"export", "--format", "json"}, &out, &err), 0) << err;
  size_t surveys = 0;
  for (size_t at = out.find("\"post-event-survey\""); at != std::string::npos;
       at = out.find("\"post-event-survey\"", at + 1)) {
    ++surveys;
  }
  EXPECT_EQ(surveys, 1u) << out.substr(0, 2000);
}

TEST_F(SyncUiTest, WithdrawnAccessIsToldInWords) {
  test::HubProcess hub((dir_ / "hub.db").string());
  ASSERT_GT(hub.Start(), 0);
  std::string code = hub.AddDevice("desk-kiosk");
  Enroll(hub.url(), code);
  ASSERT_TRUE(frame_->Sync().running());
  ASSERT_TRUE(PumpUntil([&] { return !frame_->Sync().syncing(); }));
  ASSERT_EQ(hub.Admin({"device", "revoke", "desk-kiosk"}), 0);
  OpenDesk();
  Tap("sync_now");
  ASSERT_TRUE(PumpUntil([&] { return !frame_->Sync().syncing(); }));
  EXPECT_EQ(Flat("sync_problem"), "This kiosk's access to the hub was withdrawn. Ask the organizer.");
  // The status line agrees: the hub answered, but not as "reachable" for this kiosk.
  EXPECT_TRUE(Flat("sync_status").starts_with("Hub: access withdrawn ")) << Flat("sync_status");
  EXPECT_EQ(Flat("sync_status").find("reachable"), std::string::npos) << Flat("sync_status");
  Shot("desk-access-withdrawn");
  ctx_->language = "es";
  frame_->Restyle();
  Pump();
  EXPECT_EQ(Flat("sync_problem"),
            "Se retiró el acceso de este quiosco a la central. Consulte con la organización.");
  EXPECT_TRUE(Flat("sync_status").starts_with("Central: acceso retirado ")) << Flat("sync_status");
  EXPECT_EQ(LabelOf("sync_now").utf8_string(), "Sincronizar ahora");
  Shot("desk-access-withdrawn-es");
}

}  // namespace
}  // namespace stem::kiosk
