// The overview's counts (students per event, current responses per form) are kept by the hub
// database's triggers as records arrive: they must always equal a count of the rows, through
// corrections in either order, duplicates, roster re-imports and a database made before them.
#include "data/sqlite/sqlite.h"
#include "sync/hub/storage/sql_hub_storage.h"
#include "sync/protocol/batch.h"
#include "tests/sync/sync_fixture.h"

namespace stem::test {
namespace {

std::string RecordId(int64_t n) {
  char id[40];
  std::snprintf(id, sizeof id, "0192f0c1-7a3b-7c4d-8e5f-%012lld", static_cast<long long>(n));
  return id;
}

class OverviewCounts : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    storage_.reset();
    auto s = hub::SqlHubStorage::Open(location_, true, &clock_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    storage_ = std::move(s).value();
  }

  void Ingest(const std::string& device, std::vector<sync::BatchRecord> records) {
    Result<sync::Batch> batch = sync::MakeBatch(device, std::move(records));
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    Result<sync::Ack> ack = storage_->IngestBatch(*batch);
    ASSERT_TRUE(ack.ok()) << ack.status().ToString();
  }

  static sync::BatchRecord Registration(int64_t seq, const std::string& event,
                                        const std::string& student) {
    nlohmann::json p = {{"student_id", student},
                        {"student", {{"given_name", "Ana " + student}, {"family_name", "Ruiz"}}},
                        {"guardian", {{"id", "g-" + student}, {"given_name", "Eva"}}}};
    return {seq, RecordId(seq), "registration", event, student, "", "2026-06-01T15:00:00.000Z",
            p.dump()};
  }

  // A survey response; `id` numbers its record id when not `seq` (ids are unique per hub).
  static sync::BatchRecord Survey(int64_t seq, const std::string& event,
                                  const std::string& supersedes = "", int64_t id = 0) {
    nlohmann::json p = {{"form_id", "post-event-survey"}, {"form_version", 1},
                        {"answers", {{"rating", 9}}}};
    return {seq, RecordId(id ? id : seq), "form_response", event, "", supersedes,
            "2026-06-01T16:00:00.000Z", p.dump()};
  }

  // The counts as a page would show them, against the counts of the rows themselves.
  void ExpectCountsMatchRows(const std::string& event, int64_t students,
                             std::map<std::string, int64_t> forms) {
    Result<hub::EventOverview> o = storage_->Overview(event, "2026-06-01");
    ASSERT_TRUE(o.ok()) << o.status().ToString();
    EXPECT_EQ(o->students, students);
    std::map<std::string, int64_t> shown;
    for (const hub::FormCount& f : o->forms) shown[f.form_id] = f.responses;
    EXPECT_EQ(shown, forms);

    std::unique_ptr<hub::db::Connection> db = OpenHubDb(location_);
    ASSERT_NE(db, nullptr);
    Result<hub::db::Statement> s = db->Prepare(
        "SELECT count(*) FROM people WHERE event_id = ? AND role = 'student'");
    ASSERT_TRUE(s.ok());
    s->Bind(1, event);
    ASSERT_TRUE(s->Step().value());
    EXPECT_EQ(s->Int(0), students);
    Result<hub::db::Statement> r = db->Prepare(
        "SELECT form_id, count(*) FROM responses WHERE event_id = ? AND superseded_by = '' "
        "GROUP BY form_id");
    ASSERT_TRUE(r.ok());
    r->Bind(1, event);
    std::map<std::string, int64_t> rows;
    while (r->Step().value()) rows[r->Text(0)] = r->Int(1);
    EXPECT_EQ(rows, forms);
  }

