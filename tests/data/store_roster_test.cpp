// The roster: import (all or nothing, re-import updates), type-ahead search (accents, case,
// phone digits, codes, guardians, ranking, hostile text) and walk-up registration.
#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "data/pickup_code.h"
#include "tests/data/store_fixture.h"

namespace stem::test {
namespace {

using Code = Status::Code;

// Names with accents, shared guardians (the García siblings), an exact first name that is
// also a prefix of another (Ana / Anabel) and a code with a dash.
std::vector<RosterEntry> Roster() {
  return {
      {"Jos\xc3\xa9", "Garc\xc3\xad" "a", "2014-03-12", "Mar\xc3\xad" "a", "Garc\xc3\xad" "a",
       "(555) 201-4410", "RG7K2"},
      {"Sof\xc3\xad" "a", "Garc\xc3\xad" "a", "2016-07-30", "Mar\xc3\xad" "a",
       "Garc\xc3\xad" "a", "(555) 201-4410", "RG7K3"},
      {"Minh", "Nguy\xe1\xbb\x85n", "2013-11-02", "Th\xe1\xba\xa3o", "Nguy\xe1\xbb\x85n",
       "555-318-2290", "NX4P8"},
      {"Anabel", "Adams", "2014-01-01", "Grace", "Adams", "(555) 100-0001", "AB2CD"},
      {"Ana", "Zimmer", "2014-01-02", "Hugo", "Zimmer", "(555) 100-0002", "ZM3QR"},
      {"Liam", "O'Connor", "2012-09-05", "Siobhan", "O'Connor", "5554120199", "HT3M6"},
      {"Ren\x65\xcc\x81" "e", "Dubois", "2016-04-17", "\xc3\x89tienne", "Dubois",
       "+1 555 233 8800", "MJ-6T3"},  // decomposed é
  };
}

class StoreRoster : public StoreFixture {
 protected:
  void SetUp() override {
    Result<Store> store = Store::CreateInMemory(Options());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_.emplace(std::move(store).value());
    Result<Event> event = store_->CreateEvent(Fair());
    ASSERT_TRUE(event.ok());
    event_ = event->id;
    STEM_ASSERT_OK(store_->UseEvent(event_));
  }

  void ImportDefault() {
    Result<RosterImportReport> report = store_->ImportRoster(event_, RosterCsv(Roster()));
    ASSERT_TRUE(report.ok()) << report.status().ToString();
  }

  std::vector<std::string> Search(const std::string& text, const std::string& event = "") {
    Result<std::vector<RosterHit>> hits = store_->SearchRoster(event.empty() ? event_ : event, text);
    EXPECT_TRUE(hits.ok()) << "\"" << text << "\": " << hits.status().ToString();
    std::vector<std::string> out;
    if (hits.ok()) {
      for (const RosterHit& h : *hits) out.push_back(h.student.given_name);
    }
    return out;
  }

  int64_t Students() {
    Result<StoreSummary> s = store_->Summary();
    EXPECT_TRUE(s.ok());
    return s.ok() ? s->roster_students : -1;
  }

