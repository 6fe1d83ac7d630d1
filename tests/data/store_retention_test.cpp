// Retention: only records the hub acknowledged, and older than the retention period, leave
// the kiosk; every purge is audited; the sequence never goes backwards.
#include <climits>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/data/store_fixture.h"

namespace stem::test {
namespace {

using Code = Status::Code;
using nlohmann::json;

std::vector<int64_t> Seqs(Store& store) {
  std::vector<int64_t> out;
  for (const StoredRecord& r : AllRecords(store)) out.push_back(r.seq);
  return out;
}

class StoreRetention : public StoreFixture {
 protected:
  void SetUp() override {
    path_ = dir_.File("kiosk.db");
    Result<Store> store = Store::Create(path_, Options());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_.emplace(std::move(store).value());
  }

  // One audit record per day, starting today: seq 1..n, record i created i days from now.
  void OneRecordPerDay(int n) {
    for (int i = 0; i < n; ++i) {
      if (i > 0) clock_.Advance(kDay);
      Result<RecordRef> r = store_->Audit("daily", {{"day", i}});
      ASSERT_TRUE(r.ok()) << r.status().ToString();
    }
  }

  std::string path_;
  std::optional<Store> store_;
};

TEST_F(StoreRetention, PurgeDeletesOnlyAcknowledgedRecordsOlderThanTheCutoff) {
  const TimePoint start = clock_.Now();
  OneRecordPerDay(10);                   // seq 1..10, created start + 0..9 days
  STEM_ASSERT_OK(store_->MarkAcked(7));  // seq 1..7 reached the hub
  clock_.Set(start + 10 * kDay);

  // Cutoff start + 5 days: seq 1..5 are older; seq 6 was created exactly at the cutoff.
  STEM_ASSERT_OK_AND_ASSIGN(int64_t purged, store_->Purge(5));
  EXPECT_EQ(purged, 5);
  EXPECT_EQ(Seqs(*store_), (std::vector<int64_t>{6, 7, 8, 9, 10, 11}));

  std::vector<StoredRecord> records = AllRecords(*store_);
  const StoredRecord& audit = records.back();
  EXPECT_EQ(audit.type, "audit");
  EXPECT_FALSE(audit.acked) << "the purge's own record still has to reach the hub";
  EXPECT_EQ(audit.created_at, FormatUtc(clock_.Now()));
  json payload = json::parse(audit.payload);
  EXPECT_EQ(payload["action"], "purge");
  EXPECT_EQ(payload["detail"]["records"], 5);
  EXPECT_EQ(payload["detail"]["days"], 5);

  // Everything acknowledged goes at 0 days; the unacknowledged stay, however old.
  STEM_ASSERT_OK_AND_ASSIGN(purged, store_->Purge(0));
  EXPECT_EQ(purged, 2);
  EXPECT_EQ(Seqs(*store_), (std::vector<int64_t>{8, 9, 10, 11, 12}));
  for (const StoredRecord& r : AllRecords(*store_)) EXPECT_FALSE(r.acked) << r.seq;
  EXPECT_EQ(OutboxDepth(*store_), 5);
}

TEST_F(StoreRetention, TheCutoffIsExact) {
  STEM_ASSERT_OK(store_->Audit("one", json::object()));
  STEM_ASSERT_OK(store_->MarkAcked(1));
  clock_.Advance(30 * kDay);
  STEM_ASSERT_OK_AND_ASSIGN(int64_t purged, store_->Purge(30));
  EXPECT_EQ(purged, 0) << "exactly 30 days old is not older than 30 days";
  clock_.Advance(std::chrono::milliseconds(1));
  STEM_ASSERT_OK_AND_ASSIGN(purged, store_->Purge(30));
  EXPECT_EQ(purged, 1);
}

TEST_F(StoreRetention, NeverDeletesUnacknowledgedRecordsHoweverOld) {
  OneRecordPerDay(5);
  STEM_ASSERT_OK(store_->MarkAcked(0));
  clock_.Advance(1000 * kDay);
  const std::map<std::string, int64_t> before = TableCounts(path_);
  for (int days : {0, 1, 30, 3650}) {
    STEM_ASSERT_OK_AND_ASSIGN(int64_t purged, store_->Purge(days));
    EXPECT_EQ(purged, 0) << days;
  }
  EXPECT_EQ(TableCounts(path_), before) << "a purge that deletes nothing writes nothing";
  EXPECT_EQ(Seqs(*store_), (std::vector<int64_t>{1, 2, 3, 4, 5}));
}

TEST_F(StoreRetention, RecentAcknowledgedRecordsStay) {
  OneRecordPerDay(3);
  STEM_ASSERT_OK(store_->MarkAcked(3));
  STEM_ASSERT_OK_AND_ASSIGN(int64_t purged, store_->Purge(30));
  EXPECT_EQ(purged, 0);
  EXPECT_EQ(Seqs(*store_), (std::vector<int64_t>{1, 2, 3}));
  for (const StoredRecord& r : AllRecords(*store_)) EXPECT_TRUE(r.acked);
}

TEST_F(StoreRetention, PurgeRemovesProjectionsWithTheirRecords) {
  STEM_ASSERT_OK_AND_ASSIGN(Event camp, store_->CreateEvent(Camp()));
  STEM_ASSERT_OK(store_->ImportRoster(camp.id, GeneratedRoster(3)));
  STEM_ASSERT_OK_AND_ASSIGN(Person kid, store_->FindByConfirmationCode(camp.id, "C0001"));
  STEM_ASSERT_OK_AND_ASSIGN(CheckInResult in, store_->CheckIn({kid.id, "", std::nullopt, ""}));
  STEM_ASSERT_OK(store_->CheckOut({kid.id, "", in.pickup_code, std::nullopt, ""}));
  STEM_ASSERT_OK(store_->SubmitForm({"survey", 1, camp.id, kid.id, {{"q", 1}}, ""}));
  STEM_ASSERT_OK(store_->MarkAcked(100));
  clock_.Advance(31 * kDay);
  STEM_ASSERT_OK_AND_ASSIGN(int64_t purged, store_->Purge(30));
  EXPECT_EQ(purged, 5);  // the event's creation, the import, in, out and the survey
  RawDb raw(path_);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM records"), 1);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM outbox"), 1);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM checkins"), 0);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM checkouts"), 0);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM form_responses"), 0);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM people WHERE role = 'student'"), 3)
      << "the roster is not a record and stays";
  STEM_ASSERT_OK_AND_ASSIGN(std::string check, store_->IntegrityCheck());
  EXPECT_EQ(check, "ok");
}

