// The on-screen keyboard repaints whenever it changes: on the desk (letters, then hidden for
// a picked child, then the pickup-code keys) and on a registration form (letters, an empty
// keyboard on a choice page, date, phone and email keys). After each change the test grabs
// the window's pixels as GTK left them, asks for a full repaint, grabs them again and fails
// when the two differ (stale keys left on the screen), outside the text boxes, whose cursor
// blinks. It also fails when a button shown is painted over by the panel's background across
// its middle (an emptied keyboard that kept its old place on the screen covers the buttons
// now there, and a repaint paints it again). The grabs of a failing step are saved as PNGs.
#include <gtest/gtest.h>
#include <wx/evtloop.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/app/ui/wizard_screen.h"
#include "ui_harness.h"

namespace stem::kiosk {
namespace {

class KeyboardPaintTest : public UiTest {
 protected:
  // Runs the real loop a while, so GTK paints what it has been asked to (and nothing more).
  void RunRealLoop(int ms) {
    wxGUIEventLoop nested;
    wxTimer stop;
    stop.Bind(wxEVT_TIMER, [&nested](wxTimerEvent&) { nested.Exit(); });
    stop.StartOnce(ms);
    nested.Run();
  }

  wxImage Grab() {
    wxSize r = frame_->GetClientSize();
    wxBitmap bmp(r.x, r.y);
    {
      wxClientDC window(frame_);
      wxMemoryDC mem(bmp);
      mem.Blit(0, 0, r.x, r.y, &window, 0, 0);
    }
    return bmp.ConvertToImage();
  }

  // The text boxes shown now, in the frame's client coordinates.
  void TextBoxes(wxWindow* w, std::vector<wxRect>& out) {
    if (!w->IsShown()) return;
    if (dynamic_cast<wxTextCtrl*>(w) != nullptr) {
      out.emplace_back(frame_->ScreenToClient(w->GetScreenPosition()), w->GetSize());
      return;
    }
    for (wxWindow* child : w->GetChildren()) TextBoxes(child, out);
  }

  // The buttons shown, with the part of each that its parents show (frame coordinates).
  void Buttons(wxWindow* w, wxRect shown, std::vector<std::pair<wxWindow*, wxRect>>& out) {
    if (!w->IsShown()) return;
    wxRect rect(frame_->ScreenToClient(w->GetScreenPosition()), w->GetSize());
    if (dynamic_cast<wxAnyButton*>(w) != nullptr) {
      wxRect visible = rect.Intersect(shown);
      if (visible.width > 0 && visible.height > 0) out.emplace_back(w, visible);
      return;
    }
    wxRect client(frame_->ScreenToClient(w->ClientToScreen(wxPoint(0, 0))), w->GetClientSize());
    for (wxWindow* child : w->GetChildren()) Buttons(child, shown.Intersect(client), out);
  }

  // Every button shown has no run of the screen's background colour across its middle row.
  void ExpectButtonsPainted(const wxImage& image, const std::string& what) {
    const wxColour bg = frame_->screen()->GetBackgroundColour();
    std::vector<std::pair<wxWindow*, wxRect>> buttons;
    Buttons(frame_->screen(), wxRect(frame_->GetClientSize()), buttons);
    for (const auto& [button, r] : buttons) {
      const int y = r.y + r.height / 2;
      int run = 0, longest = 0;
      for (int x = r.x + 2; x < r.GetRight() - 2 && x < image.GetWidth(); ++x) {
        const bool background = image.GetRed(x, y) == bg.Red() &&
                                image.GetGreen(x, y) == bg.Green() &&
                                image.GetBlue(x, y) == bg.Blue();
        run = background ? run + 1 : 0;
        longest = std::max(longest, run);
      }
      EXPECT_LT(longest, 24) << what << ": " << button->GetName().utf8_string() << " (\""
                             << button->GetLabel().utf8_string() << "\") is painted over by the "
                             << "background for " << longest << " px at y " << y;
    }
  }