  std::optional<Store> store_;
  std::string event_;
};

TEST_F(StoreRoster, ImportReportsWhatItAddedAndAuditsWithoutNames) {
  STEM_ASSERT_OK_AND_ASSIGN(RosterImportReport report,
                            store_->ImportRoster(event_, RosterCsv(Roster())));
  EXPECT_EQ(report.students_added, 7);
  EXPECT_EQ(report.students_updated, 0);
  EXPECT_EQ(report.guardians_added, 6) << "the García siblings share María";
  EXPECT_EQ(Students(), 7);

  std::vector<StoredRecord> records = AllRecords(*store_);
  ASSERT_EQ(records.size(), 2u);  // after the event's creation
  EXPECT_EQ(records[1].type, "audit");
  EXPECT_EQ(records[1].event_id, event_);
  nlohmann::json payload = nlohmann::json::parse(records[1].payload);
  EXPECT_EQ(payload["action"], "roster_import");
  EXPECT_EQ(payload["detail"]["students_added"], 7);
  EXPECT_EQ(payload["detail"]["guardians_added"], 6);
  EXPECT_EQ(records[1].payload.find("Minh"), std::string::npos) << "no names in audit records";
  EXPECT_EQ(records[1].payload.find("555"), std::string::npos);

  STEM_ASSERT_OK_AND_ASSIGN(Person jose, store_->FindByConfirmationCode(event_, "RG7K2"));
  STEM_ASSERT_OK_AND_ASSIGN(Person sofia, store_->FindByConfirmationCode(event_, "RG7K3"));
  EXPECT_EQ(jose.source, "import");
  EXPECT_EQ(jose.role, "student");
  EXPECT_EQ(jose.birth_date, std::optional<std::string>("2014-03-12"));
  ASSERT_TRUE(jose.guardian_id.has_value());
  EXPECT_EQ(jose.guardian_id, sofia.guardian_id);
  STEM_ASSERT_OK_AND_ASSIGN(Person maria, store_->GetPerson(*jose.guardian_id));
  EXPECT_EQ(maria.role, "guardian");
  EXPECT_EQ(maria.given_name, "Mar\xc3\xad" "a");
}

TEST_F(StoreRoster, SearchFoldsCaseAndAccentsAndFindsPhonesCodesAndGuardians) {
  ImportDefault();
  const std::string jose = "Jos\xc3\xa9", sofia = "Sof\xc3\xad" "a";
  const std::string renee = "Ren\x65\xcc\x81" "e";
  struct Case {
    std::string query;
    std::vector<std::string> expected;  // given names, best first
  };
  std::vector<Case> cases = {
      {"jose", {jose}},
      {"JOSE", {jose}},
      {"Jos\xc3\xa9", {jose}},
      {"JOS\xc3\x89", {jose}},
      {"jos", {jose}},
      {"jose garcia", {jose}},
      {"garcia", {jose, sofia}},
      {"Garc\xc3\xad" "a", {jose, sofia}},
      {"nguyen", {"Minh"}},
      {"NGUY\xe1\xbb\x84N", {"Minh"}},
      {"minh nguy", {"Minh"}},
      {"renee", {renee}},
      {"Ren\xc3\xa9" "e", {renee}},  // composed query, decomposed name
      {"maria", {jose, sofia}},      // guardian
      {"thao", {"Minh"}},            // guardian with a Vietnamese accent
      {"etienne", {renee}},
      {"siobhan o'connor", {"Liam"}},
      {"oconnor", {}},
      {"4410", {jose, sofia}},        // last 4 of the phone
      {"2014410", {jose, sofia}},     // local number
      {"5552014410", {jose, sofia}},  // full number
      {"(555) 201-4410", {jose, sofia}},
      {"555-318-2290", {"Minh"}},
      {"2290", {"Minh"}},
      {"8800", {renee}},
      {"15552338800", {renee}},
      {"5552338800", {renee}},  // the number without its country code
      {"555 233 8800", {renee}},
      {"RG7K2", {jose}},
      {"rg7k3", {sofia}},
      {"nx4p8", {"Minh"}},
      {"MJ-6T3", {renee}},
      {"9999", {}},
      {"zzz", {}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Search(c.query), c.expected) << "query \"" << c.query << "\"";
  }
}

TEST_F(StoreRoster, ExactFirstNameRanksAboveALongerNameWithThatPrefix) {
  ImportDefault();
  // Without ranking, Anabel Adams would sort first by family name.
  EXPECT_EQ(Search("ana"), (std::vector<std::string>{"Ana", "Anabel"}));
  EXPECT_EQ(Search("Ana"), (std::vector<std::string>{"Ana", "Anabel"}));
  EXPECT_EQ(Search("anab"), (std::vector<std::string>{"Anabel"}));
  STEM_ASSERT_OK_AND_ASSIGN(std::vector<RosterHit> one, store_->SearchRoster(event_, "ana", 1));
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].student.given_name, "Ana");
  EXPECT_EQ(one[0].guardian_name, "Hugo Zimmer");
}

