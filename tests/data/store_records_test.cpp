// The append-only record log: one record and one outbox row per save, in one transaction;
// contiguous sequence numbers; UUIDv7 ids; immutability enforced by the schema; corrections;
// hostile text stored byte for byte; bad input leaving no trace.
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "data/uuid.h"
#include "tests/data/store_fixture.h"

namespace stem::test {
namespace {

using Code = Status::Code;
using nlohmann::json;

// Text a hostile or merely unusual family might type. Every entry is a valid name
// (no control characters, at most 200 code points, no surrounding spaces).
std::vector<std::string> HostileNames() {
  std::string long_name;
  for (int i = 0; i < 200; ++i) long_name += "\xc3\xa9";  // 200 x "é": 400 bytes
  return {
      "O'Brien \"Bobby\"",
      "'; DROP TABLE records; --",
      "Robert'); DROP TABLE people;--",
      "\"\"\"",
      "\\\\server\\share\\%s%n",
      "%_* LIKE '%'",
      "NEAR(ana bob) OR zed* -x ^y",
      "<script>alert(1)</script>",
      "\xf0\x9f\x91\xa9\xf0\x9f\x8f\xbd\xe2\x80\x8d\xf0\x9f\x94\xac \xf0\x9f\xa7\xaa",  // 👩🏽‍🔬 🧪
      "\xd9\x81\xd8\xa7\xd8\xb7\xd9\x85\xd8\xa9 \xd8\xa7\xd9\x84\xd8\xb2\xd9\x87\xd8\xb1\xd8\xa7\xd8\xa1",  // فاطمة الزهراء
      "\xd7\xa0\xd7\x95\xd7\xa2\xd7\x94 \xd7\x9b\xd7\x94\xd7\x9f",  // נועה כהן
      "\xe2\x80\x8f\xd7\xa9\xd7\xa8\xd7\x94 Sarah\xe2\x80\x8e",  // RLM שרה Sarah LRM
      "Zoe\xcc\x88 Jose\xcc\x81",  // decomposed: Zoë José
      "Z\xcc\xb7\xcc\xa2" "a\xcc\xb6l\xcc\xb5g\xcc\xb8o\xcc\x81\xcc\x81\xcc\x81",  // stacked marks
      "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e",  // 王小明
      "\xe0\xa4\xaa\xe0\xa5\x8d\xe0\xa4\xb0\xe0\xa4\xbf\xe0\xa4\xaf\xe0\xa4\xbe",  // प्रिया
      "\xef\xbb\xbf" "BOM\xef\xbf\xbf",  // byte-order mark and a non-character
      long_name,
  };
}

// Answers may be longer and multi-line.
std::vector<std::string> HostileAnswers() {
  std::vector<std::string> out = HostileNames();
  out.push_back("");
  out.push_back("line one\nline two\r\n\ttabbed");
  out.push_back("{\"answers\": null, \"form_id\": \"evil\"}");
  out.push_back("\\u0000 is not a NUL, and neither is \\\"");
  out.push_back(std::string(10000, 'x'));
  std::string accents;
  for (int i = 0; i < 10000; ++i) accents += "\xc3\xa9";
  out.push_back(accents);
  std::string emoji;
  for (int i = 0; i < 10000; ++i) emoji += "\xf0\x9f\x9a\x80";  // 🚀, 40,000 bytes
  out.push_back(emoji);
  return out;
}

class StoreRecords : public StoreFixture {
 protected:
  void SetUp() override {
    path_ = dir_.File("kiosk.db");
    Result<Store> store = Store::Create(path_, Options());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_.emplace(std::move(store).value());
    Result<Event> fair = store_->CreateEvent(Fair());
    ASSERT_TRUE(fair.ok());
    fair_ = fair->id;
    Result<Event> camp = store_->CreateEvent(Camp());
    ASSERT_TRUE(camp.ok());
    camp_ = camp->id;
    STEM_ASSERT_OK(store_->ImportRoster(fair_, GeneratedRoster(6)));
    STEM_ASSERT_OK(store_->ImportRoster(camp_, GeneratedRoster(6)));
  }

  std::string Student(const std::string& event, int i) {
    char code[16];
    std::snprintf(code, sizeof code, "C%04d", i);
    Result<Person> p = store_->FindByConfirmationCode(event, code);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? p->id : "";
  }

