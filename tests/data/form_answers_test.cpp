// Checking answers: every type and constraint, skip logic, repeat groups, languages.
#include "data/forms/form_answers.h"

#include <gtest/gtest.h>

#include "data/forms/bundled_forms.h"

namespace stem::forms {
namespace {

using nlohmann::json;

constexpr const char* kToday = "2026-07-01";

json Text(const std::string& en, const std::string& es) { return {{"en", en}, {"es", es}}; }

json Q(const std::string& id, const std::string& type, json extra = json::object()) {
  json q = {{"id", id}, {"type", type}, {"label", Text("L", "E")}};
  q.update(extra);
  return q;
}

json Choices() {
  return json::array({{{"value", "robots"}, {"label", Text("Robots", "Robots")}},
                      {{"value", "rockets"}, {"label", Text("Rockets", "Cohetes")}},
                      {{"value", "other"}, {"label", Text("Other", "Otro")}}});
}

FormSpec Spec(json items) {
  json doc = {{"id", "t"}, {"version", 1}, {"kind", "survey"}, {"languages", {"en", "es"}},
              {"title", Text("T", "T")}, {"items", std::move(items)}};
  LoadResult r = LoadFormSpec(doc.dump());
  if (auto* errors = std::get_if<std::vector<SpecError>>(&r)) {
    ADD_FAILURE() << errors->front().ToString();
    return {};
  }
  return std::get<FormSpec>(r);
}

json Signature() {
  return {{"width", 600}, {"height", 200}, {"strokes", {{{10, 10}, {50, 80}, {120, 40}}}}};
}

struct Case {
  std::string name;
  json question;
  json answer;
  std::string error;  // "" when the answer must be accepted
};

TEST(FormAnswers, EveryTypeAndConstraint) {
  const std::vector<Case> cases = {
      {"text ok", Q("a", "text"), "Ana María", ""},
      {"text trimmed and empty is unanswered but required",
       Q("a", "text", {{"required", true}}), "   ", "required"},
      {"text not a string", Q("a", "text"), 5, "not_text"},
      {"text newline", Q("a", "text"), "a\nb", "invalid_text"},
      {"text default max 200", Q("a", "text"), std::string(201, 'x'), "too_long"},
      {"text 200 code points of emoji ok", Q("a", "text"), [] {
         std::string s;
         for (int i = 0; i < 200; ++i) s += "\xF0\x9F\x98\x80";
         return s;
       }(), ""},
      {"text min_length", Q("a", "text", {{"constraint", {{"min_length", 3}}}}), "ab", "too_short"},
      {"text pattern ok", Q("a", "text", {{"constraint", {{"pattern", "^[0-9]{5}$"}}}}), "94110", ""},
      {"text pattern bad", Q("a", "text", {{"constraint", {{"pattern", "^[0-9]{5}$"}}}}), "9411",
       "pattern"},
      {"long text newline ok", Q("a", "long_text"), "line 1\nline 2", ""},
      {"long text max", Q("a", "long_text", {{"constraint", {{"max_length", 10}}}}), "12345678901",
       "too_long"},
      {"integer ok", Q("a", "integer", {{"constraint", {{"min", 1}, {"max", 20}}}}), 4, ""},
      {"integer fraction", Q("a", "integer"), 2.5, "not_whole_number"},
      {"integer string", Q("a", "integer"), "4", "not_whole_number"},
      {"integer below", Q("a", "integer", {{"constraint", {{"min", 1}}}}), 0, "below_min"},
      {"integer above", Q("a", "integer", {{"constraint", {{"max", 20}}}}), 21, "above_max"},
      {"decimal ok", Q("a", "decimal", {{"constraint", {{"max", 2.5}}}}), 2.25, ""},
      {"decimal above", Q("a", "decimal", {{"constraint", {{"max", 2.5}}}}), 2.75, "above_max"},
      {"date ok", Q("a", "date", {{"constraint", {{"max_date", "today"}}}}), "2015-03-12", ""},
      {"date future", Q("a", "date", {{"constraint", {{"max_date", "today"}}}}), "2026-07-02",
       "date_too_late"},
      {"date too early", Q("a", "date", {{"constraint", {{"min_date", "2006-01-01"}}}}),
       "2005-12-31", "date_too_early"},
      {"date 20 years ago ok", Q("a", "date", {{"constraint", {{"min_date", "today-20y"}}}}),
       "2006-07-01", ""},
      {"date over 20 years ago", Q("a", "date", {{"constraint", {{"min_date", "today-20y"}}}}),
       "2006-06-30", "date_too_early"},
      {"date within 30 days", Q("a", "date", {{"constraint", {{"max_date", "today+30d"}}}}),
       "2026-07-31", ""},
      {"date after 30 days", Q("a", "date", {{"constraint", {{"max_date", "today+30d"}}}}),
       "2026-08-01", "date_too_late"},
      {"date impossible", Q("a", "date"), "2026-02-30", "not_date"},
      {"date wrong format", Q("a", "date"), "03/12/2015", "not_date"},
      {"email ok", Q("a", "email"), "ana@example.org", ""},
      {"email bad", Q("a", "email"), "ana at example", "invalid_email"},
      {"phone ok", Q("a", "phone"), "(555) 201-4410", ""},
      {"phone short", Q("a", "phone"), "555-12", "invalid_phone"},
      {"single ok", Q("a", "single_choice", {{"choices", Choices()}}), "robots", ""},
      {"single unknown", Q("a", "single_choice", {{"choices", Choices()}}), "boats",
       "unknown_choice"},
      {"multiple ok", Q("a", "multiple_choice", {{"choices", Choices()}}),
       json::array({"robots", "rockets"}), ""},
      {"multiple duplicate", Q("a", "multiple_choice", {{"choices", Choices()}}),
       json::array({"robots", "robots"}), "unknown_choice"},
      {"multiple too many",
       Q("a", "multiple_choice", {{"choices", Choices()}, {"constraint", {{"max", 1}}}}),
       json::array({"robots", "rockets"}), "too_many_choices"},
      {"multiple too few",
       Q("a", "multiple_choice", {{"choices", Choices()}, {"constraint", {{"min", 2}}}}),
       json::array({"robots"}), "too_few_choices"},
      {"yes_no ok", Q("a", "yes_no"), false, ""},
      {"yes_no string", Q("a", "yes_no"), "yes", "not_yes_no"},
      {"likert ok", Q("a", "likert", {{"choices", Choices()}}), "other", ""},
      {"rating ok", Q("a", "rating"), 10, ""},
      {"rating above 10", Q("a", "rating"), 11, "above_max"},
      {"rating below 0", Q("a", "rating"), -1, "below_min"},
      {"consent accepted", Q("a", "consent", {{"required", true}}), true, ""},
      {"consent refused", Q("a", "consent", {{"required", true}}), false, "consent_required"},
      {"consent missing", Q("a", "consent", {{"required", true}}), nullptr, "consent_required"},
      {"signature ok", Q("a", "signature"), Signature(), ""},
      {"signature off the pad", Q("a", "signature"),
       json{{"width", 10}, {"height", 10}, {"strokes", {{{11, 1}}}}}, "invalid_signature"},
      {"signature no strokes", Q("a", "signature"),
       json{{"width", 10}, {"height", 10}, {"strokes", json::array()}}, "invalid_signature"},
      {"signature junk", Q("a", "signature"), "scribble", "invalid_signature"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    FormSpec spec = Spec(json::array({c.question}));
    json answers = c.answer.is_null() ? json::object() : json{{"a", c.answer}};
    CheckedAnswers r = CheckAnswers(spec, answers, "en", kToday);
    if (c.error.empty()) {
      EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].code);
      ASSERT_TRUE(r.kept.contains("a"));
    } else {
      ASSERT_EQ(r.errors.size(), 1u);
      EXPECT_EQ(r.errors[0].code, c.error);
      EXPECT_EQ(r.errors[0].path, "a");
      EXPECT_FALSE(r.errors[0].message.empty());
      EXPECT_TRUE(r.kept.empty());
    }
  }
}

TEST(FormAnswers, MessagesComeInTheChosenLanguageAndFromTheSpec) {
  FormSpec spec = Spec(json::array(
      {Q("name", "text", {{"required", true}}),
       Q("zip", "text",
         {{"constraint", {{"pattern", "^[0-9]{5}$"},
                          {"message", Text("Five digits, please.", "Cinco dígitos, por favor.")}}}})}));
  json answers = {{"zip", "ABCDE"}};
  CheckedAnswers es = CheckAnswers(spec, answers, "es", kToday);
  ASSERT_EQ(es.errors.size(), 2u);
  EXPECT_EQ(es.errors[0].message, "Por favor, responda esta pregunta.");
  EXPECT_EQ(es.errors[1].message, "Cinco dígitos, por favor.");
  CheckedAnswers en = CheckAnswers(spec, answers, "en", kToday);
  EXPECT_EQ(en.errors[0].message, "Please answer this question.");
  EXPECT_EQ(en.errors[1].message, "Five digits, please.");
  // A language the form does not have falls back to its first language.
  EXPECT_EQ(CheckAnswers(spec, answers, "fr", kToday).errors[1].message, "Five digits, please.");
}

TEST(FormAnswers, SkipLogicDropsAnswersToIrrelevantQuestions) {
  FormSpec spec = Spec(json::array(
      {Q("has_allergies", "yes_no", {{"required", true}}),
       Q("allergy_notes", "long_text", {{"required", true}, {"relevant", "has_allergies = true"}}),
       Q("heard", "single_choice", {{"choices", Choices()}}),
       Q("heard_other", "text", {{"required", true}, {"relevant", "selected(heard, 'other')"}})}));
  // Not relevant: the answer is ignored and not stored, and "required" does not apply.
  CheckedAnswers r = CheckAnswers(
      spec, {{"has_allergies", false}, {"allergy_notes", "peanuts"}, {"heard", "robots"}}, "en",
      kToday);
  EXPECT_TRUE(r.ok());
  EXPECT_FALSE(r.kept.contains("allergy_notes"));
  EXPECT_EQ(r.kept["has_allergies"], false);
  // Relevant: now required.
  r = CheckAnswers(spec, {{"has_allergies", true}, {"heard", "other"}}, "en", kToday);
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].path, "allergy_notes");
  EXPECT_EQ(r.errors[1].path, "heard_other");
  EXPECT_EQ(r.errors[1].code, "required");
  // An invalid answer to an irrelevant question does not block either.
  EXPECT_TRUE(CheckAnswers(spec, {{"has_allergies", false}, {"allergy_notes", 12}}, "en", kToday).ok());
}

