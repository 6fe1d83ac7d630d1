// Forms through the store: installing versions, saving complete answer sets of the bundled
// forms (repeats, skipped questions), sealing sensitive answers at save, and refusing what
// cannot be saved without writing anything. Real SQLite files.
#include <fstream>
#include <iterator>

#include "data/forms/bundled_forms.h"
#include "tests/data/store_fixture.h"

namespace stem::test {
namespace {

using nlohmann::json;
using Code = Status::Code;

json Signature() { return {{"width", 400}, {"height", 150}, {"strokes", {{{10, 20}, {30, 40}}}}}; }

// Two children, one with allergies (so the sensitive medical notes are asked), a "how heard"
// that does not open the "other" question.
json Registration() {
  return {{"children",
           {{{"student_first_name", "José"},
             {"student_last_name", "García"},
             {"student_dob", "2015-04-03"},
             {"grade", "5"},
             {"interests", {"robotics", "coding"}},
             {"has_allergies", true},
             {"medical_notes", "Peanut allergy; EpiPen in the blue bag"}},
            {{"student_first_name", "Sofía"},
             {"student_last_name", "García"},
             {"student_dob", "2018-08-30"},
             {"grade", "2"},
             {"has_allergies", false}}}},
          {"guardian_first_name", "María"},
          {"guardian_last_name", "García"},
          {"guardian_relationship", "parent"},
          {"guardian_phone", "(555) 201-4410"},
          {"guardian_email", "maria@example.org"},
          {"preferred_language", "es"},
          {"how_heard", "school"},
          {"emergency_name", "Ana López"},
          {"emergency_phone", "555-318-2290"},
          {"photo_consent", true},
          {"liability_consent", true},
          {"others_pick_up", false},
          {"guardian_signature", Signature()}};
}

// A family of one adult and a 7-year-old on free lunch: the "children in household" question
// and the other-assistance question are skipped, the attending adult is asked.
json Scholarship() {
  return {{"student_first_name", "Minh"},
          {"student_last_name", "Nguyễn"},
          {"student_dob", "2019-06-01"},
          {"student_grade", "2"},
          {"camp_weeks", {"week_1", "week_3"}},
          {"attending_adult_name", "Thảo Nguyễn"},
          {"attending_adult_phone", "555-318-2290"},
          {"guardian_first_name", "Thảo"},
          {"guardian_last_name", "Nguyễn"},
          {"guardian_phone", "555-318-2290"},
          {"household_size", 1},
          {"household_income", "under_25k"},
          {"free_lunch", true},
          {"essay_why_attend", "Minh builds robots from cardboard every weekend and loves it."},
          {"reference_name", "Ms. Rivera"},
          {"reference_relationship", "teacher"},
          {"reference_phone", "555-100-0001"},
          {"info_true_consent", true},
          {"guardian_signature", Signature()}};
}

class StoreForms : public StoreFixture {
 protected:
  void SetUp() override {
    Result<Store> store = Store::Create(dir_.File("kiosk.db"), Options());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_.emplace(std::move(store).value());
    STEM_ASSERT_OK(InstallBundledForms(*store_));
    STEM_ASSERT_OK_AND_ASSIGN(Event e, store_->CreateEvent(Camp()));
    event_ = e.id;
  }

  void UseKey() { STEM_ASSERT_OK(store_->SetSealingKey(keys_.public_key.Base64())); }

  Result<SaveOutcome> Save(const std::string& form, const json& answers,
                           const std::string& lang = "en", const std::string& person = "") {
    ResponseToSave r;
    r.form_id = form;
    r.language = lang;
    r.answers = answers;
    r.event_id = event_;
    r.person_id = person;
    return store_->SaveResponse(r);
  }

  // The stored payload of the last form response.
  json LastPayload() {
    std::vector<StoredRecord> records = AllRecords(*store_);
    for (auto r = records.rbegin(); r != records.rend(); ++r) {
      if (r->type == "form_response") return json::parse(r->payload);
    }
    ADD_FAILURE() << "no form response was saved";
    return json();
  }