  Result<RecordRef> Survey(const json& answers, const std::string& supersedes = "",
                           const std::string& form_id = "survey") {
    FormSubmission f;
    f.form_id = form_id;
    f.event_id = fair_;
    f.answers = answers;
    f.supersedes = supersedes;
    return store_->SubmitForm(f);
  }

  std::string path_;
  std::optional<Store> store_;
  std::string fair_;
  std::string camp_;
};

TEST_F(StoreRecords, EverySaveAppendsOneRecordAndOneOutboxRow) {
  std::string checked_in = Student(fair_, 2);
  STEM_ASSERT_OK(store_->CheckIn({checked_in, "", std::nullopt, ""}));
  struct Case {
    std::string type;
    std::function<Status()> save;
  };
  std::vector<Case> cases = {
      {"audit", [&] { return store_->Audit("settings_changed", {{"what", "volume"}}).status(); }},
      {"form_response", [&] { return Survey({{"rating", 5}}).status(); }},
      {"registration",
       [&] {
         NewRegistration reg;
         reg.event_id = fair_;
         reg.student.given_name = "Walk";
         reg.guardian.given_name = "Up";
         return store_->Register(reg).status();
       }},
      {"checkin", [&] { return store_->CheckIn({Student(fair_, 1), "", std::nullopt, "vol"}).status(); }},
      {"checkout",
       [&] {
         return store_->CheckOut({checked_in, "", std::nullopt, std::nullopt, "vol"}).status();
       }},
      {"audit", [&] { return store_->ImportRoster(fair_, GeneratedRoster(2)).status(); }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.type);
    std::map<std::string, int64_t> before = TableCounts(path_);
    STEM_ASSERT_OK(c.save());
    std::map<std::string, int64_t> after = TableCounts(path_);
    EXPECT_EQ(after["records"], before["records"] + 1);
    EXPECT_EQ(after["outbox"], before["outbox"] + 1);
    EXPECT_EQ(after["unacked"], before["unacked"] + 1);
    EXPECT_EQ(after["next_seq"], before["next_seq"] + 1);
    std::vector<StoredRecord> records = AllRecords(*store_);
    ASSERT_FALSE(records.empty());
    const StoredRecord& last = records.back();
    EXPECT_EQ(last.type, c.type);
    EXPECT_EQ(last.seq, before["next_seq"]);
    EXPECT_FALSE(last.acked);
    EXPECT_EQ(last.created_at, FormatUtc(clock_.Now()));
    RawDb raw(path_);
    EXPECT_EQ(raw.Text("SELECT enqueued_at FROM outbox WHERE acked_at IS NULL AND seq = " +
                       std::to_string(last.seq)),
              last.created_at);
    clock_.Advance(std::chrono::seconds(1));
  }
}

// An SQLite trigger added behind the store's back makes one step of a save fail; the
// whole save must then be rolled back, and the sequence must not skip a number.
TEST_F(StoreRecords, ASaveIsOneTransaction) {
  std::string checked_in = Student(fair_, 3);
  STEM_ASSERT_OK(store_->CheckIn({checked_in, "", std::nullopt, ""}));
  struct Case {
    std::string fail_insert_into;
    std::function<Status()> save;
  };
  std::vector<Case> cases = {
      {"outbox", [&] { return Survey({{"q", "a"}}).status(); }},
      {"form_responses", [&] { return Survey({{"q", "b"}}).status(); }},
      {"records", [&] { return store_->Audit("note", json::object()).status(); }},
      {"checkins", [&] { return store_->CheckIn({Student(fair_, 4), "", std::nullopt, ""}).status(); }},
      {"checkouts",
       [&] { return store_->CheckOut({checked_in, "", std::nullopt, std::nullopt, ""}).status(); }},
      {"people",
       [&] {
         NewRegistration reg;
         reg.event_id = fair_;
         reg.student.given_name = "Tx";
         return store_->Register(reg).status();
       }},
      {"outbox", [&] { return store_->ImportRoster(fair_, GeneratedRoster(6)).status(); }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("failing insert into " + c.fail_insert_into);
    {
      RawDb raw(path_);
      raw.MustExec("CREATE TRIGGER inject BEFORE INSERT ON " + c.fail_insert_into +
                   " BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
    }
    std::map<std::string, int64_t> before = TableCounts(path_);
    Status failed = c.save();
    EXPECT_FALSE(failed.ok());
    EXPECT_NE(failed.detail().find("injected failure"), std::string::npos) << failed.ToString();
    EXPECT_EQ(TableCounts(path_), before);
    {
      RawDb raw(path_);
      raw.MustExec("DROP TRIGGER inject");
    }
    STEM_ASSERT_OK(c.save());
    EXPECT_EQ(AllRecords(*store_).back().seq, before["next_seq"]) << "no gap in the sequence";
  }
}

TEST_F(StoreRecords, SequenceIsPerDeviceMonotonicAndContiguous) {
  for (int i = 0; i < 30; ++i) {
    if (i % 3 == 0) {
      STEM_ASSERT_OK(store_->Audit("tick", {{"i", i}}));
    } else {
      STEM_ASSERT_OK(Survey({{"i", i}}));
    }
  }
  // A second Store on the same file (another thread or process) shares the sequence.
  {
    STEM_ASSERT_OK_AND_ASSIGN(Store second, Store::Open(path_, Options()));
    EXPECT_EQ(second.device_id(), store_->device_id());
    for (int i = 0; i < 10; ++i) {
      STEM_ASSERT_OK(second.Audit("from_second", json::object()));
      STEM_ASSERT_OK(store_->Audit("from_first", json::object()));
    }
  }
  store_.reset();
  STEM_ASSERT_OK_AND_ASSIGN(Store reopened, Store::Open(path_, Options()));
  STEM_ASSERT_OK(reopened.Audit("after_reopen", json::object()));

  std::vector<StoredRecord> records = AllRecords(reopened);
  ASSERT_EQ(records.size(), 4u + 30u + 20u + 1u);  // two events made, their rosters imported
  for (size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(records[i].seq, static_cast<int64_t>(i) + 1);
    EXPECT_EQ(records[i].device_id, reopened.device_id());
  }

  // Another device counts from 1 on its own.
  STEM_ASSERT_OK_AND_ASSIGN(Store other, Store::Create(dir_.File("other.db"), Options()));
  STEM_ASSERT_OK_AND_ASSIGN(RecordRef first, other.Audit("hello", json::object()));
  EXPECT_EQ(first.seq, 1);
  EXPECT_NE(other.device_id(), reopened.device_id());
  EXPECT_EQ(AllRecords(other).front().device_id, other.device_id());
}

TEST_F(StoreRecords, IdsAreTimeOrderedUuidV7AndUnique) {
  std::set<std::string> ids;
  std::string previous;
  for (int i = 0; i < 200; ++i) {
    clock_.Advance(std::chrono::milliseconds(1 + i % 3));
    STEM_ASSERT_OK_AND_ASSIGN(RecordRef ref, Survey({{"i", i}}));
    ASSERT_TRUE(IsCanonicalUuid(ref.id)) << ref.id;
    EXPECT_EQ(ref.id[14], '7') << ref.id;
    EXPECT_NE(std::string("89ab").find(ref.id[19]), std::string::npos) << ref.id;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  clock_.Now().time_since_epoch()).count();
    char hex[16];
    std::snprintf(hex, sizeof hex, "%012llx", static_cast<unsigned long long>(ms));
    std::string stamp = ref.id.substr(0, 8) + ref.id.substr(9, 4);
    EXPECT_EQ(stamp, hex) << "the first 48 bits are the Unix time in milliseconds";
    EXPECT_GT(ref.id, previous) << "ids sort by creation time";
    previous = ref.id;
    EXPECT_TRUE(ids.insert(ref.id).second) << "duplicate id " << ref.id;
  }
  for (const StoredRecord& r : AllRecords(*store_)) {
    EXPECT_TRUE(IsCanonicalUuid(r.id));
    ids.insert(r.id);
  }
  EXPECT_EQ(ids.size(), 204u);  // and the fixture's two events and two roster imports
}

TEST_F(StoreRecords, RecordsTableRefusesUpdates) {
  STEM_ASSERT_OK(Survey({{"q", "original"}}));
  STEM_ASSERT_OK(store_->MarkAcked(1));  // acknowledged or not, a record never changes
  RawDb raw(path_);
  const std::string before = raw.Text("SELECT group_concat(seq || id || type || payload, '|') FROM records");
  for (const std::string sql : {
           "UPDATE records SET payload = '{\"q\":\"forged\"}' WHERE seq = 3",
           "UPDATE records SET payload = '{}' WHERE seq = 1",
           "UPDATE records SET type = 'audit'",
           "UPDATE records SET seq = seq + 100 WHERE seq = 3",
           "UPDATE records SET supersedes = id",
           "UPDATE OR REPLACE records SET id = 'x' WHERE seq = 2",
       }) {
    SCOPED_TRACE(sql);
    std::string error;
    EXPECT_EQ(raw.Exec(sql, &error), SQLITE_CONSTRAINT);
    EXPECT_NE(error.find("append-only"), std::string::npos) << error;
  }
  EXPECT_EQ(raw.Text("SELECT group_concat(seq || id || type || payload, '|') FROM records"), before);
}

TEST_F(StoreRecords, RecordsTableRefusesToDeleteUnacknowledgedRecords) {
  STEM_ASSERT_OK(Survey({{"q", "a"}}));
  STEM_ASSERT_OK(Survey({{"q", "b"}}));
  RawDb raw(path_);
  std::string error;
  EXPECT_EQ(raw.Exec("DELETE FROM records WHERE seq = 1", &error), SQLITE_CONSTRAINT);
  EXPECT_NE(error.find("never deleted"), std::string::npos) << error;
  EXPECT_EQ(raw.Exec("DELETE FROM records", &error), SQLITE_CONSTRAINT);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM records"), 6);  // the fixture's 4 and 2 surveys

  STEM_ASSERT_OK(store_->MarkAcked(2));
  EXPECT_EQ(raw.Exec("DELETE FROM records WHERE seq = 3", &error), SQLITE_CONSTRAINT);
  EXPECT_EQ(raw.Exec("DELETE FROM records WHERE seq >= 2", &error), SQLITE_CONSTRAINT)
      << "one unacknowledged row fails the whole statement";
  EXPECT_EQ(raw.Int("SELECT count(*) FROM records"), 6);
  EXPECT_EQ(raw.Exec("DELETE FROM records WHERE seq = 1", &error), SQLITE_OK) << error;
  EXPECT_EQ(raw.Int("SELECT count(*) FROM records"), 5);
}

TEST_F(StoreRecords, CorrectionSupersedesTheOriginal) {
  STEM_ASSERT_OK_AND_ASSIGN(RecordRef original, Survey({{"rating", 2}}));
  STEM_ASSERT_OK_AND_ASSIGN(RecordRef correction, Survey({{"rating", 4}}, original.id));
  EXPECT_EQ(correction.seq, original.seq + 1);
  std::optional<StoredRecord> stored = RecordById(*store_, correction.id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->supersedes, original.id);
  EXPECT_EQ(stored->type, "form_response");
  EXPECT_EQ(json::parse(stored->payload)["answers"], json({{"rating", 4}}));
  EXPECT_EQ(RecordById(*store_, original.id)->supersedes, "");
  EXPECT_EQ(json::parse(RecordById(*store_, original.id)->payload)["answers"],
            json({{"rating", 2}})) << "the original is kept as it was";

  // A correction of the correction continues the chain.
  STEM_ASSERT_OK_AND_ASSIGN(RecordRef second, Survey({{"rating", 5}}, correction.id));
  EXPECT_EQ(RecordById(*store_, second.id)->supersedes, correction.id);
}

TEST_F(StoreRecords, RejectedCorrectionsWriteNothing) {
  STEM_ASSERT_OK_AND_ASSIGN(RecordRef original, Survey({{"rating", 2}}));
  STEM_ASSERT_OK(Survey({{"rating", 3}}, original.id));
  STEM_ASSERT_OK_AND_ASSIGN(RecordRef audit, store_->Audit("note", json::object()));
  std::map<std::string, int64_t> before = TableCounts(path_);

  Result<RecordRef> again = Survey({{"rating", 4}}, original.id);
  EXPECT_TRUE(HasStatus(again, Code::kConflict, "already_superseded"));
  EXPECT_TRUE(HasStatus(Survey({{"rating", 4}}, original.id, "feedback"), Code::kInvalidArgument,
                        "form_mismatch"));
  EXPECT_TRUE(HasStatus(Survey({{"rating", 4}}, "0190d3a2-0000-7000-8000-000000000000"),
                        Code::kNotFound, "unknown_record"));
  EXPECT_TRUE(HasStatus(Survey({{"rating", 4}}, audit.id), Code::kNotFound, "unknown_record"))
      << "only a form response can be corrected by a form response";
  EXPECT_TRUE(HasStatus(Survey({{"rating", 4}}, "'; DROP TABLE records; --"), Code::kNotFound,
                        "unknown_record"));
  EXPECT_EQ(TableCounts(path_), before);
}

TEST_F(StoreRecords, HostileAnswersRoundTripByteForByte) {
  std::vector<std::string> texts = HostileAnswers();
  std::vector<std::string> ids;
  for (const std::string& text : texts) {
    json answers = {{"q", text}, {"list", {text, "plain"}}, {"group", {{{"inner", text}}}}};
    Result<RecordRef> ref = Survey(answers);
    ASSERT_TRUE(ref.ok()) << ref.status().ToString() << " for text of " << text.size()
                          << " bytes";
    ids.push_back(ref->id);
  }
  for (size_t i = 0; i < texts.size(); ++i) {
    SCOPED_TRACE("text #" + std::to_string(i));
    json payload = PayloadOf(*store_, ids[i]);
    ASSERT_TRUE(payload["answers"]["q"].is_string());
    EXPECT_EQ(payload["answers"]["q"].get<std::string>(), texts[i]);
    EXPECT_EQ(payload["answers"]["list"][0].get<std::string>(), texts[i]);
    EXPECT_EQ(payload["answers"]["group"][0]["inner"].get<std::string>(), texts[i]);
    EXPECT_EQ(payload["form_id"], "survey");
  }
  // The tables the injections name are all still there.
  RawDb raw(path_);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM records WHERE type = 'form_response'"),
            static_cast<int64_t>(texts.size()));
  EXPECT_EQ(raw.Int("SELECT count(*) FROM people"), 24);
}

TEST_F(StoreRecords, HostileNamesRoundTripThroughRegister) {
  for (const std::string& name : HostileNames()) {
    SCOPED_TRACE("name of " + std::to_string(name.size()) + " bytes");
    NewRegistration reg;
    reg.event_id = fair_;
    reg.student.given_name = name;
    reg.student.family_name = name;
    reg.student.school = name;
    reg.guardian.given_name = name;
    reg.answers = {{"note", name}};
    STEM_ASSERT_OK_AND_ASSIGN(RegistrationResult r, store_->Register(reg));
    STEM_ASSERT_OK_AND_ASSIGN(Person student, store_->GetPerson(r.student_id));
    EXPECT_EQ(student.given_name, name);
    EXPECT_EQ(student.family_name, name);
    EXPECT_EQ(student.school, std::optional<std::string>(name));
    EXPECT_EQ(student.source, "walkup");
    ASSERT_TRUE(student.guardian_id.has_value());
    STEM_ASSERT_OK_AND_ASSIGN(Person guardian, store_->GetPerson(*student.guardian_id));
    EXPECT_EQ(guardian.given_name, name);
    EXPECT_EQ(guardian.role, "guardian");

    json payload = PayloadOf(*store_, r.record.id);
    EXPECT_EQ(payload["student"]["given_name"].get<std::string>(), name);
    EXPECT_EQ(payload["student"]["family_name"].get<std::string>(), name);
    EXPECT_EQ(payload["guardian"]["given_name"].get<std::string>(), name);
    EXPECT_EQ(payload["answers"]["note"].get<std::string>(), name);

    STEM_ASSERT_OK_AND_ASSIGN(std::vector<RosterHit> hits,
                              store_->SearchRoster(fair_, r.confirmation_code));
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].student.given_name, name);
    EXPECT_EQ(hits[0].guardian_name, name);
  }
}