TEST(FormAnswers, SectionRelevanceAppliesToItsQuestions) {
  json section = Q("household", "section",
                   {{"relevant", "size > 1"},
                    {"items", json::array({Q("children", "integer", {{"required", true}})})}});
  FormSpec spec = Spec(json::array({Q("size", "integer"), section}));
  EXPECT_TRUE(CheckAnswers(spec, {{"size", 1}}, "en", kToday).ok());
  CheckedAnswers r = CheckAnswers(spec, {{"size", 3}}, "en", kToday);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].path, "children");
}

TEST(FormAnswers, RepeatGroupsCheckEachEntry) {
  json repeat = Q("kids", "repeat",
                  {{"min", 1},
                   {"max", 3},
                   {"items", json::array({Q("first", "text", {{"required", true}}),
                                          Q("dob", "date", {{"required", true}}),
                                          Q("note", "text", {{"relevant", "age(dob) < 8"}})})}});
  FormSpec spec = Spec(json::array({Q("guardian", "text"), repeat}));
  json two = {{"guardian", "María"},
              {"kids", {{{"first", "Luz"}, {"dob", "2020-05-01"}, {"note", "naps at 2"}},
                        {{"first", "Sol"}, {"dob", "2012-05-01"}, {"note", "ignored"}}}}};
  CheckedAnswers r = CheckAnswers(spec, two, "en", kToday);
  ASSERT_TRUE(r.ok()) << r.errors[0].path;
  ASSERT_EQ(r.kept["kids"].size(), 2u);
  EXPECT_EQ(r.kept["kids"][0]["note"], "naps at 2");
  EXPECT_FALSE(r.kept["kids"][1].contains("note"));  // 14 years old: not relevant

  json bad = {{"kids", {{{"first", "Luz"}}, {{"dob", "2019-01-01"}}}}};
  r = CheckAnswers(spec, bad, "es", kToday);
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].path, "kids[0].dob");
  EXPECT_EQ(r.errors[1].path, "kids[1].first");

  EXPECT_EQ(CheckAnswers(spec, json::object(), "en", kToday).errors[0].code, "too_few_entries");
  json four = {{"kids", json::array()}};
  for (int i = 0; i < 4; ++i) four["kids"].push_back({{"first", "K"}, {"dob", "2015-01-01"}});
  EXPECT_EQ(CheckAnswers(spec, four, "en", kToday).errors[0].code, "too_many_entries");
  EXPECT_EQ(CheckAnswers(spec, {{"kids", {{{"first", "K"}, {"dob", "2015-01-01"}, {"x", 1}}}}}, "en",
                         kToday).errors[0].path,
            "kids[0].x");
}