  Result<Person> FirstStudent() {
    NewRegistration reg;
    reg.event_id = event_;
    reg.student.given_name = "Minh";
    reg.student.family_name = "Nguyễn";
    STEM_ASSIGN_OR_RETURN(RegistrationResult r, store_->Register(reg));
    return store_->GetPerson(r.student_id);
  }

  std::string FileBytes() {
    std::string all;
    for (const char* suffix : {"", "-wal"}) {
      std::ifstream in(dir_.File(std::string("kiosk.db") + suffix), std::ios::binary);
      all += std::string(std::istreambuf_iterator<char>(in), {});
    }
    return all;
  }

  std::optional<Store> store_;
  std::string event_;
  seal::KeyPair keys_ = seal::Generate();
};

TEST_F(StoreForms, BundledFormsInstallOnceAndAreListed) {
  STEM_ASSERT_OK_AND_ASSIGN(std::vector<FormInfo> forms, store_->ListForms());
  ASSERT_EQ(forms.size(), BundledForms().size());
  std::vector<std::string> ids;
  for (const FormInfo& f : forms) ids.push_back(f.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"post-event-survey", "scholarship-application",
                                           "student-registration"}));
  STEM_ASSERT_OK(InstallBundledForms(*store_));  // again: nothing changes
  STEM_ASSERT_OK_AND_ASSIGN(forms, store_->ListForms());
  EXPECT_EQ(forms.size(), BundledForms().size());
}

TEST_F(StoreForms, ANewVersionIsAddedAndAChangedSameVersionRefused) {
  STEM_ASSERT_OK_AND_ASSIGN(auto v1, store_->GetForm("post-event-survey"));
  json spec = json::parse(std::string(BundledForms()[0].json));
  for (const BundledForm& f : BundledForms()) {
    if (f.file == "post-event-survey.json") spec = json::parse(std::string(f.json));
  }
  spec["title"]["en"] = "Tell us about your day";
  EXPECT_TRUE(HasStatus(store_->InstallForm(spec.dump()), Code::kAlreadyExists,
                        "form_version_exists"));
  spec["version"] = v1->version + 1;
  STEM_ASSERT_OK_AND_ASSIGN(FormInfo v2, store_->InstallForm(spec.dump()));
  EXPECT_EQ(v2.version, v1->version + 1);
  STEM_ASSERT_OK_AND_ASSIGN(auto latest, store_->GetForm("post-event-survey"));
  EXPECT_EQ(latest->version, v2.version);
  STEM_ASSERT_OK_AND_ASSIGN(auto old, store_->GetForm("post-event-survey", v1->version));
  EXPECT_EQ(old->version, v1->version);
  // A response names the version it was answered with.
  STEM_ASSERT_OK_AND_ASSIGN(SaveOutcome saved, Save("post-event-survey", {{"child_had_fun", "5"}}));
  ASSERT_TRUE(saved.saved);
  EXPECT_EQ(LastPayload()["form_version"], v2.version);
}

// The hub learns what a kiosk made itself: its events and the form versions installed on it
// (not the bundled ones, which the hub knows), each in an audit record written with it.
TEST_F(StoreForms, AKioskMadeEventAndInstalledFormAreReportedToTheHub) {
  std::vector<StoredRecord> records = AllRecords(*store_);
  ASSERT_EQ(records.size(), 1u) << "the bundled forms are not reported";
  EXPECT_EQ(records[0].type, "audit");
  EXPECT_EQ(records[0].event_id, event_);
  json made = json::parse(records[0].payload);
  EXPECT_EQ(made["action"], "event_created");
  STEM_ASSERT_OK_AND_ASSIGN(Event event, store_->GetEvent(event_));
  EXPECT_EQ(made["detail"], (json{{"id", event.id}, {"name", event.name}, {"kind", event.kind},
                                  {"starts_on", event.starts_on}, {"ends_on", event.ends_on},
                                  {"venue", event.venue}}));

  json spec = json::parse(std::string(BundledForms()[0].json));
  spec["version"] = spec["version"].get<int>() + 1;
  STEM_ASSERT_OK(store_->InstallForm(spec.dump(2)).status());
  STEM_ASSERT_OK(store_->InstallForm(spec.dump()).status());  // again: nothing new
  records = AllRecords(*store_);
  ASSERT_EQ(records.size(), 2u);
  json installed = json::parse(records[1].payload);
  EXPECT_EQ(installed["action"], "form_installed");
  EXPECT_EQ(installed["detail"]["form_id"], spec["id"]);
  EXPECT_EQ(installed["detail"]["version"], spec["version"]);
  EXPECT_EQ(json::parse(installed["detail"]["spec"].get<std::string>()), spec);
}