TEST_F(StoreRecords, HostileNamesRoundTripThroughRosterImport) {
  std::vector<std::string> names = HostileNames();
  std::vector<RosterEntry> entries;
  for (size_t i = 0; i < names.size(); ++i) {
    char code[32];
    std::snprintf(code, sizeof code, "H%03d", static_cast<int>(i));
    char phone[32];
    std::snprintf(phone, sizeof phone, "555-02%02d", static_cast<int>(i));
    entries.push_back({names[i], names[i], "2014-01-01", names[i], "Guardian", phone, code});
  }
  STEM_ASSERT_OK_AND_ASSIGN(RosterImportReport report,
                            store_->ImportRoster(fair_, RosterCsv(entries)));
  EXPECT_EQ(report.students_added, static_cast<int>(names.size()));
  for (size_t i = 0; i < names.size(); ++i) {
    SCOPED_TRACE("name #" + std::to_string(i));
    STEM_ASSERT_OK_AND_ASSIGN(Person p, store_->FindByConfirmationCode(fair_, entries[i].code));
    EXPECT_EQ(p.given_name, names[i]);
    EXPECT_EQ(p.family_name, names[i]);
    STEM_ASSERT_OK_AND_ASSIGN(std::vector<RosterHit> hits,
                              store_->SearchRoster(fair_, entries[i].code));
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].student.given_name, names[i]);
    EXPECT_EQ(hits[0].guardian_name, names[i] + " Guardian");
  }
  // Importing the same file again changes nothing but counts every student as updated.
  STEM_ASSERT_OK_AND_ASSIGN(RosterImportReport again,
                            store_->ImportRoster(fair_, RosterCsv(entries)));
  EXPECT_EQ(again.students_added, 0);
  EXPECT_EQ(again.students_updated, static_cast<int>(names.size()));
  EXPECT_EQ(again.guardians_added, 0);
}

