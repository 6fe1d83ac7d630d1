// Layout at every supported size: 1024x768 to 1920x1080, landscape and portrait. For each
// size the test walks attract, home, a question with the keyboard up, "are you still there?",
// the review page, thank-you, the PIN pad, the desk (a child picked, a duplicate check-in
// refused, its reason box tapped with the keyboard up) and the admin screen (with and
// without its keyboard), and checks on every screen that each visible control is inside the
// window, that no panel which does not scroll cuts a control off, that no two overlap, that
// nothing is cut off at the side of a scrolling area, and that tap targets and text are at
// least the theme's minimum at that size. A screenshot per screen.
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>

#include "kiosk/app/core/kiosk_config.h"
#include "kiosk/app/core/screen_scale.h"
#include "ui_harness.h"

namespace stem::kiosk {
namespace {

// A form whose first question has a long label and hint, and a review page that has to wrap.
constexpr const char* kLongForm = R"({
  "id": "layout-check", "version": 1, "kind": "survey", "anonymous": true,
  "languages": ["en", "es"],
  "title": {"en": "Tell us about your visit", "es": "Cuéntenos su visita"},
  "items": [
    {"id": "favourite", "type": "text", "required": true,
     "label": {"en": "Which of today's workshops, demonstrations or exhibits did your family enjoy the most, and what would you like to see at the next science and technology fair?",
               "es": "¿Qué taller, demostración o exhibición de hoy disfrutó más su familia, y qué le gustaría ver en la próxima feria de ciencia y tecnología?"},
     "hint": {"en": "A few words are enough; a volunteer reads every answer after the event.",
              "es": "Unas pocas palabras bastan; un voluntario lee cada respuesta después del evento."}},
    {"id": "again", "type": "yes_no",
     "label": {"en": "Would you come again next year?", "es": "¿Vendría otra vez el próximo año?"}}
  ]
})";

struct Box {
  wxWindow* window;
  wxRect rect;     // the control, in the frame's client coordinates
  wxRect visible;  // the part not scrolled away
  bool scrolled;   // partly scrolled away (GTK then shrinks it to the part shown)
};

bool IsTappable(wxWindow* w) {
  return dynamic_cast<wxAnyButton*>(w) != nullptr || dynamic_cast<wxCheckBox*>(w) != nullptr ||
         dynamic_cast<wxChoice*>(w) != nullptr || dynamic_cast<wxTextCtrl*>(w) != nullptr;
}

std::string Describe(const Box& b) {
  std::ostringstream out;
  out << b.window->GetName().utf8_string() << " (" << wxString(b.window->GetClassInfo()->GetClassName()).utf8_string()
      << " \"" << b.window->GetLabel().Left(30).utf8_string() << "\") at " << b.rect.x << ","
      << b.rect.y << " " << b.rect.width << "x" << b.rect.height;
  return out.str();
}

class LayoutTest : public UiTest {
 protected:
  void SetUp() override {
    UiTest::SetUp();
    if (HasFatalFailure()) return;
    Result<FormInfo> form = ctx_->store().InstallForm(kLongForm);
    ASSERT_TRUE(form.ok()) << form.status().ToString();
    std::set<std::string> enabled = ctx_->config().enabled_forms;
    enabled.insert("layout-check");
    ASSERT_TRUE(SaveEnabledForms(ctx_->store(), enabled).ok());
    // A big event: more children called Ana than the desk shows at once.
    std::string csv = "First name,Last name,Grade,Guardian first name,Guardian last name,Confirmation code\n";
    const char* families[] = {"Acosta", "Benítez", "Cruz", "Delgado", "Espinoza", "Flores"};
    for (int i = 0; i < kManyAnas; ++i) {
      csv += "Ana," + std::string(families[i % 6]) + " " + std::to_string(i + 1) + "," +
             std::to_string(3 + i % 6) + ",Luis," + families[i % 6] + ",AN" +
             std::to_string(100 + i) + "\n";
    }
    Result<RosterImportReport> more = ctx_->store().ImportRoster(event_id_, csv);
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    ASSERT_TRUE(ctx_->Reload().ok());
  }