TEST(FormAnswers, UnknownQuestionsAndNonObjectsAreRefused) {
  FormSpec spec = Spec(json::array({Q("a", "text")}));
  CheckedAnswers r = CheckAnswers(spec, {{"a", "x"}, {"b", "y"}}, "en", kToday);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].code, "unknown_question");
  EXPECT_TRUE(r.kept.empty());
  EXPECT_FALSE(CheckAnswers(spec, json::array(), "en", kToday).ok());
  EXPECT_FALSE(CheckAnswers(spec, "x", "en", kToday).ok());
}

TEST(FormAnswers, BuiltInMessagesExistInBothLanguages) {
  for (const char* code : {"required", "too_long", "too_short", "pattern", "not_whole_number",
                           "not_number", "below_min", "above_max", "not_date", "date_too_early",
                           "date_too_late", "invalid_email", "invalid_phone", "unknown_choice",
                           "too_few_choices", "too_many_choices", "not_yes_no",
                           "consent_required", "invalid_signature", "too_few_entries",
                           "too_many_entries", "unknown_question", "not_text", "invalid_text"}) {
    std::string en = BuiltInMessage(code, "en", "5");
    std::string es = BuiltInMessage(code, "es", "5");
    EXPECT_NE(en, es) << code;
    EXPECT_EQ(en.find("{limit}"), std::string::npos);
    EXPECT_NE(en, BuiltInMessage("no-such-code", "en")) << code;
  }
}

}  // namespace
}  // namespace stem::forms
