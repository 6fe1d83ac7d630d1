// FormWizard: pages, live skip logic, repeat groups, per-page errors, review, on every
// bundled form and on small specs made for the case.
#include "kiosk/app/core/wizard.h"

#include <gtest/gtest.h>

#include "data/forms/bundled_forms.h"

namespace stem::kiosk {
namespace {

using forms::QuestionType;
using nlohmann::json;

constexpr const char* kToday = "2026-07-01";

json Text(const std::string& en, const std::string& es) { return {{"en", en}, {"es", es}}; }

std::shared_ptr<const forms::FormSpec> Load(const std::string& text) {
  forms::LoadResult r = forms::LoadFormSpec(text);
  if (auto* errors = std::get_if<std::vector<forms::SpecError>>(&r)) {
    ADD_FAILURE() << errors->front().ToString();
    return nullptr;
  }
  return std::make_shared<forms::FormSpec>(std::get<forms::FormSpec>(std::move(r)));
}

std::shared_ptr<const forms::FormSpec> Spec(json items) {
  json doc = {{"id", "t"}, {"version", 1}, {"kind", "survey"}, {"languages", {"en", "es"}},
              {"title", Text("T", "T")}, {"items", std::move(items)}};
  return Load(doc.dump());
}

json Q(const std::string& id, const std::string& type, json extra = json::object()) {
  json q = {{"id", id}, {"type", type}, {"label", Text("L", "E")}};
  q.update(extra);
  return q;
}

std::vector<std::string> Paths(const FormWizard& w) {
  std::vector<std::string> out;
  for (const WizardPage& p : w.pages()) out.push_back(p.path);
  return out;
}

TEST(WizardTest, OneQuestionPerPageWithNotesAsHeadingsAndReviewLast) {
  FormWizard w(Spec({Q("intro", "note"), Q("a", "text"), Q("b", "integer")}), "en", kToday);
  EXPECT_EQ(Paths(w), (std::vector<std::string>{"a", "b", "review"}));
  ASSERT_EQ(w.pages()[0].notes.size(), 1u);
  EXPECT_EQ(w.pages()[0].notes[0]->id, "intro");
  EXPECT_EQ(w.step(), 1u);
  EXPECT_EQ(w.step_count(), 3u);
}

TEST(WizardTest, RequiredAnswerBlocksNextWithMessageInChosenLanguage) {
  FormWizard w(Spec({Q("a", "text", {{"required", true}}), Q("b", "text")}), "es", kToday);
  std::vector<forms::AnswerError> errors = w.Next();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "required");
  EXPECT_EQ(errors[0].path, "a");
  EXPECT_NE(errors[0].message, forms::BuiltInMessage("required", "en"));
  EXPECT_EQ(errors[0].message, forms::BuiltInMessage("required", "es"));
  EXPECT_EQ(w.current().path, "a");
  w.SetAnswer("Ana");
  EXPECT_TRUE(w.Next().empty());
  EXPECT_EQ(w.current().path, "b");
}

TEST(WizardTest, ErrorsOfLaterQuestionsDoNotBlockThisPage) {
  FormWizard w(Spec({Q("a", "text"), Q("b", "text", {{"required", true}})}), "en", kToday);
  EXPECT_TRUE(w.Next().empty());
  EXPECT_FALSE(w.Next().empty());
}

TEST(WizardTest, SkipLogicAddsAndRemovesPagesLive) {
  FormWizard w(Spec({Q("pets", "yes_no"), Q("how_many", "integer", {{"relevant", "pets = true"}}),
                     Q("end", "text")}),
               "en", kToday);
  EXPECT_EQ(Paths(w), (std::vector<std::string>{"pets", "end", "review"}));
  w.SetAnswer(true);
  EXPECT_EQ(Paths(w), (std::vector<std::string>{"pets", "how_many", "end", "review"}));
  EXPECT_EQ(w.current().path, "pets");
  w.SetAnswer(false);
  EXPECT_EQ(Paths(w), (std::vector<std::string>{"pets", "end", "review"}));
}

TEST(WizardTest, RepeatGroupAsksItsQuestionsPerEntryThenOffersAnother) {
  auto spec = Spec({Q("kids", "repeat",
                      {{"min", 1}, {"max", 2}, {"add_label", Text("Add", "Agregar")},
                       {"items", json::array({Q("name", "text", {{"required", true}})})}}),
                    Q("after", "text")});
  FormWizard w(spec, "en", kToday);
  EXPECT_EQ(Paths(w), (std::vector<std::string>{"kids[0].name", "kids", "after", "review"}));
  w.SetAnswer("Ana");
  EXPECT_TRUE(w.Next().empty());
  EXPECT_EQ(w.current().kind, WizardPage::Kind::kAddEntry);
  ASSERT_TRUE(w.AddEntry());
  EXPECT_EQ(w.current().path, "kids[1].name");
  EXPECT_FALSE(w.Next().empty());  // the new child's name is required
  w.SetAnswer("Luis");
  EXPECT_TRUE(w.Next().empty());
  EXPECT_FALSE(w.AddEntry());  // max 2
  EXPECT_EQ(w.answers()["kids"], json::parse(R"([{"name":"Ana"},{"name":"Luis"}])"));
}

TEST(WizardTest, ClearingAnAnswerRemovesIt) {
  FormWizard w(Spec({Q("a", "text")}), "en", kToday);
  w.SetAnswer("x");
  EXPECT_EQ(w.AnswerAt(w.current()), "x");
  w.SetAnswer("");
  EXPECT_TRUE(w.AnswerAt(w.current()).is_null());
  EXPECT_FALSE(w.answers().contains("a"));
}

TEST(WizardTest, BackStopsAtFirstPage) {
  FormWizard w(Spec({Q("a", "text"), Q("b", "text")}), "en", kToday);
  EXPECT_FALSE(w.Back());
  w.Next();
  EXPECT_TRUE(w.Back());
  EXPECT_EQ(w.current().path, "a");
}

TEST(WizardTest, ReviewJumpsToAPageAndNextReturnsToReview) {
  FormWizard w(Spec({Q("a", "text"), Q("b", "text"), Q("c", "text")}), "en", kToday);
  w.Next();
  w.Next();
  w.Next();
  ASSERT_EQ(w.current().kind, WizardPage::Kind::kReview);
  ASSERT_TRUE(w.GoTo("a"));
  w.SetAnswer("changed");
  EXPECT_TRUE(w.Next().empty());
  EXPECT_EQ(w.current().kind, WizardPage::Kind::kReview);
  EXPECT_FALSE(w.GoTo("nope"));
}

TEST(WizardTest, SubmitCheckMovesToFirstPageWithAnError) {
  FormWizard w(Spec({Q("a", "text"), Q("b", "text", {{"required", true}})}), "en", kToday);
  ASSERT_TRUE(w.GoTo("review"));
  std::vector<forms::AnswerError> errors = w.CheckForSubmit();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(w.current().path, "b");
}

TEST(WizardTest, EveryBundledFormCanBeWalkedToReview) {
  for (const BundledForm& f : BundledForms()) {
    SCOPED_TRACE(std::string(f.file));
    auto spec = Load(std::string(f.json));
    ASSERT_NE(spec, nullptr);
    FormWizard w(spec, "es", kToday);
    ASSERT_GT(w.pages().size(), 1u);
    size_t guard = 0;
    // Next without answers stops at the first required question or reaches review.
    while (w.current().kind != WizardPage::Kind::kReview && w.Next().empty() && ++guard < 500) {
    }
    if (w.current().kind != WizardPage::Kind::kReview) {
      EXPECT_TRUE(w.current().item->required || w.current().kind == WizardPage::Kind::kAddEntry);
    }
  }
}

struct TextCase {
  QuestionType type;
  std::string text;
  json want;
};

TEST(AnswerFromTextTest, Table) {
  const std::vector<TextCase> cases = {
      {QuestionType::kText, "  Ana  ", "Ana"},
      {QuestionType::kText, "   ", nullptr},
      {QuestionType::kInteger, "12", 12},
      {QuestionType::kInteger, "12a", "12a"},
      {QuestionType::kRating, "10", 10},
      {QuestionType::kDecimal, "2.5", 2.5},
      {QuestionType::kPhone, "(555) 123-4567", "5551234567"},
      {QuestionType::kPhone, "555 abc", "555 abc"},
      {QuestionType::kEmail, "a@b.com", "a@b.com"},
  };
  for (const TextCase& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(AnswerFromText(c.type, c.text), c.want);
  }
  EXPECT_EQ(TextFromAnswer(json(12)), "12");
  EXPECT_EQ(TextFromAnswer(json("x")), "x");
  EXPECT_EQ(TextFromAnswer(json(nullptr)), "");
}

}  // namespace
}  // namespace stem::kiosk

namespace stem::kiosk {
namespace {

TEST(DateFromTextTest, Table) {
  struct Case {
    std::string text, lang;
    nlohmann::json want;
  };
  const std::vector<Case> cases = {
      {"04/03/2016", "es", "2016-03-04"}, {"03/04/2016", "en", "2016-03-04"},
      {"4/3/2016", "es", "2016-03-04"},   {"04032016", "es", "2016-03-04"},
      {"", "es", nullptr},                {"4/3/16", "es", "4/3/16"},
      {"ab/cd/efgh", "en", "ab/cd/efgh"}, {"1/2/3/2016", "en", "1/2/3/2016"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(DateFromText(c.text, c.lang), c.want) << c.text << " " << c.lang;
  }
  EXPECT_EQ(DateText("2016-03-04", "es"), "04/03/2016");
  EXPECT_EQ(DateText("2016-03-04", "en"), "03/04/2016");
}

}  // namespace
}  // namespace stem::kiosk