TEST_F(StoreRoster, SearchLimitIsChecked) {
  ImportDefault();
  for (int limit : {0, -1, 501}) {
    EXPECT_TRUE(HasStatus(store_->SearchRoster(event_, "ana", limit), Code::kInvalidArgument,
                          "invalid_limit"))
        << limit;
  }
  STEM_ASSERT_OK_AND_ASSIGN(std::vector<RosterHit> hits, store_->SearchRoster(event_, "555", 500));
  EXPECT_EQ(hits.size(), 7u);
}

TEST_F(StoreRoster, CountRosterMatchesCountsWhatSearchFindsUpToTheCap) {
  ImportDefault();
  STEM_ASSERT_OK_AND_ASSIGN(std::vector<RosterHit> all, store_->SearchRoster(event_, "555", 500));
  ASSERT_GT(all.size(), 3u);
  STEM_ASSERT_OK_AND_ASSIGN(int count, store_->CountRosterMatches(event_, "555", 10000));
  EXPECT_EQ(count, static_cast<int>(all.size()));
  STEM_ASSERT_OK_AND_ASSIGN(int capped, store_->CountRosterMatches(event_, "555", 3));
  EXPECT_EQ(capped, 3);
  STEM_ASSERT_OK_AND_ASSIGN(int ana, store_->CountRosterMatches(event_, "ana", 100));
  EXPECT_EQ(ana, 2);
  STEM_ASSERT_OK_AND_ASSIGN(int none, store_->CountRosterMatches(event_, "nobody-here", 100));
  EXPECT_EQ(none, 0);
  for (int cap : {0, -1, 10001}) {
    EXPECT_TRUE(HasStatus(store_->CountRosterMatches(event_, "ana", cap), Code::kInvalidArgument,
                          "invalid_limit"))
        << cap;
  }
}

TEST_F(StoreRoster, FindByConfirmationCodeIgnoresCaseAndSpaces) {
  ImportDefault();
  for (const std::string typed : {"RG7K2", "rg7k2", " rg7 k2 ", "Rg7K2"}) {
    STEM_ASSERT_OK_AND_ASSIGN(Person p, store_->FindByConfirmationCode(event_, typed));
    EXPECT_EQ(p.given_name, "Jos\xc3\xa9") << typed;
  }
  // A code with a dash in the file is found as written, and without the dash.
  for (const std::string typed : {"MJ-6T3", "mj-6t3", "MJ6T3", "mj 6t3"}) {
    Result<Person> p = store_->FindByConfirmationCode(event_, typed);
    ASSERT_TRUE(p.ok()) << typed << ": " << p.status().ToString();
    EXPECT_EQ(p->family_name, "Dubois");
  }
  EXPECT_TRUE(HasStatus(store_->FindByConfirmationCode(event_, "ZZZZZ"), Code::kNotFound,
                        "unknown_person"));
  EXPECT_TRUE(HasStatus(store_->FindByConfirmationCode(event_, "' OR 1=1 --"), Code::kNotFound,
                        "unknown_person"));
}

