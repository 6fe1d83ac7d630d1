// Person fields: which registration answers fill which roster fields, and the loader's rules.
#include "data/forms/person_fields.h"

#include <gtest/gtest.h>

#include "data/forms/bundled_forms.h"

namespace stem::forms {
namespace {

using nlohmann::json;

FormSpec Bundled(const std::string& file) {
  for (const BundledForm& f : BundledForms()) {
    if (f.file == file) return std::get<FormSpec>(LoadFormSpec(f.json));
  }
  ADD_FAILURE() << file;
  return {};
}

// Every problem the loader reports, as "question/field".
std::vector<std::string> Problems(const json& spec) {
  std::vector<std::string> out;
  LoadResult r = LoadFormSpec(spec.dump());
  if (auto* errors = std::get_if<std::vector<SpecError>>(&r)) {
    for (const SpecError& e : *errors) out.push_back(e.question + "/" + e.field);
  }
  return out;
}

json Form(json items, const std::string& kind = "registration") {
  return {{"id", "f"}, {"version", 1}, {"kind", kind}, {"languages", {"en"}},
          {"title", {{"en", "F"}}}, {"items", std::move(items)}};
}

json Q(const std::string& id, const std::string& type, const std::string& field,
       bool required = true) {
  json q = {{"id", id}, {"type", type}, {"label", {{"en", id}}}};
  if (!field.empty()) q["person_field"] = field;
  if (required) q["required"] = true;
  return q;
}

TEST(PersonFields, TheBundledRegistrationGivesOneEntryPerChildWithTheSharedGuardian) {
  FormSpec spec = Bundled("student-registration.json");
  EXPECT_TRUE(FillsPersonFields(spec));
  json answers = json::parse(R"({
    "children": [
      {"student_first_name": "Ana", "student_last_name": "Pérez", "student_dob": "2016-03-04",
       "grade": "4", "school": "Lincoln", "has_allergies": true, "medical_notes": "bees"},
      {"student_first_name": "Luis", "student_last_name": "Pérez", "has_allergies": false}
    ],
    "guardian_first_name": "María", "guardian_last_name": "Pérez",
    "guardian_phone": "5551234567", "guardian_email": "m@example.org"})");
  std::vector<NewRegistration> r = RegistrationsFromAnswers(spec, answers, "ev1");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].event_id, "ev1");
  EXPECT_EQ(r[0].student.given_name, "Ana");
  EXPECT_EQ(r[0].student.family_name, "Pérez");
  EXPECT_EQ(r[0].student.birth_date, "2016-03-04");
  EXPECT_EQ(r[0].student.grade, "4");
  EXPECT_EQ(r[0].student.school, "Lincoln");
  EXPECT_TRUE(r[0].student.allergy_flag);
  EXPECT_FALSE(r[1].student.allergy_flag);
  EXPECT_FALSE(r[1].student.birth_date.has_value());
  EXPECT_EQ(r[1].guardian.given_name, "María");
  EXPECT_EQ(r[1].guardian.phone, "5551234567");
  EXPECT_EQ(r[1].student.phone, "5551234567");  // found at the desk by the family's phone
  EXPECT_EQ(r[1].guardian.email, "m@example.org");
  EXPECT_TRUE(r[0].answers.empty());  // medical details stay in the (sealed) form answers
}

TEST(PersonFields, OtherFormsAndOddAnswersGiveNoOne) {
  EXPECT_FALSE(FillsPersonFields(Bundled("post-event-survey.json")));
  FormSpec reg = Bundled("student-registration.json");
  EXPECT_TRUE(RegistrationsFromAnswers(Bundled("post-event-survey.json"),
                                       json::parse(R"({"recommend": 9})"), "e").empty());
  EXPECT_TRUE(RegistrationsFromAnswers(reg, json::array(), "e").empty());
  EXPECT_TRUE(RegistrationsFromAnswers(reg, json::parse(R"({"children": 3})"), "e").empty());
  // An entry without names cannot be found at the desk: left out, the others kept.
  json answers = json::parse(R"({"children": [{"student_first_name": "Ana"}, 7,
      {"student_first_name": "Luis", "student_last_name": "Soto"}]})");
  std::vector<NewRegistration> r = RegistrationsFromAnswers(reg, answers, "e");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].student.given_name, "Luis");
  EXPECT_TRUE(r[0].guardian.given_name.empty());
}

TEST(PersonFields, AFormWithoutARepeatRegistersOneChildFromItsSections) {
  json section = {{"id", "kid"}, {"type", "section"}, {"label", {{"en", "Kid"}}},
                  {"items", {Q("first", "text", "student.given_name"),
                             Q("last", "text", "student.family_name"),
                             Q("dob", "date", "student.birth_date", false)}}};
  LoadResult loaded = LoadFormSpec(Form({section, Q("mom", "text", "guardian.given_name")}).dump());
  ASSERT_TRUE(std::holds_alternative<FormSpec>(loaded));
  std::vector<NewRegistration> r = RegistrationsFromAnswers(
      std::get<FormSpec>(loaded),
      {{"first", "Iris"}, {"last", "Ng"}, {"dob", "2017-01-02"}, {"mom", "Wen"}}, "e");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].student.given_name, "Iris");
  EXPECT_EQ(r[0].student.birth_date, "2017-01-02");
  EXPECT_EQ(r[0].guardian.given_name, "Wen");
}

