// Loading form specs: good specs load completely; bad ones return every problem, each naming
// the question and the field, and never a half-loaded form.
#include "data/forms/form_spec.h"

#include <gtest/gtest.h>

#include "data/forms/bundled_forms.h"

namespace stem::forms {
namespace {

using nlohmann::json;

json Text(const std::string& en, const std::string& es) { return {{"en", en}, {"es", es}}; }

json Form(json items) {
  return {{"id", "t"}, {"version", 1}, {"kind", "survey"}, {"languages", {"en", "es"}},
          {"title", Text("T", "T")}, {"items", std::move(items)}};
}

json Q(const std::string& id, const std::string& type) {
  return {{"id", id}, {"type", type}, {"label", Text("L " + id, "E " + id)}};
}

std::vector<SpecError> Errors(const json& spec) {
  LoadResult r = LoadFormSpec(spec.dump());
  if (auto* e = std::get_if<std::vector<SpecError>>(&r)) return *e;
  return {};
}

bool Has(const std::vector<SpecError>& errors, const std::string& question,
         const std::string& field, const std::string& fragment = "") {
  for (const SpecError& e : errors) {
    if (e.question == question && e.field == field &&
        e.message.find(fragment) != std::string::npos) {
      return true;
    }
  }
  return false;
}

std::string All(const std::vector<SpecError>& errors) {
  std::string s;
  for (const auto& e : errors) s += e.ToString() + "\n";
  return s;
}

TEST(FormSpec, EveryQuestionTypeLoads) {
  json choices = json::array({{{"value", "a"}, {"label", Text("A", "A")}},
                              {{"value", "b"}, {"label", Text("B", "B")}}});
  json items = json::array();
  for (const char* t : {"text", "long_text", "integer", "decimal", "date", "email", "phone",
                        "yes_no", "rating", "consent", "signature", "note"}) {
    items.push_back(Q(std::string("q_") + t, t));
  }
  for (const char* t : {"single_choice", "multiple_choice", "likert"}) {
    json q = Q(std::string("q_") + t, t);
    q["choices"] = choices;
    items.push_back(q);
  }
  json section = Q("sec", "section");
  section["items"] = json::array({Q("inside", "text")});
  json repeat = Q("kids", "repeat");
  repeat["items"] = json::array({Q("kid_name", "text")});
  repeat["min"] = 1;
  repeat["max"] = 4;
  repeat["add_label"] = Text("Add", "Agregar");
  items.push_back(section);
  items.push_back(repeat);
  LoadResult r = LoadFormSpec(Form(items).dump());
  ASSERT_TRUE(std::holds_alternative<FormSpec>(r)) << All(std::get<1>(r));
  const FormSpec& spec = std::get<FormSpec>(r);
  EXPECT_EQ(spec.items.size(), 17u);
  ASSERT_NE(spec.Find("kid_name"), nullptr);
  EXPECT_EQ(spec.Find("kids")->max_entries, 4);
  EXPECT_EQ(spec.Find("q_likert")->choices.size(), 2u);
  EXPECT_EQ(spec.Find("q_rating")->type, QuestionType::kRating);
  EXPECT_FALSE(spec.HasSensitiveQuestions());
}

TEST(FormSpec, BadSpecsReportEveryProblemWithQuestionAndField) {
  struct Case {
    std::string name;
    json spec;
    std::string question, field, fragment;
  };
  json dup = Form({Q("a", "text"), Q("a", "text")});
  json no_es = Form({Q("a", "text")});
  no_es["items"][0]["label"].erase("es");
  json extra_lang = Form({Q("a", "text")});
  extra_lang["items"][0]["label"]["fr"] = "Bonjour";
  json choice_missing = Form({Q("c", "single_choice")});
  json choice_dup = Form({Q("c", "single_choice")});
  choice_dup["items"][0]["choices"] = {{{"value", "x"}, {"label", Text("X", "X")}},
                                       {{"value", "x"}, {"label", Text("Y", "Y")}}};
  json bad_relevant = Form({Q("a", "integer"), Q("b", "text")});
  bad_relevant["items"][1]["relevant"] = "a > 'three'";
  json later = Form({Q("a", "text"), Q("b", "integer")});
  later["items"][0]["relevant"] = "b > 3";
  json syntax = Form({Q("a", "integer"), Q("b", "text")});
  syntax["items"][1]["relevant"] = "a > (3";
  json constraint_wrong_type = Form({Q("a", "yes_no")});
  constraint_wrong_type["items"][0]["constraint"] = {{"max_length", 3}};
  json bad_pattern = Form({Q("a", "text")});
  bad_pattern["items"][0]["constraint"] = {{"pattern", "([a-z"}};
  json sensitive_note = Form({Q("n", "note")});
  sensitive_note["items"][0]["sensitive"] = true;
  json nested_repeat = Form({Q("r", "repeat")});
  json inner = Q("r2", "repeat");
  inner["items"] = json::array({Q("x", "text")});
  nested_repeat["items"][0]["items"] = json::array({inner});
  json typo = Form({Q("a", "text")});
  typo["items"][0]["requried"] = true;
  json min_gt_max = Form({Q("a", "integer")});
  min_gt_max["items"][0]["constraint"] = {{"min", 5}, {"max", 1}};
  json bad_date = Form({Q("d", "date")});
  bad_date["items"][0]["constraint"] = {{"min_date", "2026-02-30"}};
  json bad_step = Form({Q("d", "date")});
  bad_step["items"][0]["constraint"] = {{"max_date", "today-20w"}};
  json no_version = Form({Q("a", "text")});
  no_version.erase("version");
  json bad_kind = Form({Q("a", "text")});
  bad_kind["kind"] = "quiz";

  const std::vector<Case> cases = {
      {"duplicate id", dup, "a", "id", "unique"},
      {"missing translation", no_es, "a", "label.es", "missing"},
      {"language not listed", extra_lang, "a", "label.fr", "does not list"},
      {"choices missing", choice_missing, "c", "choices", "list"},
      {"duplicate choice", choice_dup, "c", "choices[1].value", "another choice"},
      {"type error", bad_relevant, "b", "relevant", "position"},
      {"later question", later, "a", "relevant", "'b'"},
      {"syntax error", syntax, "b", "relevant", "position"},
      {"constraint for another type", constraint_wrong_type, "a", "constraint.max_length", "text"},
      {"bad regex", bad_pattern, "a", "constraint.pattern", "regular expression"},
      {"sensitive note", sensitive_note, "n", "sensitive", "questions only"},
      {"repeat in repeat", nested_repeat, "r2", "type", "inside another repeat"},
      {"unknown field", typo, "a", "requried", "not a field"},
      {"min above max", min_gt_max, "a", "constraint.min", "larger"},
      {"impossible date", bad_date, "d", "constraint.min_date", "YYYY-MM-DD"},
      {"bad date step", bad_step, "d", "constraint.max_date", "today-20y"},
      {"no version", no_version, "form", "version", "whole number"},
      {"bad kind", bad_kind, "form", "kind", "survey"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<SpecError> errors = Errors(c.spec);
    ASSERT_FALSE(errors.empty());
    EXPECT_TRUE(Has(errors, c.question, c.field, c.fragment)) << All(errors);
  }
}

TEST(FormSpec, CollectsAllProblemsNotJustTheFirst) {
  json spec = Form({Q("a", "text"), Q("b", "frobnicate"), Q("a", "integer")});
  spec["items"][0]["label"].erase("es");
  spec.erase("title");
  std::vector<SpecError> errors = Errors(spec);
  EXPECT_TRUE(Has(errors, "form", "title")) << All(errors);
  EXPECT_TRUE(Has(errors, "a", "label.es")) << All(errors);
  EXPECT_TRUE(Has(errors, "b", "type")) << All(errors);
  EXPECT_TRUE(Has(errors, "a", "id", "unique")) << All(errors);
}

TEST(FormSpec, HostileInputNeverCrashes) {
  const std::vector<std::string> inputs = {
      "", "null", "[]", "{", std::string(100000, '['), std::string(50000, '{') + "\"a\":1",
      "{\"id\": \"\\u0000\"}", "\xff\xfe", "2e2111", R"({"version": 1e999})", R"({"items": [null, 1, "x", []]})",
      R"({"id":"t","version":1,"kind":"survey","languages":["en"],"title":{"en":"T"},
          "items":[{"id":"a","type":"text","label":{"en":"A"},"relevant":")" +
          std::string(5000, '(') + "\"}]}"};
  for (const std::string& in : inputs) {
    LoadResult r = LoadFormSpec(in);
    EXPECT_TRUE(std::holds_alternative<std::vector<SpecError>>(r)) << in.substr(0, 40);
  }
  EXPECT_FALSE(std::get<std::vector<SpecError>>(LoadFormSpec(std::string(2 << 20, ' '))).empty());
}

TEST(FormSpec, TooManyItemsIsAnError) {
  json items = json::array();
  for (int i = 0; i < 600; ++i) items.push_back(Q("q" + std::to_string(i), "text"));
  EXPECT_TRUE(Has(Errors(Form(items)), "items[500]", "", "more than 500"));
}

TEST(FormSpec, BundledFormsLoadWithEveryTextInEnglishAndSpanish) {
  ASSERT_EQ(BundledForms().size(), 3u);
  std::set<std::string> kinds;
  for (const BundledForm& f : BundledForms()) {
    SCOPED_TRACE(std::string(f.file));
    LoadResult r = LoadFormSpec(f.json);
    ASSERT_TRUE(std::holds_alternative<FormSpec>(r)) << All(std::get<1>(r));
    const FormSpec& spec = std::get<FormSpec>(r);
    EXPECT_EQ(spec.languages, (std::vector<std::string>{"en", "es"}));
    kinds.insert(spec.kind);
    // The loader refuses a missing translation; check the Spanish is not English copied.
    json doc = json::parse(f.json);
    int same = 0, total = 0;
    std::function<void(const json&)> walk = [&](const json& j) {
      if (j.is_object() && j.contains("en") && j.contains("es") && j.size() == 2) {
        ++total;
        if (j["en"] == j["es"]) ++same;
        return;
      }
      if (j.is_structured()) {
        for (const auto& x : j) walk(x);
      }
    };
    walk(doc);
    EXPECT_GT(total, 20);
    EXPECT_LT(same * 10, total) << same << " of " << total << " texts are identical in en and es";
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"registration", "scholarship", "survey"}));
}

TEST(FormSpec, BundledFormsMarkTheRightAnswersSensitive) {
  for (const BundledForm& f : BundledForms()) {
    const FormSpec spec = std::get<FormSpec>(LoadFormSpec(f.json));
    if (spec.kind == "survey") {
      EXPECT_FALSE(spec.HasSensitiveQuestions());
      EXPECT_TRUE(spec.anonymous);
    } else {
      EXPECT_TRUE(spec.HasSensitiveQuestions()) << spec.id;
    }
  }
}

}  // namespace
}  // namespace stem::forms