  TempDir dir_;
  std::string location_ = HubLocation(dir_.File("hub.db"));  // a file, or PostgreSQL
  FakeClock clock_{std::chrono::system_clock::now()};
  std::unique_ptr<hub::SqlHubStorage> storage_;
};

TEST_F(OverviewCounts, FollowRegistrationsCorrectionsAndDuplicates) {
  Ingest("dev-a", {Registration(1, "ev1", "s1"), Registration(2, "ev1", "s2"),
                   Survey(3, "ev1"), Survey(4, "ev1"), Registration(5, "ev2", "s3")});
  ExpectCountsMatchRows("ev1", 2, {{"post-event-survey", 2}});
  ExpectCountsMatchRows("ev2", 1, {});

  // A correction replaces what it corrects; one arriving before its original counts once.
  Ingest("dev-a", {Survey(6, "ev1", RecordId(3))});
  ExpectCountsMatchRows("ev1", 2, {{"post-event-survey", 2}});
  Ingest("dev-b", {Survey(1, "ev1", RecordId(1000), 999)});
  ExpectCountsMatchRows("ev1", 2, {{"post-event-survey", 3}});
  Ingest("dev-b", {Survey(2, "ev1", "", 1000)});  // the original, after its correction
  ExpectCountsMatchRows("ev1", 2, {{"post-event-survey", 3}});
  // A second correction of the same response is a response of its own (both are shown);
  // records sent again add nothing.
  Ingest("dev-a", {Survey(7, "ev1", RecordId(3))});
  ExpectCountsMatchRows("ev1", 2, {{"post-event-survey", 4}});
  Ingest("dev-a", {Survey(4, "ev1"), Registration(5, "ev2", "s3"), Survey(6, "ev1", RecordId(3))});
  ExpectCountsMatchRows("ev1", 2, {{"post-event-survey", 4}});

  // Counts survive reopening the database, and an event no one came to has none.
  ASSERT_NO_FATAL_FAILURE(Open());
  ExpectCountsMatchRows("ev1", 2, {{"post-event-survey", 4}});
  ExpectCountsMatchRows("nobody", 0, {});
}

TEST_F(OverviewCounts, FollowRosterReimports) {
  Result<hub::HubEvent> ev = storage_->CreateEvent({"", "Fair", "fair", "2026-06-01", "2026-06-01"});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  std::string csv =
      "First name,Last name,Date of birth,Guardian first name,Guardian last name,Phone,"
      "Confirmation code\n"
      "José,Núñez,2014-03-12,María,Núñez,555 201 4410,RG7K2\n"
      "Joseph,Smith,2015-01-01,Ann,Smith,555 777 1234,SM1TH\n";
  ASSERT_TRUE(storage_->ImportRoster(ev->id, csv).ok());
  ExpectCountsMatchRows(ev->id, 2, {});
  // The same people again (replaced, not added), then one more.
  ASSERT_TRUE(storage_->ImportRoster(ev->id, csv).ok());
  ExpectCountsMatchRows(ev->id, 2, {});
  ASSERT_TRUE(storage_->ImportRoster(ev->id, csv + "Wen,Ng,2016-02-02,Li,Ng,555 888 9999,OB4NG\n")
                  .ok());
  ExpectCountsMatchRows(ev->id, 3, {});
}

// A hub database from before the counts (schema 7) gets them from its rows when it opens.
TEST_F(OverviewCounts, AreFilledWhenAnOlderDatabaseOpens) {
  Ingest("dev-a", {Registration(1, "ev1", "s1"), Survey(2, "ev1"), Survey(3, "ev1"),
                   Survey(4, "ev1", RecordId(2))});
  storage_.reset();
  {
    Result<sql::Connection> db = sql::Connection::Open(dir_.File("hub.db"), sql::Connection::Mode::kReadWrite);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("DROP TABLE event_students; DROP TABLE event_form_responses; "
                         "DROP TRIGGER people_counted; DROP TRIGGER people_uncounted; "
                         "DROP TRIGGER people_recounted; DROP TRIGGER responses_counted; "
                         "DROP TRIGGER responses_uncounted; DROP TRIGGER responses_recounted; "
                         "ALTER TABLE users DROP COLUMN sensitive_data; PRAGMA user_version = 7;")
                    .ok());
  }
  ASSERT_NO_FATAL_FAILURE(Open());
  ExpectCountsMatchRows("ev1", 1, {{"post-event-survey", 2}});
  Ingest("dev-a", {Survey(5, "ev1")});
  ExpectCountsMatchRows("ev1", 1, {{"post-event-survey", 3}});
}

}  // namespace
}  // namespace stem::test
