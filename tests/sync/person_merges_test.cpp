// People staff merge at the hub (HubStorage::MergePeople, UndoMerge): the same child
// registered on two kiosks becomes one in the attendance, the responses and the duplicates
// list, the people export says where the merged one went, nothing is deleted, and undoing
// puts everything back. Real kiosk stores make the records; the hub is SQLite or PostgreSQL.
#include "data/forms/bundled_forms.h"
#include "sync/hub/people/people_duplicates.h"
#include "sync/hub/storage/sql_hub_storage.h"
#include "sync/protocol/batch.h"
#include "tests/sync/sync_fixture.h"

namespace stem::test {
namespace {

class PersonMerges : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = hub::SqlHubStorage::Open(location_, true);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    storage_ = std::move(s).value();
    // Two kiosks at one event: the same child registered at each, and checked in at the second.
    a_ = Kiosk("a.db");
    b_ = Kiosk("b.db");
    first_ = Register(*a_, "Sofía", "Ramírez", "2015-04-03");
    second_ = Register(*b_, "SOFIA", "Ramirez", "2015-04-03");
    other_ = Register(*b_, "Diego", "Ramírez", "2017-01-01");
    Result<CheckInResult> in = b_->CheckIn({second_, "", std::nullopt, "Lee"});
    ASSERT_TRUE(in.ok()) << in.status().ToString();
    Sync(*a_);
    Sync(*b_);
  }

  std::optional<Store> Kiosk(const std::string& name) {
    Result<Store> s = Store::Create(dir_.File(name));
    EXPECT_TRUE(s.ok());
    EXPECT_TRUE(s->ApplyRosterPage({Event{"ev1", "Robotics Camp", "camp", "2026-07-06", "2026-07-10", ""}}, {}, 0).ok());
    return std::move(s).value();
  }
  std::string Register(Store& kiosk, const std::string& given, const std::string& family,
                       const std::string& born) {
    NewRegistration r;
    r.event_id = "ev1";
    r.student.given_name = given;
    r.student.family_name = family;
    r.student.birth_date = born;
    r.guardian.given_name = "Lucía";
    r.guardian.family_name = "Soto";
    r.guardian.phone = "5552020303";
    Result<RegistrationResult> done = kiosk.Register(r);
    EXPECT_TRUE(done.ok()) << done.status().ToString();
    return done.ok() ? done->student_id : "";
  }
  void Sync(Store& kiosk) {
    Result<std::vector<StoredRecord>> page = kiosk.OutboxPage(0, 1000, 1 << 20);
    ASSERT_TRUE(page.ok());
    std::vector<sync::BatchRecord> records;
    for (const StoredRecord& r : *page) records.push_back(sync::ToBatchRecord(r));
    Result<sync::Batch> batch = sync::MakeBatch(kiosk.device_id(), std::move(records));
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    ASSERT_TRUE(storage_->IngestBatch(*batch).ok());
  }
  std::map<std::string, hub::PersonRow> People() {
    std::map<std::string, hub::PersonRow> out;
    EXPECT_TRUE(storage_->ForEachPerson({}, [&](const hub::PersonRow& p) {
      out[p.person_id] = p;
      return Status::Ok();
    }).ok());
    return out;
  }
  std::vector<hub::AttendanceRow> Attendance() {
    std::vector<hub::AttendanceRow> out;
    EXPECT_TRUE(storage_->ForEachAttendance({}, [&](const hub::AttendanceRow& a) {
      out.push_back(a);
      return Status::Ok();
    }).ok());
    return out;
  }
  // Student pairs (the guardian, recorded once per registration, makes pairs of their own).
  size_t Pairs() {
    Result<std::vector<hub::DuplicatePeople>> pairs = hub::FindDuplicatePeople(*storage_, "ev1");
    EXPECT_TRUE(pairs.ok());
    if (!pairs.ok()) return 99;
    return std::count_if(pairs->begin(), pairs->end(),
                         [](const hub::DuplicatePeople& d) { return d.first.role == "student"; });
  }