// Forms the hub published come with a roster page: installed in its transaction without being
// reported back; one this kiosk cannot load, or holds with other content, is skipped.
TEST_F(StoreForms, FormsFromTheHubInstallWithTheRosterPageAndOddOnesAreSkipped) {
  json club = {{"id", "robotics-club"}, {"version", 1}, {"kind", "survey"},
               {"languages", {"en"}}, {"title", {{"en", "Club"}}},
               {"items", {{{"id", "level"}, {"type", "integer"}, {"label", {{"en", "Level"}}}}}}};
  json mine = club;
  mine["version"] = 2;
  mine["title"]["en"] = "Our own club";
  STEM_ASSERT_OK(store_->InstallForm(mine.dump()).status());
  json theirs = club;
  theirs["version"] = 2;
  const size_t before = AllRecords(*store_).size();
  HubFormsPage page{{club.dump(), "{\"id\": \"broken\"}", theirs.dump()}, 7};
  STEM_ASSERT_OK(store_->ApplyRosterPage({}, {}, 0, &page).status());
  EXPECT_EQ(AllRecords(*store_).size(), before) << "nothing is reported back to the hub";
  STEM_ASSERT_OK_AND_ASSIGN(auto v1, store_->GetForm("robotics-club", 1));
  EXPECT_EQ(v1->version, 1);
  STEM_ASSERT_OK_AND_ASSIGN(auto v2, store_->GetForm("robotics-club", 2));
  EXPECT_EQ(v2->title.at("en"), "Our own club") << "the kiosk keeps its own version 2";
  EXPECT_TRUE(HasStatus(store_->GetForm("broken").status(), Code::kNotFound, "unknown_form"));
  STEM_ASSERT_OK_AND_ASSIGN(SyncSettings settings, store_->GetSyncSettings());
  EXPECT_EQ(settings.forms_cursor, 7);
  // A page without a forms part leaves the forms cursor alone.
  STEM_ASSERT_OK(store_->ApplyRosterPage({}, {}, 0).status());
  EXPECT_EQ(store_->GetSyncSettings()->forms_cursor, 7);
  HubFormsPage backwards{{}, -1};
  EXPECT_TRUE(HasStatus(store_->ApplyRosterPage({}, {}, 0, &backwards).status(),
                        Code::kInvalidArgument, "invalid_cursor"));
}

TEST_F(StoreForms, FormsWithSensitiveQuestionsNeedTheNonprofitsKey) {
  for (const char* form : {"student-registration", "scholarship-application"}) {
    EXPECT_TRUE(HasStatus(store_->CheckCanAnswer(form), Code::kConflict, "no_public_key")) << form;
  }
  STEM_ASSERT_OK(store_->CheckCanAnswer("post-event-survey"));
  auto before = TableCounts(dir_.File("kiosk.db"));
  EXPECT_TRUE(HasStatus(Save("student-registration", Registration()), Code::kConflict,
                        "no_public_key"));
  EXPECT_EQ(TableCounts(dir_.File("kiosk.db")), before);
  EXPECT_TRUE(HasStatus(store_->CheckCanAnswer("no-such-form"), Code::kNotFound, "unknown_form"));
}