  static constexpr int kManyAnas = 60;

  wxRect InFrame(wxWindow* w, wxPoint at, wxSize size) {
    return wxRect(frame_->ScreenToClient(w->ClientToScreen(at)), size);
  }

  // The leaf controls shown on the screen now, with the part of each that is not scrolled
  // away; controls scrolled out of sight entirely are left out. `clip` is what the scrolling
  // areas around `w` show (the window when there is none); `shown` is the client area of
  // every other container around it. A control that the scrolling areas would show but a
  // plain panel cuts off (a panel given less room than its content) cannot be seen or
  // scrolled to: it is added to `hidden`, even when nothing of it shows or GTK shrank it to
  // nothing.
  void Collect(wxWindow* w, wxRect clip, wxRect shown, bool in_scroll, std::vector<Box>& out,
               std::vector<Box>& hidden) {
    if (!w->IsShown()) return;
    wxRect rect(frame_->ScreenToClient(w->GetScreenPosition()), w->GetSize());
    const bool leaf = w->GetChildren().empty();
    if (rect.width <= 0 || rect.height <= 0) {
      // GTK gives a control beyond its parent's edge no room at all; only a scrolling area
      // may do that to a control that has something to show.
      const wxSize best = w->GetBestSize();
      if (leaf && !in_scroll && best.x > 0 && best.y > 0 && !w->GetLabel().empty()) {
        hidden.push_back({w, rect, rect, false});
      }
      return;
    }
    if (leaf) {
      wxRect visible = rect.Intersect(clip);
      bool scrolled = in_scroll && (rect.y <= clip.y || rect.GetBottom() >= clip.GetBottom());
      if (visible.width > 0 && visible.height > 0 && !shown.Contains(visible)) {
        hidden.push_back({w, rect, visible.Intersect(shown), scrolled});
      }
      visible = visible.Intersect(shown);
      if (visible.width > 0 && visible.height > 0) out.push_back({w, rect, visible, scrolled});
      return;
    }
    // Only a scrolling area may hide part of its content.
    wxRect client = InFrame(w, wxPoint(0, 0), w->GetClientSize());
    if (dynamic_cast<wxScrolledWindow*>(w) != nullptr) {
      clip = clip.Intersect(client);
      in_scroll = true;
    } else {
      shown = shown.Intersect(client);
    }
    for (wxWindow* child : w->GetChildren()) Collect(child, clip, shown, in_scroll, out, hidden);
  }

  // Checks the screen shown now and saves its screenshot.
  void CheckScreen(const std::string& what) {
    Pump();
    frame_->Layout();
    Pump();
    SCOPED_TRACE(what + " at " + size_name_);
    wxWindow* screen = frame_->screen();
    ASSERT_NE(screen, nullptr);
    const double scale = ThemeScale(ctx_->screen, ctx_->large_text);
    const int min_tap = ScalePx(kMinTapPx, scale);
    const int min_text = ScalePx(20, scale);
    EXPECT_GE(min_tap, 44);
    const wxRect client(frame_->GetClientSize());
    std::vector<Box> boxes, hidden;
    Collect(screen, client, client, false, boxes, hidden);
    EXPECT_FALSE(boxes.empty());
    for (const Box& b : hidden) {
      ADD_FAILURE() << "cut off by " << b.window->GetParent()->GetName().utf8_string()
                    << ", which does not scroll: " << Describe(b);
    }
    int tappable = 0;
    for (const Box& b : boxes) {
      EXPECT_TRUE(client.Contains(b.visible)) << "outside the window: " << Describe(b);
      // Scrolling is up and down: a control cut off at the side cannot be reached.
      EXPECT_EQ(b.visible.width, b.rect.width) << "cut off at the side: " << Describe(b);
      if (IsTappable(b.window) && !b.scrolled) {
        ++tappable;
        EXPECT_GE(b.rect.height, min_tap) << "too small to tap: " << Describe(b);
        EXPECT_GE(b.rect.width, min_tap) << "too small to tap: " << Describe(b);
      }
      if (dynamic_cast<wxControl*>(b.window) != nullptr && !b.window->GetLabel().empty()) {
        EXPECT_GE(b.window->GetFont().GetPixelSize().y, min_text - 1) << "text too small: " << Describe(b);
      }
    }
    EXPECT_GT(tappable, 0);
    for (size_t i = 0; i < boxes.size(); ++i) {
      for (size_t j = i + 1; j < boxes.size(); ++j) {
        EXPECT_FALSE(boxes[i].visible.Intersects(boxes[j].visible))
            << "overlap: " << Describe(boxes[i]) << " and " << Describe(boxes[j]);
      }
    }
    Shot(size_name_ + "-" + what);
  }