  TempDir dir_;
  std::string location_ = HubLocation(dir_.File("hub.db"));
  std::unique_ptr<hub::SqlHubStorage> storage_;
  std::optional<Store> a_, b_;
  std::string first_, second_, other_;
};

TEST_F(PersonMerges, AMergedChildCountsAsTheOtherAndAnUndoPutsThemBack) {
  ASSERT_EQ(Pairs(), 1u);
  ASSERT_TRUE(storage_->MergePeople(second_, first_, "registered at both doors", "staff@example.org").ok());
  // Nothing deleted: both people are there, the merged one says where it went.
  std::map<std::string, hub::PersonRow> people = People();
  ASSERT_TRUE(people.count(second_));
  EXPECT_EQ(people[second_].merged_into, first_);
  EXPECT_EQ(people[first_].merged_into, "");
  EXPECT_EQ(people[second_].given_name, "SOFIA");
  // The check-in made at the second kiosk now counts for the first person.
  std::vector<hub::AttendanceRow> visits = Attendance();
  ASSERT_EQ(visits.size(), 1u);
  EXPECT_EQ(visits[0].person_id, first_);
  EXPECT_EQ(visits[0].given_name, "Sofía");
  EXPECT_EQ(visits[0].merged_from, second_);
  EXPECT_EQ(Pairs(), 0u);
  Result<hub::PersonDetail> page = storage_->PersonPage(second_);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->person.merged_into, first_);
  Result<std::vector<hub::AuditEntry>> log = storage_->AuditLog(10);
  ASSERT_TRUE(log.ok());
  ASSERT_FALSE(log->empty());
  EXPECT_EQ(log->front().action, "person_merged");

  ASSERT_TRUE(storage_->UndoMerge(second_, "staff@example.org").ok());
  EXPECT_EQ(People()[second_].merged_into, "");
  visits = Attendance();
  EXPECT_EQ(visits[0].person_id, second_);
  EXPECT_EQ(visits[0].merged_from, "");
  EXPECT_EQ(Pairs(), 1u);
  log = storage_->AuditLog(1);
  ASSERT_TRUE(log.ok() && !log->empty());
  EXPECT_EQ(log->front().action, "person_unmerged");
}

TEST_F(PersonMerges, BadMergesAreRefusedAndChangeNothing) {
  using Code = Status::Code;
  auto refused = [&](const Status& s, Code code, const std::string& reason) {
    EXPECT_EQ(s.code(), code) << s.ToString();
    EXPECT_EQ(s.reason(), reason) << s.ToString();
  };
  std::string guardian = People()[first_].guardian_id;
  refused(storage_->MergePeople(first_, first_, "", "s"), Code::kInvalidArgument, "merge_itself");
  refused(storage_->MergePeople("nobody", first_, "", "s"), Code::kNotFound, "unknown_person");
  refused(storage_->MergePeople(first_, "nobody", "", "s"), Code::kNotFound, "unknown_person");
  refused(storage_->MergePeople(first_, guardian, "", "s"), Code::kInvalidArgument, "merge_across_roles");
  refused(storage_->MergePeople(first_, second_, std::string(501, 'x'), "s"), Code::kInvalidArgument,
          "bad_reason");
  refused(storage_->UndoMerge(first_, "s"), Code::kNotFound, "not_merged");
  ASSERT_TRUE(storage_->MergePeople(second_, first_, "", "s").ok());
  refused(storage_->MergePeople(second_, other_, "", "s"), Code::kConflict, "already_merged");
  refused(storage_->MergePeople(other_, second_, "", "s"), Code::kConflict, "already_merged");
  refused(storage_->MergePeople(first_, other_, "", "s"), Code::kConflict, "has_merged");
  std::map<std::string, hub::PersonRow> people = People();
  EXPECT_EQ(people[first_].merged_into, "");
  EXPECT_EQ(people[other_].merged_into, "");
  EXPECT_EQ(people[second_].merged_into, first_);
}

}  // namespace
}  // namespace stem::test