TEST_F(StoreForms, RegistrationOfTwoChildrenSavesWithMedicalNotesSealed) {
  UseKey();
  STEM_ASSERT_OK_AND_ASSIGN(SaveOutcome saved, Save("student-registration", Registration()));
  ASSERT_TRUE(saved.saved) << (saved.errors.empty() ? "" : saved.errors[0].path + ": " +
                                                               saved.errors[0].message);
  json payload = LastPayload();
  const json& answers = payload["answers"];
  ASSERT_EQ(answers["children"].size(), 2u);
  EXPECT_EQ(answers["children"][0]["student_first_name"], "José");
  EXPECT_TRUE(seal::IsSealedAnswer(answers["children"][0]["medical_notes"]));
  EXPECT_FALSE(answers["children"][1].contains("medical_notes"));  // not asked: no allergies
  EXPECT_EQ(answers["guardian_first_name"], "María");
  // The plain text is nowhere in the database file or its log; the private key opens it.
  EXPECT_EQ(FileBytes().find("EpiPen"), std::string::npos);
  STEM_ASSERT_OK_AND_ASSIGN(json opened, seal::OpenSealedAnswers(keys_, answers));
  EXPECT_EQ(opened["children"][0]["medical_notes"], "Peanut allergy; EpiPen in the blue bag");
  seal::KeyPair stranger = seal::Generate();
  EXPECT_FALSE(seal::OpenSealedAnswers(stranger, answers).ok());
}

TEST_F(StoreForms, ScholarshipSkipsWhatDoesNotApplyAndSealsIncomeAndLunch) {
  UseKey();
  json answers = Scholarship();
  answers["household_children"] = 3;                 // skipped: household of one
  answers["other_assistance"] = json::array({"snap"});  // skipped: on free lunch
  STEM_ASSERT_OK_AND_ASSIGN(SaveOutcome saved, Save("scholarship-application", answers));
  ASSERT_TRUE(saved.saved) << (saved.errors.empty() ? "" : saved.errors[0].path + ": " +
                                                               saved.errors[0].message);
  const json stored = LastPayload()["answers"];
  EXPECT_FALSE(stored.contains("household_children"));
  EXPECT_FALSE(stored.contains("other_assistance"));
  EXPECT_EQ(stored["attending_adult_name"], "Thảo Nguyễn");
  EXPECT_TRUE(seal::IsSealedAnswer(stored["household_income"]));
  EXPECT_TRUE(seal::IsSealedAnswer(stored["free_lunch"]));
  // (The choice value itself is in the installed form spec, so look at the record only.)
  EXPECT_EQ(AllRecords(*store_).back().payload.find("under_25k"), std::string::npos);
  STEM_ASSERT_OK_AND_ASSIGN(json opened, seal::OpenSealedAnswers(keys_, stored));
  EXPECT_EQ(opened["household_income"], "under_25k");
  EXPECT_EQ(opened["free_lunch"], true);
}

TEST_F(StoreForms, ScholarshipForAYoungChildNeedsTheAttendingAdult) {
  UseKey();
  json answers = Scholarship();
  answers.erase("attending_adult_name");
  auto before = TableCounts(dir_.File("kiosk.db"));
  STEM_ASSERT_OK_AND_ASSIGN(SaveOutcome outcome, Save("scholarship-application", answers, "es"));
  EXPECT_FALSE(outcome.saved);
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_EQ(outcome.errors[0].path, "attending_adult_name");
  EXPECT_EQ(outcome.errors[0].code, "required");
  EXPECT_EQ(TableCounts(dir_.File("kiosk.db")), before);
  // An older child does not need one: the question is not asked, and an answer is dropped.
  answers["student_dob"] = "2014-06-01";
  answers["attending_adult_name"] = "Someone";
  STEM_ASSERT_OK_AND_ASSIGN(outcome, Save("scholarship-application", answers));
  ASSERT_TRUE(outcome.saved);
  EXPECT_FALSE(LastPayload()["answers"].contains("attending_adult_name"));
}

