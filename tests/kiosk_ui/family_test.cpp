// Families at the touchscreen: registering two children in Spanish with only the on-screen
// keyboard, a required answer blocking Next, skip logic, and the idle reset.
#include <gtest/gtest.h>

#include <sstream>

#include "data/forms/form_answers.h"
#include "kiosk/app/ui/wizard_screen.h"
#include "tests/labels/command_output.h"
#include "ui_harness.h"

namespace stem::kiosk {
namespace {

class FamilyTest : public UiTest {
 protected:
  WizardScreen* Wizard() { return dynamic_cast<WizardScreen*>(frame_->screen()); }
  const WizardPage& Page() { return Wizard()->wizard().current(); }
  std::string PageId() {
    const WizardPage& p = Page();
    if (p.kind == WizardPage::Kind::kReview) return "review";
    if (p.kind == WizardPage::Kind::kAddEntry) return "add:" + p.item->id;
    return p.item->id;
  }
  void OpenRegistration(const std::string& lang) {
    Tap("lang:" + lang);
    Tap("start");
    ASSERT_EQ(ScreenName(), "home");
    Tap("form:student-registration");
    ASSERT_EQ(ScreenName(), "wizard");
  }
  void WaitFor(const std::string& screen) {
    PumpUntilDone([&] { return ScreenName() == screen; });
    ASSERT_EQ(ScreenName(), screen);
  }
};

TEST_F(FamilyTest, RegistersTwoChildrenInSpanishWithTheOnScreenKeyboard) {
  Shot("attract");
  OpenRegistration("es");
  EXPECT_EQ(LabelOf("next"), wxString::FromUTF8("Siguiente"));
  Shot("first-question");
  const std::vector<std::pair<std::string, std::string>> children = {{"Ana", "Pérez Núñez"},
                                                                     {"Luis", "Pérez Núñez"}};
  bool shot_keyboard = false;
  for (int guard = 0; guard < 80; ++guard) {
    std::string id = PageId();
    int entry = Page().entry;
    if (id == "review") break;
    if (id == "student_first_name") {
      TypeOnKeyboard(children[static_cast<size_t>(entry)].first);
    } else if (id == "student_last_name") {
      TypeOnKeyboard(children[static_cast<size_t>(entry)].second);
      if (!shot_keyboard) Shot("typing-accents");
      shot_keyboard = true;
    } else if (id == "student_dob") {
      TypeOnKeyboard(entry == 0 ? "04/03/2016" : "19/11/2018");
    } else if (id == "grade") {
      Tap(entry == 0 ? "choice:4" : "choice:2");
      if (entry == 0) Shot("grade-choice");
    } else if (id == "has_allergies") {
      Tap("choice:no");
    } else if (id == "add:children") {
      if (Page().entry < 2) {
        Shot("add-another-child");
        Tap("add_entry");
        continue;
      }
    } else if (id == "guardian_first_name") {
      TypeOnKeyboard("María");
    } else if (id == "guardian_last_name") {
      TypeOnKeyboard("Núñez");
    } else if (id == "guardian_relationship") {
      Tap("choice:parent");
    } else if (id == "guardian_phone") {
      TypeOnKeyboard("5551234567");
    } else if (id == "preferred_language") {
      Tap("choice:es");
    } else if (id == "emergency_name") {
      TypeOnKeyboard("Rosa Díaz");
    } else if (id == "emergency_phone") {
      TypeOnKeyboard("5559876543");
    } else if (id == "photo_consent") {
      Tap("choice:yes");
    } else if (id == "others_pick_up") {
      Tap("choice:no");
    } else if (id == "liability_consent") {
      Tap("choice:agree");
      Shot("consent");
    } else if (id == "guardian_signature") {
      Sign("signature");
      Shot("signature");
    }
    std::string before = Page().path;
    Tap("next");
    ASSERT_NE(Page().path, before) << "stuck on " << before << ": " << LabelOf("error").utf8_string();
  }
  ASSERT_EQ(PageId(), "review");
  EXPECT_EQ(LabelOf("next"), wxString::FromUTF8("Enviar"));
  Shot("review");
  Tap("next");
  WaitFor("thanks");
  std::string shot = Shot("thanks");
  EXPECT_EQ(LabelOf("saved"), wxString::FromUTF8("Guardado. ¡Muchas gracias!"));
  // Each child's code with its name and a QR code a phone can photograph: zbar reads both
  // codes off the screenshot, and they are the children's.
  EXPECT_EQ(LabelOf("child:0").utf8_string(), "Ana");
  EXPECT_EQ(LabelOf("child:1").utf8_string(), "Luis");
  ASSERT_NE(Find("qr:0"), nullptr);
  ASSERT_NE(Find("qr:1"), nullptr);
  std::set<std::string> scanned;
  std::istringstream lines(test::CommandOutput("zbarimg -q --raw '" + shot + "' 2>/dev/null"));
  for (std::string line; std::getline(lines, line);) scanned.insert(line);

  // Both children are on the roster with their accents, and the response was saved.
  Result<Store> store = Store::Open(store_path_);
  ASSERT_TRUE(store.ok());
  Result<std::vector<RosterHit>> hits = store->SearchRoster(event_id_, "perez nunez");
  ASSERT_TRUE(hits.ok());
  std::set<std::string> names;
  for (const RosterHit& h : *hits) names.insert(h.student.given_name + " " + h.student.family_name);
  EXPECT_TRUE(names.count("Ana Pérez Núñez"));
  EXPECT_TRUE(names.count("Luis Pérez Núñez"));
  std::set<std::string> codes;
  for (const RosterHit& h : *hits) codes.insert(h.student.confirmation_code.value_or(""));
  EXPECT_EQ(scanned, codes) << "the QR codes on the Saved screen";
  Result<StoreSummary> sum = store->Summary();
  EXPECT_EQ(sum->records_by_type["form_response"], 1);

  // Done: the next family starts from a clean attract screen.
  Tap("done");
  WaitFor("attract");
  EXPECT_EQ(ctx_->language, "en");
}

TEST_F(FamilyTest, RequiredAnswerLeftEmptyBlocksNextWithTheMessageInTheChosenLanguage) {
  for (const std::string lang : {"en", "es"}) {
    SCOPED_TRACE(lang);
    if (ScreenName() != "attract") {
      Tap("cancel");
      WaitFor("attract");
    }
    OpenRegistration(lang);
    std::string first = Page().path;
    Tap("next");
    EXPECT_EQ(Page().path, first);
    EXPECT_EQ(LabelOf("error").utf8_string(), forms::BuiltInMessage("required", lang));
    Shot("required-" + lang);
    TypeOnKeyboard("Ana");
    EXPECT_EQ(LabelOf("error"), "");  // the message goes once the family answers
    Tap("next");
    EXPECT_NE(Page().path, first);
  }
}

TEST_F(FamilyTest, SkipLogicShowsAndHidesTheMedicalQuestion) {
  OpenRegistration("en");
  for (int guard = 0; guard < 10 && PageId() != "has_allergies"; ++guard) {
    std::string id = PageId();
    if (id == "student_first_name") TypeOnKeyboard("Ana");
    if (id == "student_last_name") TypeOnKeyboard("Lee");
    if (id == "student_dob") TypeOnKeyboard("03/04/2016");
    if (id == "grade") Tap("choice:3");
    Tap("next");
  }
  ASSERT_EQ(PageId(), "has_allergies");
  size_t steps_without = Wizard()->wizard().step_count();
  Tap("choice:yes");
  EXPECT_EQ(Wizard()->wizard().step_count(), steps_without + 1);
  Tap("next");
  EXPECT_EQ(PageId(), "medical_notes");
  Shot("medical-question-shown");
  Tap("back");
  Tap("choice:no");
  EXPECT_EQ(Wizard()->wizard().step_count(), steps_without);
  Tap("next");
  EXPECT_EQ(PageId(), "no_pickup");  // the medical notes are skipped
  Shot("medical-question-hidden");
}

TEST_F(FamilyTest, IdleResetDiscardsAHalfFilledForm) {
  ctx_->idle_after_override = std::chrono::seconds(60);
  OpenRegistration("es");
  TypeOnKeyboard("Ana");
  Shot("half-filled");
  // A touch just before the limit keeps the form.
  Advance(std::chrono::seconds(59));
  frame_->TickIdle();
  Pump();
  EXPECT_EQ(ScreenName(), "wizard");
  Advance(std::chrono::seconds(2));
  frame_->TickIdle();
  Pump();
  ASSERT_EQ(ScreenName(), "still_there");
  EXPECT_EQ(LabelOf("countdown").utf8_string(), "19 segundos");
  EXPECT_EQ(Find("answer"), nullptr);  // nothing of the family shows through
  Shot("still-there");
  Advance(std::chrono::seconds(20));
  frame_->TickIdle();
  Pump();
  ASSERT_EQ(ScreenName(), "attract");
  Shot("reset-to-attract");
  // The next family starts empty, in the default language.
  Tap("start");
  Tap("form:student-registration");
  auto* answer = dynamic_cast<wxTextCtrl*>(Find("answer"));
  ASSERT_NE(answer, nullptr);
  EXPECT_EQ(answer->GetValue(), "");
  EXPECT_EQ(LabelOf("next"), "Next");
}

TEST_F(FamilyTest, StillHereKeepsTheAnswers) {
  OpenRegistration("en");
  TypeOnKeyboard("Ana");
  Advance(ctx_->idle_after() + std::chrono::seconds(1));
  frame_->TickIdle();
  Pump();
  ASSERT_EQ(ScreenName(), "still_there");
  Tap("still_here");
  ASSERT_EQ(ScreenName(), "wizard");
  auto* answer = dynamic_cast<wxTextCtrl*>(Find("answer"));
  ASSERT_NE(answer, nullptr);
  EXPECT_EQ(answer->GetValue(), "Ana");
}

}  // namespace
}  // namespace stem::kiosk