// One bad row anywhere rejects the file, names its line and leaves the roster as it was.
TEST_F(StoreRoster, ABadRowRejectsTheWholeImport) {
  ImportDefault();
  const Footprint before = FootprintOf(*store_);
  STEM_ASSERT_OK_AND_ASSIGN(Person jose_before, store_->FindByConfirmationCode(event_, "RG7K2"));

  struct Bad {
    std::string name;
    RosterEntry row;
    std::string reason;  // empty: only the code and the line are checked
  };
  std::vector<Bad> bads = {
      {"future birth date", {"Kid", "Future", "2030-01-01", "", "", "", "BD001"},
       "invalid_birth_date"},
      {"impossible date", {"Kid", "Feb", "2015-02-30", "", "", "", "BD002"},
       "invalid_birth_date"},
      {"missing first name", {"", "Nameless", "", "", "", "", "BD003"}, "invalid_given_name"},
      {"bad phone", {"Kid", "Phone", "", "", "", "call me", "BD004"}, "invalid_phone"},
      {"control character", {"Kid\x07", "Bell", "", "", "", "", "BD005"}, "invalid_given_name"},
      {"duplicate code", {"Kid", "Twin", "", "", "", "", "NEW01"}, "roster_duplicate_code"},
      {"bad code", {"Kid", "Code", "", "", "", "", "A B"}, "invalid_confirmation_code"},
      {"10,000-character name", {std::string(10000, 'k'), "Long", "", "", "", "", "BD006"},
       "invalid_given_name"},
  };
  // Good rows: new students and a change to José, none of which may land.
  std::vector<RosterEntry> good = {
      {"Newkid", "One", "2015-01-01", "Pat", "One", "555-700-0001", "NEW01"},
      {"Jos\xc3\xa9", "Garc\xc3\xad" "a", "2014-03-12", "Changed", "Guardian", "555-700-0002",
       "RG7K2"},
      {"Newkid", "Two", "2015-01-02", "Pat", "Two", "555-700-0003", "NEW02"},
  };
  for (const Bad& bad : bads) {
    for (size_t position : {size_t{0}, size_t{2}, good.size()}) {
      SCOPED_TRACE(bad.name + " at data row " + std::to_string(position + 1));
      std::vector<RosterEntry> rows = good;
      rows.insert(rows.begin() + static_cast<long>(position), bad.row);
      Result<RosterImportReport> r = store_->ImportRoster(event_, RosterCsv(rows));
      ASSERT_TRUE(HasCode(r, Code::kInvalidArgument));
      if (!bad.reason.empty()) {
        EXPECT_EQ(r.status().reason(), bad.reason);
      }
      // The duplicate code is reported on the second of the two lines.
      size_t line = position + 2;
      if (bad.reason == "roster_duplicate_code" && position == 0) line = 3;
      const std::string prefix = "line " + std::to_string(line) + ":";
      EXPECT_EQ(r.status().detail().rfind(prefix, 0), 0u) << r.status().detail();

      EXPECT_EQ(FootprintOf(*store_), before);
      EXPECT_TRUE(Search("newkid").empty());
      EXPECT_TRUE(Search("changed").empty());
      STEM_ASSERT_OK_AND_ASSIGN(Person jose, store_->FindByConfirmationCode(event_, "RG7K2"));
      EXPECT_EQ(jose.guardian_id, jose_before.guardian_id);
      EXPECT_EQ(jose.phone, jose_before.phone);
    }
  }
  // Files that are broken as CSV are refused the same way.
  for (const std::string& text :
       {std::string(""), RosterHeader(), RosterHeader() + "\"Unterminated,Quote\n",
        std::string("first_name,surname,shoe_size\nA,B,9\n"),
        RosterHeader() + "\"Too\",\"Few\"\n", std::string("first_name\nOnly\n")}) {
    SCOPED_TRACE(text);
    EXPECT_TRUE(HasCode(store_->ImportRoster(event_, text), Code::kInvalidArgument));
    EXPECT_EQ(FootprintOf(*store_), before);
  }
  EXPECT_TRUE(HasStatus(store_->ImportRoster("no-such-event", RosterCsv(good)), Code::kNotFound,
                        "unknown_event"));
  EXPECT_EQ(FootprintOf(*store_), before);
}