TEST_F(StoreForms, BadAnswersComeBackInTheChosenLanguageAndSaveNothing) {
  UseKey();
  json answers = Registration();
  answers["children"][1]["student_dob"] = "2030-01-01";  // in the future
  answers["liability_consent"] = false;
  answers.erase("guardian_phone");
  auto before = TableCounts(dir_.File("kiosk.db"));
  STEM_ASSERT_OK_AND_ASSIGN(SaveOutcome es, Save("student-registration", answers, "es"));
  EXPECT_FALSE(es.saved);
  std::map<std::string, std::string> by_path;
  for (const auto& e : es.errors) by_path[e.path] = e.message;
  ASSERT_EQ(by_path.size(), 3u);
  EXPECT_EQ(by_path["children[1].student_dob"],
            "Revise la fecha, por favor. No puede ser una fecha futura ni de hace más de 20 años.");
  EXPECT_TRUE(by_path.count("liability_consent"));
  EXPECT_TRUE(by_path.count("guardian_phone"));
  EXPECT_EQ(TableCounts(dir_.File("kiosk.db")), before);
}

TEST_F(StoreForms, AnonymousSurveyIsNotLinkedToTheStudent) {
  json answers = {{"child_had_fun", "5"},
                  {"recommend", 10},
                  {"grade_band", {"prefer_not_to_say"}},
                  {"home_language", {"other"}},
                  {"home_language_other", "Tagalog"},
                  {"liked_most", "The rockets!"}};
  STEM_ASSERT_OK_AND_ASSIGN(Person minh, FirstStudent());
  STEM_ASSERT_OK_AND_ASSIGN(SaveOutcome saved, Save("post-event-survey", answers, "en", minh.id));
  ASSERT_TRUE(saved.saved);
  std::vector<StoredRecord> records = AllRecords(*store_);
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.back().person_id, "");
  EXPECT_EQ(json::parse(records.back().payload)["answers"]["home_language_other"], "Tagalog");
}

TEST_F(StoreForms, RegistrationAndItsChildrenCommitTogether) {
  UseKey();
  STEM_ASSERT_OK_AND_ASSIGN(SaveOutcome family, Save("student-registration", Registration(), "es"));
  ASSERT_TRUE(family.saved);
  ASSERT_EQ(family.registered.size(), 2u);
  STEM_ASSERT_OK_AND_ASSIGN(Person sofia,
                            store_->FindByConfirmationCode(event_, family.registered[1].confirmation_code));
  EXPECT_EQ(sofia.given_name, "Sofía");
  EXPECT_EQ(sofia.birth_date, "2018-08-30");
  EXPECT_EQ(sofia.grade, "2");
  STEM_ASSERT_OK_AND_ASSIGN(Person jose, store_->GetPerson(family.registered[0].student_id));
  EXPECT_TRUE(jose.allergy_flag);
  ASSERT_TRUE(jose.guardian_id.has_value());
  STEM_ASSERT_OK_AND_ASSIGN(Person maria, store_->GetPerson(*jose.guardian_id));
  EXPECT_EQ(maria.given_name, "María");
  EXPECT_EQ(maria.phone, "(555) 201-4410");
  // Searchable at the desk at once.
  STEM_ASSERT_OK_AND_ASSIGN(std::vector<RosterHit> hits, store_->SearchRoster(event_, "sofia"));
  ASSERT_EQ(hits.size(), 1u);
  // After the event's creation, one response and two registrations, each with its outbox
  // entry, in sequence.
  std::vector<StoredRecord> records = AllRecords(*store_);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].type, "audit");
  EXPECT_EQ(records[1].type, "form_response");
  EXPECT_EQ(records[2].type, "registration");
  EXPECT_EQ(records[3].seq, records[1].seq + 2);
}