TEST_F(StoreRecords, OverlongNamesAreRefusedAndWriteNothing) {
  std::string over;
  for (int i = 0; i < 201; ++i) over += "\xc3\xa9";
  const std::string huge(10000, 'n');
  for (const std::string& name : {over, huge}) {
    SCOPED_TRACE(std::to_string(name.size()) + " bytes");
    std::map<std::string, int64_t> before = TableCounts(path_);
    NewRegistration reg;
    reg.event_id = fair_;
    reg.student.given_name = name;
    EXPECT_TRUE(HasStatus(store_->Register(reg), Code::kInvalidArgument, "invalid_given_name"));
    std::vector<RosterEntry> entries = {{"Fine", "Name", "", "", "", "", "OK001"},
                                        {name, "Name", "", "", "", "", "OK002"}};
    Result<RosterImportReport> import = store_->ImportRoster(fair_, RosterCsv(entries));
    EXPECT_TRUE(HasCode(import, Code::kInvalidArgument));
    EXPECT_EQ(import.status().detail().rfind("line 3:", 0), 0u) << import.status().detail();
    EXPECT_EQ(TableCounts(path_), before);
  }
}

// Walk-up names are trimmed like imported ones, so the longest valid name fits even when
// typed with surrounding spaces.
TEST_F(StoreRecords, RegisterTrimsNamesLikeTheImport) {
  std::string longest;
  for (int i = 0; i < 200; ++i) longest += "\xc3\xa9";
  NewRegistration reg;
  reg.event_id = fair_;
  reg.student.given_name = "  " + longest + " ";
  reg.student.family_name = " Okafor  ";
  reg.guardian.given_name = " Chidi ";
  reg.guardian.family_name = "Okafor ";
  STEM_ASSERT_OK_AND_ASSIGN(RegistrationResult r, store_->Register(reg));
  STEM_ASSERT_OK_AND_ASSIGN(Person student, store_->GetPerson(r.student_id));
  EXPECT_EQ(student.given_name, longest);
  EXPECT_EQ(student.family_name, "Okafor");
  STEM_ASSERT_OK_AND_ASSIGN(Person guardian, store_->GetPerson(*student.guardian_id));
  EXPECT_EQ(guardian.given_name, "Chidi");
  EXPECT_EQ(guardian.family_name, "Okafor");
  json payload = PayloadOf(*store_, r.record.id);
  EXPECT_EQ(payload["student"]["given_name"], longest);
  EXPECT_EQ(payload["guardian"]["family_name"], "Okafor");
  STEM_ASSERT_OK_AND_ASSIGN(std::vector<RosterHit> hits,
                            store_->SearchRoster(fair_, r.confirmation_code));
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].guardian_name, "Chidi Okafor");
}