TEST_F(StoreRoster, ReimportingTheSameFileUpdatesInsteadOfDuplicating) {
  // With confirmation codes the student is matched by code; without, by name and birth date.
  std::vector<RosterEntry> without_codes = Roster();
  for (RosterEntry& e : without_codes) e.code.clear();
  for (const std::vector<RosterEntry>& entries : {Roster(), without_codes}) {
    SCOPED_TRACE(entries[0].code.empty() ? "without codes" : "with codes");
    Result<Event> event = store_->CreateEvent(Fair());
    ASSERT_TRUE(event.ok());
    STEM_ASSERT_OK_AND_ASSIGN(RosterImportReport first,
                              store_->ImportRoster(event->id, RosterCsv(entries)));
    EXPECT_EQ(first.students_added, 7);
    STEM_ASSERT_OK_AND_ASSIGN(std::vector<RosterHit> before,
                              store_->SearchRoster(event->id, "jose"));
    ASSERT_EQ(before.size(), 1u);
    for (int round = 0; round < 2; ++round) {
      STEM_ASSERT_OK_AND_ASSIGN(RosterImportReport again,
                                store_->ImportRoster(event->id, RosterCsv(entries)));
      EXPECT_EQ(again.students_added, 0);
      EXPECT_EQ(again.students_updated, 7);
      EXPECT_EQ(again.guardians_added, 0);
    }
    STEM_ASSERT_OK_AND_ASSIGN(std::vector<RosterHit> after,
                              store_->SearchRoster(event->id, "jose"));
    ASSERT_EQ(after.size(), 1u);
    EXPECT_EQ(after[0].student.id, before[0].student.id);
    EXPECT_EQ(Search("garcia", event->id).size(), 2u);
    EXPECT_EQ(Search("555", event->id).size(), 7u);
  }
}

TEST_F(StoreRoster, ReimportUpdatesFieldsAndKeepsCheckIns) {
  ImportDefault();
  STEM_ASSERT_OK_AND_ASSIGN(Person minh, store_->FindByConfirmationCode(event_, "NX4P8"));
  STEM_ASSERT_OK(store_->CheckIn({minh.id, "", std::nullopt, ""}));
  std::vector<RosterEntry> changed = Roster();
  changed[2].guardian_given = "Lan";
  changed[2].phone = "555-999-1234";
  STEM_ASSERT_OK_AND_ASSIGN(RosterImportReport report,
                            store_->ImportRoster(event_, RosterCsv(changed)));
  EXPECT_EQ(report.students_updated, 7);
  EXPECT_EQ(report.guardians_added, 1);
  STEM_ASSERT_OK_AND_ASSIGN(Person updated, store_->GetPerson(minh.id));
  EXPECT_EQ(updated.phone, std::optional<std::string>("555-999-1234"));
  EXPECT_NE(updated.guardian_id, minh.guardian_id);
  EXPECT_EQ(Search("lan"), std::vector<std::string>{"Minh"});
  EXPECT_TRUE(Search("thao").empty()) << "the search document follows the update";
  EXPECT_EQ(Search("1234"), std::vector<std::string>{"Minh"});
  EXPECT_TRUE(Search("2290").empty());
  STEM_ASSERT_OK_AND_ASSIGN(std::vector<RosterHit> hits, store_->SearchRoster(event_, "minh"));
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_TRUE(hits[0].checked_in) << "the check-in still points at the same student";
  EXPECT_EQ(hits[0].guardian_name, "Lan Nguy\xe1\xbb\x85n");
}