TEST_F(StoreForms, AChildThatCannotBeRegisteredSavesNothingOfTheFamily) {
  // The form allows a longer name than a roster entry may have.
  const char* custom = R"({
    "id": "camp-signup", "version": 1, "kind": "registration", "languages": ["en"],
    "title": {"en": "Camp sign-up"},
    "items": [
      {"id": "kid_first", "type": "text", "required": true, "person_field": "student.given_name",
       "label": {"en": "First name"}, "constraint": {"max_length": 500}},
      {"id": "kid_last", "type": "text", "required": true, "person_field": "student.family_name",
       "label": {"en": "Last name"}}
    ]})";
  STEM_ASSERT_OK(store_->InstallForm(custom).status());
  auto before = TableCounts(dir_.File("kiosk.db"));
  Result<SaveOutcome> bad =
      Save("camp-signup", {{"kid_first", std::string(300, 'x')}, {"kid_last", "Long"}});
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(TableCounts(dir_.File("kiosk.db")), before);
  // The store is usable afterwards, and the same child saves once corrected.
  STEM_ASSERT_OK_AND_ASSIGN(SaveOutcome saved,
                            Save("camp-signup", {{"kid_first", "Sofía"}, {"kid_last", "Long"}}));
  EXPECT_EQ(saved.registered.size(), 1u);
  // The event's creation, the form's installation, the response and the registration.
  EXPECT_EQ(AllRecords(*store_).size(), 4u);
}

TEST_F(StoreForms, ACustomRegistrationFormPutsItsChildOnTheRoster) {
  const char* custom = R"({
    "id": "robotics-club", "version": 1, "kind": "registration", "languages": ["en", "es"],
    "title": {"en": "Robotics club", "es": "Club de robótica"},
    "items": [
      {"id": "nombre", "type": "text", "required": true, "person_field": "student.given_name",
       "label": {"en": "Name", "es": "Nombre"}},
      {"id": "apellido", "type": "text", "required": true, "person_field": "student.family_name",
       "label": {"en": "Family name", "es": "Apellido"}},
      {"id": "curso", "type": "text", "person_field": "student.grade",
       "label": {"en": "Grade", "es": "Curso"}},
      {"id": "tel", "type": "phone", "person_field": "guardian.phone",
       "label": {"en": "Parent's phone", "es": "Teléfono"}},
      {"id": "padre", "type": "text", "person_field": "guardian.given_name",
       "label": {"en": "Parent", "es": "Padre o madre"}},
      {"id": "padre_apellido", "type": "text", "person_field": "guardian.family_name",
       "label": {"en": "Parent's family name", "es": "Apellido del padre o madre"}}
    ]})";
  STEM_ASSERT_OK(store_->InstallForm(custom).status());
  STEM_ASSERT_OK_AND_ASSIGN(
      SaveOutcome saved,
      Save("robotics-club", {{"nombre", "Ximena"}, {"apellido", "Ruiz"}, {"curso", "7"},
                             {"tel", "5550001111"}, {"padre", "Luis"}, {"padre_apellido", "Ruiz"}}));
  ASSERT_EQ(saved.registered.size(), 1u);
  STEM_ASSERT_OK_AND_ASSIGN(std::vector<RosterHit> hits, store_->SearchRoster(event_, "ximena"));
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].student.grade, "7");
  EXPECT_EQ(hits[0].guardian_name, "Luis Ruiz");
  // A correction of the response registers no one again.
  ResponseToSave fix{"robotics-club", "en",
                     {{"nombre", "Ximena"}, {"apellido", "Ruiz Soto"}}, event_, "",
                     saved.saved->id, ""};
  STEM_ASSERT_OK_AND_ASSIGN(SaveOutcome fixed, store_->SaveResponse(fix));
  EXPECT_TRUE(fixed.saved);
  EXPECT_TRUE(fixed.registered.empty());
  STEM_ASSERT_OK_AND_ASSIGN(hits, store_->SearchRoster(event_, "ximena"));
  EXPECT_EQ(hits.size(), 1u);
}

TEST_F(StoreForms, AnswersThatNeedAttentionRegisterNoChild) {
  UseKey();
  json answers = Registration();
  answers.erase("guardian_phone");
  auto before = TableCounts(dir_.File("kiosk.db"));
  STEM_ASSERT_OK_AND_ASSIGN(SaveOutcome family, Save("student-registration", answers));
  EXPECT_FALSE(family.saved);
  EXPECT_TRUE(family.registered.empty());
  EXPECT_EQ(TableCounts(dir_.File("kiosk.db")), before);
}

}  // namespace
}  // namespace stem::test
