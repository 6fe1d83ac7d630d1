// Save and finish later at the touchscreen: a family leaves a half-filled scholarship
// application, the kiosk resets, the next family sees none of it, and the first comes back with
// the resume code and the birth date, continues at the page it left and submits. Wrong codes,
// wrong dates, a locked and an expired draft are said in words, in English and Spanish, with no
// hint of which was wrong.
#include <gtest/gtest.h>

#include "data/drafts/draft_seal.h"
#include "data/forms/bundled_forms.h"
#include "kiosk/app/ui/draft_save_screen.h"
#include "kiosk/app/ui/resume_screen.h"
#include "kiosk/app/ui/wizard_screen.h"
#include "tests/data/store_fixture.h"
#include "ui_harness.h"

namespace stem::kiosk {
namespace {

using forms::QuestionType;

class DraftTest : public UiTest {
 protected:
  WizardScreen* Wizard() { return dynamic_cast<WizardScreen*>(frame_->screen()); }
  const WizardPage& Page() { return Wizard()->wizard().current(); }
  void WaitFor(const std::string& screen) {
    PumpUntilDone([&] { return ScreenName() == screen; });
    ASSERT_EQ(ScreenName(), screen);
  }
  // Answers the current question page with something valid for its type.
  void AnswerPage() {
    const WizardPage& page = Page();
    if (page.kind != WizardPage::Kind::kQuestion) return;
    const forms::Item& item = *page.item;
    switch (item.type) {
      case QuestionType::kText: TypeOnKeyboard("Sam"); break;
      case QuestionType::kLongText: TypeOnKeyboard("We love building robots together"); break;
      case QuestionType::kInteger: TypeOnKeyboard("1"); break;
      case QuestionType::kPhone: TypeOnKeyboard("5551234567"); break;
      case QuestionType::kEmail: TypeOnKeyboard("sam@example.org"); break;
      case QuestionType::kDate: TypeOnKeyboard("06/01/2016"); break;
      case QuestionType::kYesNo: Tap("choice:yes"); break;
      case QuestionType::kConsent: Tap("choice:agree"); break;
      case QuestionType::kSignature: Sign("signature"); break;
      default: Tap("choice:" + wxString::FromUTF8(item.choices.at(0).value)); break;
    }
  }
  void NextPage() {
    std::string before = Page().path;
    Tap("next");
    ASSERT_NE(Page().path, before) << "stuck on " << before << ": " << LabelOf("error").utf8_string();
  }
  wxTextCtrl* Box(const wxString& name) { return dynamic_cast<wxTextCtrl*>(Find(name)); }
  // On the resume screen: types the code and the date into their boxes, taps Continue and
  // waits for the answer; the words shown, or "" when the form opened.
  std::string TryResume(const std::string& code, const std::string& date) {
    Box("resume_code")->Clear();
    Box("resume_code")->SetFocus();
    Pump();
    TypeOnKeyboard(code);
    Box("birth_date")->Clear();
    Box("birth_date")->SetFocus();
    Pump();
    TypeOnKeyboard(date);
    Tap("continue");
    PumpUntilDone([&] {
      auto* s = dynamic_cast<ResumeScreen*>(frame_->screen());
      return s == nullptr || s->state() == ResumeScreen::State::kTyping;
    });
    return ScreenName() == "resume" ? LabelOf("error").utf8_string() : "";
  }
  void OpenResume(const std::string& lang) {
    Tap("lang:" + lang);
    Tap("start");
    ASSERT_EQ(ScreenName(), "home");
    Tap("resume");
    ASSERT_EQ(ScreenName(), "resume");
  }
  int64_t Drafts() {
    Result<Store> store = Store::Open(store_path_);
    EXPECT_TRUE(store.ok());
    Result<int64_t> n = store->CountDrafts();
    return n.ok() ? *n : -1;
  }
};

TEST_F(DraftTest, AFamilySavesForLaterTheNextCannotSeeItAndTheFirstResumesAndSubmits) {
  ctx_->idle_after_override = std::chrono::seconds(60);
  Tap("start");
  EXPECT_EQ(Find("resume"), nullptr);  // nothing saved on this kiosk yet
  Tap("form:scholarship-application");
  WaitFor("wizard");
  for (const char* id : {"student_first_name", "student_last_name", "student_dob"}) {
    ASSERT_EQ(Page().item->id, id);
    if (std::string(id) == "student_first_name") TypeOnKeyboard("Minh");
    if (std::string(id) == "student_last_name") TypeOnKeyboard("Nguyen");
    if (std::string(id) == "student_dob") TypeOnKeyboard("06/01/2016");
    NextPage();
  }
  const std::string left_at = Page().path;
  Shot("half-filled");
  Tap("save_later");
  WaitFor("draft_save");
  Shot("asks-birth-date");
  TypeOnKeyboard("6/1/16");  // not a full date: said, nothing saved
  Tap("save_draft");
  EXPECT_NE(LabelOf("error").Find("4 digits"), wxNOT_FOUND) << LabelOf("error").utf8_string();
  Box("birth_date")->Clear();
  TypeOnKeyboard("06/01/2016");
  Tap("save_draft");
  PumpUntilDone([&] {
    auto* s = dynamic_cast<DraftSaveScreen*>(frame_->screen());
    return s != nullptr && s->state() != DraftSaveScreen::State::kSaving;
  });
  ASSERT_NE(Find("resume_code"), nullptr) << LabelOf("error").utf8_string();
  std::string shown = LabelOf("resume_code").utf8_string();
  ASSERT_EQ(shown.size(), 7u) << shown;  // "BCD 234": the space is only for reading
  std::string code = shown.substr(0, 3) + shown.substr(4);
  EXPECT_TRUE(drafts::IsResumeCodeShape(code)) << shown;
  Shot("resume-code");
  EXPECT_EQ(Drafts(), 1);

  // The family walks away; the idle reset clears the screen as always.
  Advance(std::chrono::seconds(61));
  frame_->TickIdle();
  Pump();
  Advance(std::chrono::seconds(21));
  frame_->TickIdle();
  Pump();
  ASSERT_EQ(ScreenName(), "attract");

  // The next family starts the same form empty, and cannot open the draft without both
  // factors; a wrong date and a wrong code get the same words.
  Tap("start");
  Tap("form:scholarship-application");
  WaitFor("wizard");
  EXPECT_EQ(Page().item->id, "student_first_name");
  ASSERT_NE(Box("answer"), nullptr);
  EXPECT_EQ(Box("answer")->GetValue(), "");
  EXPECT_TRUE(Wizard()->wizard().answers().empty());
  Tap("cancel");
  WaitFor("attract");
  OpenResume("en");
  Shot("resume-screen");
  std::string wrong_date = TryResume(code, "01/06/2016");
  EXPECT_NE(wrong_date.find("No saved application"), std::string::npos) << wrong_date;
  std::string other = code.substr(0, 5) + (code[5] == 'B' ? "C" : "B");
  std::string wrong_code = TryResume(other, "06/01/2016");
  EXPECT_EQ(wrong_code, wrong_date);
  Shot("wrong-code");
  EXPECT_EQ(TryResume("BCD", "06/01/2016"),
            "A resume code has 6 letters and numbers, for example BCD 234.");

  // The first family comes back: the form opens at the page it left, with its answers.
  ASSERT_EQ(TryResume(code, "06/01/2016"), "");
  WaitFor("wizard");
  EXPECT_EQ(Page().path, left_at);
  EXPECT_EQ(Wizard()->wizard().answers().value("student_first_name", ""), "Minh");
  Shot("resumed");
  for (int guard = 0; guard < 60 && Page().kind != WizardPage::Kind::kReview; ++guard) {
    AnswerPage();
    NextPage();
    if (HasFailure()) return;
  }
  ASSERT_EQ(Page().kind, WizardPage::Kind::kReview);
  Tap("next");
  WaitFor("thanks");
  EXPECT_EQ(Drafts(), 0);  // deleted with the save that submitted it
  EXPECT_EQ(test::RawDb(store_path_).Int(
                "SELECT count(*) FROM form_responses WHERE form_id = 'scholarship-application'"),
            1);
  EXPECT_EQ(test::RawDb(store_path_).Int("SELECT count(*) FROM drafts"), 0);
}

TEST_F(DraftTest, WrongLockedAndExpiredDraftsAreSaidInSpanishWithoutHints) {
  DraftToSave d;
  d.form_id = "scholarship-application";
  d.form_version = 1;
  d.page = "student_grade";
  d.answers = {{"student_first_name", "Ana"}};
  d.birth_date = "2015-03-04";
  Result<SavedDraft> saved = ctx_->store().SaveDraft(d);
  ASSERT_TRUE(saved.ok());
  d.birth_date = "2014-01-02";
  Result<SavedDraft> old = ctx_->store().SaveDraft(d);
  ASSERT_TRUE(old.ok());
  // Expired yesterday (kept 30 days more without its answers, so that this can be said).
  std::string yesterday = FormatUtc(SystemClock().Now() - std::chrono::hours(24));
  test::RawDb(store_path_).MustExec("UPDATE drafts SET expires_at = '" + yesterday +
                                    "' WHERE id = '" + old->id + "'");
  OpenResume("es");
  Shot("resume-es");
  EXPECT_EQ(LabelOf("continue"), "Continuar");
  // Spanish dates are day/month/year: 04/03/2015 is the right one.
  std::string wrong_date = TryResume(saved->resume_code, "03/04/2015");
  EXPECT_NE(wrong_date.find("Ninguna solicitud"), std::string::npos) << wrong_date;
  // A code from another kiosk is simply not here: the same words.
  Result<Store> other = Store::Create((dir_ / "other.db").string());
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(InstallBundledForms(*other).ok());
  Result<SavedDraft> elsewhere = other->SaveDraft(d);
  ASSERT_TRUE(elsewhere.ok());
  EXPECT_EQ(TryResume(elsewhere->resume_code, "02/01/2014"), wrong_date);
  // Expired: said only to whoever has both the code and the date.
  EXPECT_EQ(TryResume(old->resume_code, "01/02/2014"), wrong_date);
  std::string expired = TryResume(old->resume_code, "02/01/2014");
  EXPECT_NE(expired.find("venci"), std::string::npos) << expired;
  Shot("expired-es");
  // Five wrong dates lock the draft for 15 minutes, the right one included.
  for (int i = 1; i < Store::kDraftTriesBeforeLock; ++i) TryResume(saved->resume_code, "03/04/2015");
  std::string locked = TryResume(saved->resume_code, "04/03/2015");
  EXPECT_NE(locked.find("15 minutos"), std::string::npos) << locked;
  Shot("locked-es");
}

}  // namespace
}  // namespace stem::kiosk