TEST_F(StoreRoster, HostileSearchTextNeverFails) {
  ImportDefault();
  std::vector<std::string> texts = {
      "\"", "\"\"", "\"*", "*", "**", "jose*", "\"jose\"", "NEAR(", "NEAR(jose minh, 2)",
      "OR", "AND", "NOT", "jose OR minh", "jose AND", "NOT jose", "-", "--", "-jose", "+",
      "^", "^jose", ":", "name:jose", "{name}: jose", "{name guardian code", "(", ")", "()",
      "((jose", "'", "'; DROP TABLE people; --", "\\", "%", "_", "jose\"*\"", "\"jose",
      "*jose", "j*o*s*e", "a b c d e f g h i j k l", std::string("jo\0se", 5),
      std::string(199, 'a'), std::string(200, '*'), std::string(201, 'a'),
      std::string(100000, 'j'), "\xff", "\xc3", "\xc0\xaf", "\xed\xa0\x80", "jos\xe9",
      "\xcc\x81", "\xe2\x80\x8d", "\xc2\xa0", "\xe3\x80\x80", "\xf0\x9f\x98\x80",
      "\xe2\x80\x9cjose\xe2\x80\x9d", "\xd7\xa9\xd7\xa8\xd7\x94", "\xef\xbb\xbf" "jose", "",
      " ", "\t\n"};
  for (const std::string& text : texts) {
    SCOPED_TRACE("search text of " + std::to_string(text.size()) + " bytes");
    Result<std::vector<RosterHit>> hits = store_->SearchRoster(event_, text);
    EXPECT_TRUE(hits.ok()) << hits.status().ToString();
  }
  // Operators are just punctuation: the words around them still search as words.
  EXPECT_EQ(Search("\"jose\""), std::vector<std::string>{"Jos\xc3\xa9"});
  EXPECT_EQ(Search("jose*"), std::vector<std::string>{"Jos\xc3\xa9"});
  EXPECT_EQ(Search("-jose"), std::vector<std::string>{"Jos\xc3\xa9"});
  EXPECT_EQ(Search("(minh)"), std::vector<std::string>{"Minh"});
  EXPECT_EQ(Search("{minh}:"), std::vector<std::string>{"Minh"});
  EXPECT_TRUE(Search("NEAR(minh").empty()) << "NEAR is a word that must match too";
  EXPECT_TRUE(Search("jose OR minh").empty()) << "every word must match; OR is a word";
  EXPECT_TRUE(Search("*").empty());
  EXPECT_TRUE(Search("\xff").empty());
  EXPECT_EQ(Search("jose"), std::vector<std::string>{"Jos\xc3\xa9"}) << "the roster is intact";
  EXPECT_EQ(Students(), 7);
}

TEST_F(StoreRoster, SearchIsScopedToTheEvent) {
  ImportDefault();
  STEM_ASSERT_OK_AND_ASSIGN(Event other, store_->CreateEvent(Camp()));
  STEM_ASSERT_OK_AND_ASSIGN(Event empty, store_->CreateEvent(Camp()));
  std::vector<RosterEntry> same_codes = Roster();
  same_codes.resize(3);
  STEM_ASSERT_OK(store_->ImportRoster(other.id, RosterCsv(same_codes)));

  STEM_ASSERT_OK_AND_ASSIGN(std::vector<RosterHit> here, store_->SearchRoster(event_, "555"));
  STEM_ASSERT_OK_AND_ASSIGN(std::vector<RosterHit> there, store_->SearchRoster(other.id, "555"));
  EXPECT_EQ(here.size(), 7u);
  EXPECT_EQ(there.size(), 3u);
  for (const RosterHit& h : here) EXPECT_EQ(h.student.event_id, event_);
  for (const RosterHit& h : there) EXPECT_EQ(h.student.event_id, other.id);
  EXPECT_TRUE(Search("jose", empty.id).empty());
  EXPECT_TRUE(Search("ana", other.id).empty());
  EXPECT_TRUE(Search("jose", "no-such-event").empty());

  STEM_ASSERT_OK_AND_ASSIGN(Person a, store_->FindByConfirmationCode(event_, "RG7K2"));
  STEM_ASSERT_OK_AND_ASSIGN(Person b, store_->FindByConfirmationCode(other.id, "RG7K2"));
  EXPECT_NE(a.id, b.id);
  EXPECT_EQ(b.event_id, other.id);
  EXPECT_TRUE(HasStatus(store_->FindByConfirmationCode(empty.id, "RG7K2"), Code::kNotFound,
                        "unknown_person"));
}