// Every kind of bad input to a save is refused with its reason, and neither the tables nor
// the database files change.
TEST_F(StoreRecords, BadInputChangesNothing) {
  std::string student = Student(fair_, 5);
  STEM_ASSERT_OK_AND_ASSIGN(Person with_guardian, store_->GetPerson(student));
  ASSERT_TRUE(with_guardian.guardian_id.has_value());
  std::string guardian = *with_guardian.guardian_id;
  STEM_ASSERT_OK_AND_ASSIGN(Activity other_event_activity,
                            store_->AddActivity(camp_, {"Camp only", std::nullopt}));
  STEM_ASSERT_OK(store_->CheckIn({Student(fair_, 6), "", std::nullopt, ""}));

  auto form = [&](std::function<void(FormSubmission&)> change) {
    return [this, change]() {
      FormSubmission f;
      f.form_id = "survey";
      f.event_id = fair_;
      f.answers = {{"q", "fine"}};
      change(f);
      return store_->SubmitForm(f).status();
    };
  };
  auto registration = [&](std::function<void(NewRegistration&)> change) {
    return [this, change]() {
      NewRegistration reg;
      reg.event_id = fair_;
      reg.student.given_name = "Valid";
      reg.guardian.given_name = "Parent";
      change(reg);
      return store_->Register(reg).status();
    };
  };
  auto checkin = [&](std::function<void(CheckInRequest&)> change) {
    return [this, change, student]() {
      CheckInRequest req{student, "", std::nullopt, ""};
      change(req);
      return store_->CheckIn(req).status();
    };
  };
  json big = json::object();
  for (int i = 0; i < 100; ++i) big["q" + std::to_string(i)] = std::string(15000, 'b');
  json many = json::array();
  for (int i = 0; i < 201; ++i) many.push_back(i);

  struct Case {
    std::string name;
    std::function<Status()> save;
    Code code;
    std::string reason;  // empty: only the code is checked
  };
  std::vector<Case> cases = {
      {"form id with spaces", form([](auto& f) { f.form_id = "Bad Form"; }),
       Code::kInvalidArgument, "invalid_form_id"},
      {"empty form id", form([](auto& f) { f.form_id = ""; }), Code::kInvalidArgument,
       "invalid_form_id"},
      {"form id injection", form([](auto& f) { f.form_id = "x'; DROP TABLE records;--"; }),
       Code::kInvalidArgument, "invalid_form_id"},
      {"form version 0", form([](auto& f) { f.form_version = 0; }), Code::kInvalidArgument,
       "invalid_form_version"},
      {"answers not an object", form([](auto& f) { f.answers = json::array({1, 2}); }),
       Code::kInvalidArgument, "invalid_answers"},
      {"question id not a slug", form([](auto& f) { f.answers = {{"Bad Key", 1}}; }),
       Code::kInvalidArgument, "invalid_answers"},
      {"answer not UTF-8", form([](auto& f) { f.answers = {{"q", "\xff\xfe"}}; }),
       Code::kInvalidArgument, ""},
      {"answer with NUL", form([](auto& f) { f.answers = {{"q", std::string("a\0b", 3)}}; }),
       Code::kInvalidArgument, ""},
      {"answer of 20,001 characters",
       form([](auto& f) { f.answers = {{"q", std::string(20001, 'x')}}; }),
       Code::kInvalidArgument, ""},
      {"list of 201 items", form([many](auto& f) { f.answers = {{"q", many}}; }),
       Code::kInvalidArgument, ""},
      {"answer not finite", form([](auto& f) { f.answers = {{"q", std::nan("")}}; }),
       Code::kInvalidArgument, ""},
      {"answers over 1 MiB", form([big](auto& f) { f.answers = big; }), Code::kInvalidArgument,
       "invalid_answers"},
      {"unknown event", form([](auto& f) { f.event_id = "no-such-event"; }), Code::kNotFound,
       "unknown_event"},
      {"unknown person", form([](auto& f) { f.person_id = "no-such-person"; }),
       Code::kNotFound, "unknown_person"},
      {"unknown original", form([](auto& f) { f.supersedes = "no-such-record"; }),
       Code::kNotFound, "unknown_record"},

      {"empty given name", registration([](auto& r) { r.student.given_name = ""; }),
       Code::kInvalidArgument, "invalid_given_name"},
      {"blank given name", registration([](auto& r) { r.student.given_name = "   "; }),
       Code::kInvalidArgument, "invalid_given_name"},
      {"control character", registration([](auto& r) { r.student.given_name = "A\x01" "B"; }),
       Code::kInvalidArgument, "invalid_given_name"},
      {"newline in name", registration([](auto& r) { r.student.family_name = "A\nB"; }),
       Code::kInvalidArgument, "invalid_family_name"},
      {"name not UTF-8", registration([](auto& r) { r.student.given_name = "Jos\xe9"; }),
       Code::kInvalidArgument, "invalid_given_name"},
      {"bad phone", registration([](auto& r) { r.student.phone = "call me maybe"; }),
       Code::kInvalidArgument, "invalid_phone"},
      {"short phone", registration([](auto& r) { r.student.phone = "12345"; }),
       Code::kInvalidArgument, "invalid_phone"},
      {"bad email", registration([](auto& r) { r.student.email = "nobody"; }),
       Code::kInvalidArgument, "invalid_email"},
      {"future birth date", registration([](auto& r) { r.student.birth_date = "2027-01-01"; }),
       Code::kInvalidArgument, "invalid_birth_date"},
      {"impossible birth date",
       registration([](auto& r) { r.student.birth_date = "2015-02-30"; }),
       Code::kInvalidArgument, "invalid_birth_date"},
      {"bad guardian email", registration([](auto& r) { r.guardian.email = "a@b"; }),
       Code::kInvalidArgument, "invalid_email"},
      {"bad guardian name",
       registration([](auto& r) { r.guardian.given_name = "Tab\there"; }),
       Code::kInvalidArgument, "invalid_given_name"},
      {"registration answers",
       registration([](auto& r) { r.answers = {{"Not A Slug", true}}; }),
       Code::kInvalidArgument, "invalid_answers"},
      {"registration unknown event",
       registration([](auto& r) { r.event_id = "no-such-event"; }), Code::kNotFound,
       "unknown_event"},

      {"unknown person", checkin([](auto& r) { r.person_id = "no-such-person"; }),
       Code::kNotFound, "unknown_person"},
      {"guardian", checkin([guardian](auto& r) { r.person_id = guardian; }),
       Code::kInvalidArgument, "not_a_student"},
      {"unknown activity", checkin([](auto& r) { r.activity_id = "no-such-activity"; }),
       Code::kNotFound, "unknown_activity"},
      {"activity of another event",
       checkin([other_event_activity](auto& r) { r.activity_id = other_event_activity.id; }),
       Code::kNotFound, "unknown_activity"},
      {"empty override reason", checkin([](auto& r) { r.override_reason = ""; }),
       Code::kInvalidArgument, "invalid_override_reason"},
      {"override reason of 501 characters",
       checkin([](auto& r) { r.override_reason = std::string(501, 'r'); }),
       Code::kInvalidArgument, "invalid_override_reason"},
      {"volunteer with control characters",
       checkin([](auto& r) { r.volunteer = "Sam\x1b[31m"; }), Code::kInvalidArgument,
       "invalid_volunteer"},
      {"duplicate check-in",
       [this]() { return store_->CheckIn({Student(fair_, 6), "", std::nullopt, ""}).status(); },
       Code::kConflict, "duplicate_checkin"},
      {"check-out of someone not checked in",
       [this, student]() {
         return store_->CheckOut({student, "", std::nullopt, std::nullopt, ""}).status();
       },
       Code::kNotFound, "not_checked_in"},
  };

  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::map<std::string, int64_t> before = TableCounts(path_);
    const uint64_t db_hash = HashFile(path_);
    const uint64_t wal_hash = HashFile(path_ + "-wal");
    Status s = c.save();
    if (c.reason.empty()) {
      EXPECT_TRUE(HasCode(s, c.code));
    } else {
      EXPECT_TRUE(HasStatus(s, c.code, c.reason));
    }
    EXPECT_EQ(TableCounts(path_), before);
    EXPECT_EQ(HashFile(path_), db_hash);
    EXPECT_EQ(HashFile(path_ + "-wal"), wal_hash);
  }
  // Still working afterwards, with the next sequence number.
  std::map<std::string, int64_t> before = TableCounts(path_);
  STEM_ASSERT_OK_AND_ASSIGN(RecordRef ok, Survey({{"q", "fine"}}));
  EXPECT_EQ(ok.seq, before["next_seq"]);
}

}  // namespace
}  // namespace stem::test