TEST_F(StoreRetention, SequenceNeverGoesBackwards) {
  OneRecordPerDay(20);
  STEM_ASSERT_OK(store_->MarkAcked(20));
  clock_.Advance(2 * kDay);
  STEM_ASSERT_OK_AND_ASSIGN(int64_t purged, store_->Purge(0));
  EXPECT_EQ(purged, 20);
  EXPECT_EQ(Seqs(*store_), std::vector<int64_t>{21});  // the purge's audit record
  STEM_ASSERT_OK_AND_ASSIGN(RecordRef next, store_->Audit("after_purge", json::object()));
  EXPECT_EQ(next.seq, 22);

  // Purge everything, even the purge records (acknowledged, removed behind the store's back,
  // as a hub-driven cleanup might), then reopen: the sequence continues.
  STEM_ASSERT_OK(store_->MarkAcked(22));
  {
    RawDb raw(path_);
    raw.MustExec("PRAGMA foreign_keys = ON; DELETE FROM records;");
    EXPECT_EQ(raw.Int("SELECT count(*) FROM records"), 0);
    EXPECT_EQ(raw.Int("SELECT count(*) FROM outbox"), 0);
  }
  STEM_ASSERT_OK_AND_ASSIGN(next, store_->Audit("empty_log", json::object()));
  EXPECT_EQ(next.seq, 23);
  store_.reset();
  STEM_ASSERT_OK_AND_ASSIGN(Store reopened, Store::Open(path_, Options()));
  STEM_ASSERT_OK_AND_ASSIGN(next, reopened.Audit("after_reopen", json::object()));
  EXPECT_EQ(next.seq, 24);
  EXPECT_EQ(Seqs(reopened), (std::vector<int64_t>{23, 24}));
}

TEST_F(StoreRetention, InvalidPeriodsAreRefusedAndWriteNothing) {
  OneRecordPerDay(3);
  STEM_ASSERT_OK(store_->MarkAcked(3));
  clock_.Advance(10 * kDay);
  const std::map<std::string, int64_t> before = TableCounts(path_);
  for (int days : {-1, -30, 3651, INT_MIN, INT_MAX}) {
    EXPECT_TRUE(HasStatus(store_->Purge(days), Code::kInvalidArgument, "invalid_retention"))
        << days;
    EXPECT_TRUE(HasStatus(store_->SetRetentionDays(days), Code::kInvalidArgument,
                          "invalid_retention"))
        << days;
  }
  EXPECT_EQ(TableCounts(path_), before);
  STEM_ASSERT_OK_AND_ASSIGN(int64_t purged, store_->Purge(3650));
  EXPECT_EQ(purged, 0);
}

TEST_F(StoreRetention, RetentionDaysDefaultsTo30AndPersists) {
  STEM_ASSERT_OK_AND_ASSIGN(int days, store_->RetentionDays());
  EXPECT_EQ(days, 30);
  STEM_ASSERT_OK(store_->SetRetentionDays(7));
  STEM_ASSERT_OK(store_->SetRetentionDays(0));
  STEM_ASSERT_OK(store_->SetRetentionDays(3650));
  STEM_ASSERT_OK(store_->SetRetentionDays(7));
  store_.reset();
  STEM_ASSERT_OK_AND_ASSIGN(Store reopened, Store::Open(path_, Options()));
  STEM_ASSERT_OK_AND_ASSIGN(days, reopened.RetentionDays());
  EXPECT_EQ(days, 7);
}

TEST_F(StoreRetention, InMemoryStoresPurgeToo) {
  STEM_ASSERT_OK_AND_ASSIGN(Store memory, Store::CreateInMemory(Options()));
  STEM_ASSERT_OK(memory.Audit("a", json::object()));
  STEM_ASSERT_OK(memory.Audit("b", json::object()));
  STEM_ASSERT_OK(memory.MarkAcked(1));
  clock_.Advance(40 * kDay);
  STEM_ASSERT_OK_AND_ASSIGN(int64_t purged, memory.Purge(30));
  EXPECT_EQ(purged, 1);
  EXPECT_EQ(Seqs(memory), (std::vector<int64_t>{2, 3}));
}

}  // namespace
}  // namespace stem::test