  void Resize(wxSize size) {
    size_name_ = std::to_string(size.x) + "x" + std::to_string(size.y);
    frame_->SetClientSize(size);
    Pump(20);
    ASSERT_EQ(frame_->GetClientSize(), size) << "the display is too small for " << size_name_;
  }

  void WalkEveryScreen(wxSize size) {
    ASSERT_NO_FATAL_FAILURE(Resize(size));
    CheckScreen("attract");
    Tap("start");
    ASSERT_EQ(ScreenName(), "home");
    CheckScreen("home");

    Tap("form:layout-check");
    ASSERT_EQ(ScreenName(), "wizard");
    ASSERT_NE(Find("key:space"), nullptr) << "the keyboard is not up";
    CheckScreen("question-with-keyboard");
    CheckLongLabelShown("question_label");
    Advance(ctx_->idle_after());
    frame_->TickIdle();
    Pump();
    ASSERT_EQ(ScreenName(), "still_there");
    CheckScreen("still-there");
    Tap("still_here");
    ASSERT_EQ(ScreenName(), "wizard");

    TypeOnKeyboard(
        "the robot arm and the telescope workshop and please bring the planetarium back next year "
        "because our children talked about the stars all the way home tonight");
    Tap("next");
    Tap("choice:yes");
    Tap("next");
    ASSERT_NE(Find("change:favourite"), nullptr) << "not on the review page";
    CheckScreen("review");
    CheckLongLabelShown("review_label");
    CheckLongLabelShown("review_answer");
    Tap("next");
    PumpUntilDone([&] { return ScreenName() == "thanks"; });  // the save commits first
    ASSERT_EQ(ScreenName(), "thanks");
    CheckScreen("thanks");
    Tap("done");

    Tap("volunteer");
    ASSERT_EQ(ScreenName(), "pin_screen");
    CheckScreen("pin");
    TypeOnKeyboard(kVolunteerPin);
    Tap("pin_ok");
    ASSERT_EQ(ScreenName(), "desk");
    CheckScreen("desk");
    ASSERT_NO_FATAL_FAILURE(WalkDesk());

    frame_->GoAttract();
    Pump();
    Tap("admin");
    TypeOnKeyboard(kAdminPin);
    Tap("pin_ok");
    ASSERT_EQ(ScreenName(), "admin_screen");
    CheckScreen("admin");
    // A field taps its keyboard up; the field stays in sight above it.
    wxWindow* field = Find("hub_code");
    ASSERT_NE(field, nullptr);
    wxFocusEvent focus(wxEVT_SET_FOCUS, field->GetId());
    focus.SetEventObject(field);
    field->ProcessWindowEvent(focus);
    Pump();
    ASSERT_NE(Find("key:@"), nullptr) << "the keyboard is not up";
    CheckScreen("admin-with-keyboard");
    wxWindow* settings = Find("settings");
    ASSERT_NE(settings, nullptr);
    wxRect area = InFrame(settings, wxPoint(0, 0), settings->GetClientSize());
    wxRect box(frame_->ScreenToClient(field->GetScreenPosition()), field->GetSize());
    EXPECT_TRUE(area.Contains(box)) << "the field is hidden: " << box.y << ".." << box.GetBottom()
                                    << " in " << area.y << ".." << area.GetBottom();
  }