namespace stem::kiosk {
namespace {

TEST_F(UiTest, LargerTextAndHighContrastReachEveryScreenUntilTheNextFamily) {
  Tap("large_text");
  Tap("high_contrast");
  Shot("attract-large-contrast");
  EXPECT_TRUE(ctx_->large_text);
  EXPECT_TRUE(ctx_->high_contrast);
  Tap("start");
  Tap("form:post-event-survey");
  ASSERT_EQ(ScreenName(), "wizard");
  Shot("survey-large-contrast");
  wxWindow* next = Find("next");
  ASSERT_NE(next, nullptr);
  EXPECT_GE(next->GetSize().y, 64);
  Tap("cancel");
  for (int i = 0; i < 50 && ScreenName() != "attract"; ++i) Pump(1);
  EXPECT_FALSE(ctx_->large_text);  // the next family starts with the defaults
  EXPECT_FALSE(ctx_->high_contrast);
}

}  // namespace
}  // namespace stem::kiosk

namespace stem::kiosk {
namespace {

// The smallest screen the kiosk supports: every control of a text question, the keyboard
// and the navigation buttons must fit inside 1024x768.
TEST_F(UiTest, TextQuestionWithKeyboardFitsOn1024x768) {
  frame_->SetClientSize(wxSize(1024, 768));
  Pump();
  Tap("start");
  Tap("form:student-registration");
  Pump();
  Shot("1024x768-text-question");
  wxRect client(frame_->GetClientSize());
  for (const char* name : {"next", "back", "cancel", "answer", "key:backspace", "key:space"}) {
    wxWindow* w = Find(name);
    ASSERT_NE(w, nullptr) << name;
    wxRect r(frame_->ScreenToClient(w->GetScreenPosition()), w->GetSize());
    EXPECT_TRUE(client.Contains(r)) << name << " at " << r.x << "," << r.y << " " << r.width
                                    << "x" << r.height;
  }
  // The answer box is inside the question area's visible part, not scrolled off.
  wxWindow* body = Find("body");
  wxWindow* answer = Find("answer");
  ASSERT_NE(body, nullptr);
  wxRect visible(body->GetScreenPosition(), body->GetClientSize());
  wxRect box(answer->GetScreenPosition(), answer->GetSize());
  EXPECT_TRUE(visible.Contains(box)) << "answer box bottom " << box.GetBottom() << ", area bottom "
                                     << visible.GetBottom();
}

}  // namespace
}  // namespace stem::kiosk