TEST_F(StoreRoster, RegisterAddsASearchableWalkUpWithAConfirmationCode) {
  ImportDefault();
  NewRegistration reg;
  reg.event_id = event_;
  reg.student.given_name = "Zuri";
  reg.student.family_name = "Banda";
  reg.student.birth_date = "2015-06-01";
  reg.student.phone = "(555) 777-8080";
  reg.guardian.given_name = "Kofi";
  reg.guardian.family_name = "Banda";
  reg.answers = {{"tshirt", "M"}};
  STEM_ASSERT_OK_AND_ASSIGN(RegistrationResult r, store_->Register(reg));

  ASSERT_EQ(r.confirmation_code.size(), 6u);
  for (char c : r.confirmation_code) {
    EXPECT_NE(kPickupAlphabet.find(c), std::string_view::npos) << r.confirmation_code;
  }
  EXPECT_FALSE(IsBlockedPickupCode(r.confirmation_code));
  STEM_ASSERT_OK_AND_ASSIGN(Person zuri, store_->GetPerson(r.student_id));
  EXPECT_EQ(zuri.source, "walkup");
  EXPECT_EQ(zuri.role, "student");
  EXPECT_EQ(zuri.event_id, event_);
  EXPECT_EQ(zuri.confirmation_code, std::optional<std::string>(r.confirmation_code));
  EXPECT_EQ(Students(), 8);

  EXPECT_EQ(Search("zuri"), std::vector<std::string>{"Zuri"});
  EXPECT_EQ(Search("kofi"), std::vector<std::string>{"Zuri"});
  EXPECT_EQ(Search("8080"), std::vector<std::string>{"Zuri"});
  EXPECT_EQ(Search(r.confirmation_code), std::vector<std::string>{"Zuri"});
  std::string typed;
  for (char c : r.confirmation_code) {
    typed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    typed += ' ';
  }
  STEM_ASSERT_OK_AND_ASSIGN(Person found, store_->FindByConfirmationCode(event_, typed));
  EXPECT_EQ(found.id, r.student_id);

  nlohmann::json payload = PayloadOf(*store_, r.record.id);
  EXPECT_EQ(payload["student_id"], r.student_id);
  EXPECT_EQ(payload["confirmation_code"], r.confirmation_code);
  EXPECT_EQ(payload["guardian"]["given_name"], "Kofi");
  EXPECT_EQ(payload["answers"]["tshirt"], "M");
  EXPECT_EQ(RecordById(*store_, r.record.id)->person_id, r.student_id);
  EXPECT_EQ(RecordById(*store_, r.record.id)->type, "registration");
}

TEST_F(StoreRoster, WalkUpCodesAreUniqueWithinTheEvent) {
  std::set<std::string> codes;
  for (int i = 0; i < 150; ++i) {
    NewRegistration reg;
    reg.event_id = event_;
    reg.student.given_name = "Walkup" + std::to_string(i);
    STEM_ASSERT_OK_AND_ASSIGN(RegistrationResult r, store_->Register(reg));
    EXPECT_TRUE(codes.insert(r.confirmation_code).second) << r.confirmation_code;
  }
  // A drawn code that is already taken is drawn again.
  random_.QueueCode(*codes.begin());
  random_.QueueCode("BCDHJK");
  NewRegistration reg;
  reg.event_id = event_;
  reg.student.given_name = "Collider";
  STEM_ASSERT_OK_AND_ASSIGN(RegistrationResult r, store_->Register(reg));
  EXPECT_EQ(r.confirmation_code, "BCDHJK");
  EXPECT_EQ(random_.queued(), 0u);
}

TEST_F(StoreRoster, SearchShowsWhoIsCheckedIn) {
  ImportDefault();
  STEM_ASSERT_OK_AND_ASSIGN(Person jose, store_->FindByConfirmationCode(event_, "RG7K2"));
  auto checked_in = [&](const std::string& query) {
    Result<std::vector<RosterHit>> hits = store_->SearchRoster(event_, query);
    EXPECT_TRUE(hits.ok());
    return hits.ok() && hits->size() == 1 && (*hits)[0].checked_in;
  };
  EXPECT_FALSE(checked_in("jose"));
  STEM_ASSERT_OK(store_->CheckIn({jose.id, "", std::nullopt, ""}));
  EXPECT_TRUE(checked_in("jose"));
  EXPECT_FALSE(checked_in("minh"));
  STEM_ASSERT_OK(store_->CheckOut({jose.id, "", std::nullopt, std::nullopt, ""}));
  EXPECT_FALSE(checked_in("jose"));
}

}  // namespace
}  // namespace stem::test