  // What is on the screen equals what a full repaint draws.
  void ExpectPaintedFresh(const std::string& what) {
    SCOPED_TRACE(what);
    Pump();
    RunRealLoop(300);
    wxImage as_left = Grab();
    frame_->Refresh();
    frame_->Update();
    RunRealLoop(300);
    wxImage repainted = Grab();
    ASSERT_EQ(as_left.GetSize(), repainted.GetSize());
    ExpectButtonsPainted(as_left, what);
    std::vector<wxRect> boxes;
    TextBoxes(frame_, boxes);
    long differ = 0;
    wxRect first;
    for (int y = 0; y < as_left.GetHeight(); ++y) {
      for (int x = 0; x < as_left.GetWidth(); ++x) {
        bool in_box = false;
        for (const wxRect& b : boxes) in_box = in_box || wxRect(b).Inflate(4).Contains(x, y);
        if (in_box) continue;
        if (as_left.GetRed(x, y) != repainted.GetRed(x, y) ||
            as_left.GetGreen(x, y) != repainted.GetGreen(x, y) ||
            as_left.GetBlue(x, y) != repainted.GetBlue(x, y)) {
          if (differ++ == 0) first = wxRect(x, y, 1, 1);
        }
      }
    }
    EXPECT_EQ(differ, 0) << what << ": " << differ << " pixels were stale, the first at " << first.x
                         << "," << first.y;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const char* env = std::getenv("STEM_UI_ARTIFACTS");
    std::filesystem::path dir = env != nullptr ? env : "ui-artifacts";
    std::filesystem::create_directories(dir);
    char num[16];
    std::snprintf(num, sizeof num, "%02d", ++shots_);
    const std::string base = (dir / (std::string(info->name()) + "-" + num + "-" + what)).string();
    as_left.SaveFile(wxString::FromUTF8(base + "-as-left.png"), wxBITMAP_TYPE_PNG);
    if (differ != 0 || HasFailure())
      repainted.SaveFile(wxString::FromUTF8(base + "-repainted.png"), wxBITMAP_TYPE_PNG);
  }

  std::string PageId() {
    auto* wizard = dynamic_cast<WizardScreen*>(frame_->screen());
    if (wizard == nullptr) return "";
    const WizardPage& p = wizard->wizard().current();
    if (p.kind == WizardPage::Kind::kReview) return "review";
    if (p.kind == WizardPage::Kind::kAddEntry) return "add:" + p.item->id;
    return p.item->id;
  }
};

TEST_F(KeyboardPaintTest, TheDeskKeyboardRepaintsWhenItChangesOrHides) {
  frame_->SetClientSize(wxSize(1280, 800));
  Pump(20);
  Tap("volunteer");
  TypeOnKeyboard(kVolunteerPin);
  Tap("pin_ok");
  ASSERT_EQ(ScreenName(), "desk");
  ExpectPaintedFresh("desk-letters");
  TypeOnKeyboard("jose");
  Advance(std::chrono::milliseconds(200));
  PumpUntilDone([&] { return Find("result:0") != nullptr; });
  ExpectPaintedFresh("desk-results");
  Tap("result:0");
  ASSERT_NE(Find("checkout"), nullptr);
  ASSERT_EQ(Find("key:a"), nullptr) << "the keyboard did not step down";
  ExpectPaintedFresh("desk-keyboard-hidden");
  Tap("checkout");
  Pump();
  ASSERT_NE(Find("pickup_code"), nullptr);
  ExpectPaintedFresh("desk-code-keys");
  Tap("cancel_entry");
  Pump();
  ExpectPaintedFresh("desk-cancelled");
  Tap("lock");
  Pump();
  ExpectPaintedFresh("attract-after-desk");
}

TEST_F(KeyboardPaintTest, TheFormKeyboardRepaintsOnEveryLayoutAndWhenEmpty) {
  frame_->SetClientSize(wxSize(1280, 800));
  Pump(20);
  Tap("start");
  Tap("form:student-registration");
  ASSERT_EQ(ScreenName(), "wizard");
  std::vector<std::string> seen;
  for (int guard = 0; guard < 40; ++guard) {
    const std::string id = PageId();
    if (id == "preferred_language" || id == "review") break;
    ExpectPaintedFresh(id);
    seen.push_back(id);
    if (id == "student_first_name") TypeOnKeyboard("Ana");
    if (id == "student_last_name") TypeOnKeyboard("Cruz");
    if (id == "student_dob") TypeOnKeyboard("03/04/2016");
    if (id == "grade") Tap("choice:4");
    if (id == "has_allergies") Tap("choice:no");
    if (id == "guardian_first_name") TypeOnKeyboard("Luis");
    if (id == "guardian_last_name") TypeOnKeyboard("Cruz");
    if (id == "guardian_relationship") Tap("choice:parent");
    if (id == "guardian_phone") TypeOnKeyboard("5551234567");
    if (id == "guardian_email") TypeOnKeyboard("luis@example.org");
    if (id == "add:children") {
      Tap("next");
      continue;
    }
    Tap("next");
  }
  // Letters, an empty keyboard (a choice), date, numbers and email keys were all walked.
  for (const char* page :
       {"student_first_name", "student_dob", "grade", "guardian_phone", "guardian_email"}) {
    EXPECT_NE(std::find(seen.begin(), seen.end(), page), seen.end()) << page;
  }
}

}  // namespace
}  // namespace stem::kiosk