  // The desk after a child is picked, a duplicate check-in refused (who and when, the
  // reason box, the override) and the reason box tapped with its keyboard up.
  void WalkDesk() {
    ASSERT_NO_FATAL_FAILURE(WalkLongResults());
    TypeOnKeyboard("jose");
    Advance(std::chrono::milliseconds(200));  // the pause the search waits for
    PumpUntilDone([&] { return Find("result:0") != nullptr; });
    Tap("result:0");
    ASSERT_NE(Find("checkin"), nullptr);
    CheckScreen("desk-child-picked");
    for (int round = 0; round < 2; ++round) {
      Tap("checkin");
      PumpUntilDone(
          [&] { return Find("reason") != nullptr || !LabelOf("pickup_code_shown").empty(); });
    }
    ASSERT_NE(Find("reason"), nullptr) << "the duplicate check-in was not refused";
    CheckScreen("desk-duplicate-refused");
    for (const char* name : {"desk_message", "reason", "confirm_override", "checkin"}) {
      ExpectInSight(name);
    }
    wxWindow* reason = Find("reason");
    wxFocusEvent focus(wxEVT_SET_FOCUS, reason->GetId());
    focus.SetEventObject(reason);
    reason->ProcessWindowEvent(focus);
    Pump();
    ASSERT_NE(Find("key:space"), nullptr) << "the keyboard is not up for the reason";
    CheckScreen("desk-reason-with-keyboard");
    for (const char* name : {"desk_message", "reason", "confirm_override"}) ExpectInSight(name);
  }

  // The desk searching "ana" at a big event: more matches than it shows. Every result shown
  // can be scrolled into sight (the keyboard making way once the list scrolls), a drag is not
  // a tap, and the desk says how many there are in all.
  void WalkLongResults() {
    TypeOnKeyboard("ana");
    Advance(std::chrono::milliseconds(200));
    PumpUntilDone([&] { return Find("result:0") != nullptr; });
    ASSERT_NE(Find("result:0"), nullptr);
    CheckScreen("desk-many-results");
    int last = 0;
    while (wxWindow::FindWindowByName(wxString::Format("result:%d", last + 1), frame_->screen())) {
      ++last;
    }
    EXPECT_GE(last + 1, 8) << "fewer results shown than the old desk showed";
    const wxString name = wxString::Format("result:%d", last);
    wxWindow* end = wxWindow::FindWindowByName(name, frame_->screen());
    ASSERT_NE(end, nullptr);
    // A scroll wheel turned over the results reaches the last one.
    for (int turn = 0; turn < 40; ++turn) {
      wxMouseEvent wheel(wxEVT_MOUSEWHEEL);
      wheel.SetEventObject(end);
      wheel.m_wheelRotation = -120;
      wheel.m_wheelDelta = 120;
      wheel.m_linesPerAction = 3;
      wheel.m_wheelAxis = wxMOUSE_WHEEL_VERTICAL;
      end->ProcessWindowEvent(wheel);
    }
    Pump();
    EXPECT_EQ(Find("key:a"), nullptr) << "the keyboard did not make way for the list";
    ExpectInSight(name);
    CheckScreen("desk-many-results-scrolled");
    // A finger dragging the list down brings the first result back; the button the drag
    // began on does not take it for a tap.
    auto mouse = [&](wxEventType type, int y, bool down) {
      wxMouseEvent e(type);
      e.SetEventObject(end);
      e.SetId(end->GetId());
      e.m_x = 20;
      e.m_y = y;
      e.SetLeftDown(down);
      end->ProcessWindowEvent(e);
    };
    mouse(wxEVT_LEFT_DOWN, 10, true);
    for (int step = 1; step <= 20; ++step) mouse(wxEVT_MOTION, 10 + step * 200, true);
    mouse(wxEVT_LEFT_UP, 4010, false);
    wxCommandEvent click(wxEVT_BUTTON, end->GetId());  // GTK clicks on the release
    click.SetEventObject(end);
    end->ProcessWindowEvent(click);
    Pump();
    EXPECT_EQ(Find("checkin"), nullptr) << "the drag picked a child";
    ExpectInSight("result:0");
    Result<std::vector<RosterHit>> all = ctx_->store().SearchRoster(event_id_, "ana", 500);
    ASSERT_TRUE(all.ok());
    ASSERT_GT(static_cast<int>(all->size()), last + 1);
    // More than it shows: it says so, with the number in all.
    const wxString note = LabelOf("results_note");
    EXPECT_TRUE(note.Contains(wxString::Format("%d", last + 1)) &&
                note.Contains(wxString::Format("%zu", all->size())))
        << note.utf8_string();
    // A tap on the search box brings the keyboard back.
    wxWindow* search = Find("search");
    ASSERT_NE(search, nullptr);
    wxMouseEvent tap(wxEVT_LEFT_DOWN);
    tap.SetEventObject(search);
    search->ProcessWindowEvent(tap);
    Pump();
    for (size_t i = 0; i < 3; ++i) Tap("key:backspace");
  }