TEST(PersonFields, TheLoaderRefusesWhatCannotFillTheRoster) {
  json names = {Q("a", "text", "student.given_name"), Q("b", "text", "student.family_name")};
  auto with = [&](json extra) {
    json items = names;
    items.push_back(std::move(extra));
    return Form(items);
  };
  EXPECT_TRUE(Problems(Form(names)).empty());
  EXPECT_EQ(Problems(with(Q("c", "text", "student.shoe_size"))),
            std::vector<std::string>{"c/person_field"});
  EXPECT_EQ(Problems(with(Q("c", "integer", "student.birth_date"))),
            std::vector<std::string>{"c/person_field"});
  EXPECT_EQ(Problems(with(Q("c", "text", "student.given_name"))),
            std::vector<std::string>{"c/person_field"});  // twice
  json sealed = Q("c", "phone", "guardian.phone");
  sealed["sensitive"] = true;
  EXPECT_EQ(Problems(with(sealed)), std::vector<std::string>{"c/person_field"});
  // Names must be required; a form filling fields must fill both names.
  EXPECT_EQ(Problems(Form({Q("a", "text", "student.given_name", false),
                           Q("b", "text", "student.family_name")})),
            std::vector<std::string>{"a/required"});
  EXPECT_EQ(Problems(Form({Q("a", "text", "student.given_name")})),
            std::vector<std::string>{"form/person_field"});
  // Only registration forms.
  EXPECT_EQ(Problems(Form(names, "survey")), std::vector<std::string>{"form/person_field"});
  // Guardian fields are not per child; student fields all in one place.
  json repeat = {{"id", "kids"}, {"type", "repeat"}, {"label", {{"en", "Kid"}}},
                 {"items", {Q("a", "text", "student.given_name"),
                            Q("b", "text", "student.family_name"),
                            Q("g", "text", "guardian.given_name")}}};
  EXPECT_EQ(Problems(Form({repeat})), std::vector<std::string>{"g/person_field"});
  repeat["items"].erase(2);
  EXPECT_TRUE(Problems(Form({repeat})).empty());
  EXPECT_EQ(Problems(Form({repeat, Q("d", "date", "student.birth_date")})),
            std::vector<std::string>{"d/person_field"});
}

TEST(PersonFields, AdultsWhoMayPickUpGoWithEveryChildAndTheNoPickupFlagWithEach) {
  FormSpec spec = Bundled("student-registration.json");
  json answers = json::parse(R"({
    "children": [
      {"student_first_name": "Ana", "student_last_name": "Pérez", "no_pickup": true,
       "no_pickup_note": "sealed: the father, court order"},
      {"student_first_name": "Luis", "student_last_name": "Pérez", "no_pickup": false}
    ],
    "guardian_first_name": "María", "guardian_last_name": "Pérez",
    "others_pick_up": true,
    "pickup_adults": [
      {"pickup_name": "Rosa Díaz", "pickup_relationship": "abuela", "pickup_phone": "5550001111"},
      {"pickup_name": "Tomás Ruiz"},
      {"pickup_relationship": "no name: nobody"}
    ]})");
  std::vector<NewRegistration> r = RegistrationsFromAnswers(spec, answers, "ev1");
  ASSERT_EQ(r.size(), 2u);
  std::vector<PickupAdult> want = {{"Rosa Díaz", "abuela", "5550001111"}, {"Tomás Ruiz", "", ""}};
  EXPECT_EQ(r[0].student.pickup_adults, want);
  EXPECT_EQ(r[1].student.pickup_adults, want);
  EXPECT_TRUE(r[0].student.no_pickup_flag);
  EXPECT_FALSE(r[1].student.no_pickup_flag);
  EXPECT_TRUE(r[0].answers.empty());  // the who and why stay in the sealed answer
  answers.erase("pickup_adults");
  EXPECT_TRUE(RegistrationsFromAnswers(spec, answers, "ev1")[0].student.pickup_adults.empty());
}

TEST(PersonFields, PickupAdultsAreAskedInARepeatGroupOfTheirOwn) {
  json kids = {{"id", "kids"}, {"type", "repeat"}, {"label", {{"en", "Kid"}}},
               {"items", {Q("a", "text", "student.given_name"), Q("b", "text", "student.family_name")}}};
  json adults = {{"id", "adults"}, {"type", "repeat"}, {"label", {{"en", "Adult"}}},
                 {"items", {Q("n", "text", "pickup.name"), Q("r", "text", "pickup.relationship", false),
                            Q("p", "phone", "pickup.phone", false)}}};
  EXPECT_TRUE(Problems(Form({kids, adults})).empty());
  // Outside a repeat group; inside the children's; the name not required; no name at all.
  EXPECT_EQ(Problems(Form({kids, Q("n", "text", "pickup.name")})),
            std::vector<std::string>{"n/person_field"});
  json mixed = kids;
  mixed["items"].push_back(Q("n", "text", "pickup.name"));
  EXPECT_EQ(Problems(Form({mixed})), std::vector<std::string>{"form/person_field"});
  json optional = adults;
  optional["items"][0]["required"] = false;
  EXPECT_EQ(Problems(Form({kids, optional})), std::vector<std::string>{"n/required"});
  json nameless = adults;
  nameless["items"].erase(0);
  EXPECT_EQ(Problems(Form({kids, nameless})), std::vector<std::string>{"form/person_field"});
  // The flag is a yes/no question.
  json flag = kids;
  flag["items"].push_back(Q("f", "text", "student.no_pickup_flag", false));
  EXPECT_EQ(Problems(Form({flag})), std::vector<std::string>{"f/person_field"});
}

}  // namespace
}  // namespace stem::forms