  // The named control is wholly inside the visible part of each window around it.
  void ExpectInSight(const wxString& name) {
    wxWindow* w = Find(name);
    ASSERT_NE(w, nullptr) << name.utf8_string();
    wxRect box(frame_->ScreenToClient(w->GetScreenPosition()), w->GetSize());
    for (wxWindow* p = w->GetParent(); p != nullptr && p != frame_; p = p->GetParent()) {
      wxRect area = InFrame(p, wxPoint(0, 0), p->GetClientSize());
      EXPECT_TRUE(area.Contains(box)) << name.utf8_string() << " is hidden: " << box.y << ".."
                                      << box.GetBottom() << " in " << p->GetName().utf8_string()
                                      << " " << area.y << ".." << area.GetBottom();
    }
  }

  // The named text shows its whole label: on screen, not cut at the side, no ellipsis, and
  // the long label takes several lines instead of running off.
  void CheckLongLabelShown(const wxString& name) {
    SCOPED_TRACE(name.utf8_string() + " at " + size_name_);
    auto* text = dynamic_cast<wxStaticText*>(Find(name));
    ASSERT_NE(text, nullptr);
    wxString label = text->GetLabel();
    EXPECT_FALSE(label.Contains(wxString::FromUTF8("…")));
    EXPECT_TRUE(label.Contains("\n")) << "one line of " << text->GetSize().x << " px";
    wxClientDC dc(text);
    dc.SetFont(text->GetFont());
    wxSize needed = dc.GetMultiLineTextExtent(label);
    EXPECT_GE(text->GetSize().x, needed.x);
    EXPECT_GE(text->GetSize().y, needed.y);
    wxRect rect(frame_->ScreenToClient(text->GetScreenPosition()), text->GetSize());
    EXPECT_LE(rect.GetRight(), frame_->GetClientSize().x);
  }

  std::string size_name_;
};

TEST_F(LayoutTest, Landscape1024x768) { WalkEveryScreen(wxSize(1024, 768)); }
TEST_F(LayoutTest, Landscape1280x800) { WalkEveryScreen(wxSize(1280, 800)); }
TEST_F(LayoutTest, Landscape1920x1080) { WalkEveryScreen(wxSize(1920, 1080)); }
TEST_F(LayoutTest, Portrait768x1024) { WalkEveryScreen(wxSize(768, 1024)); }
TEST_F(LayoutTest, Portrait1080x1920) { WalkEveryScreen(wxSize(1080, 1920)); }

}  // namespace
}  // namespace stem::kiosk
