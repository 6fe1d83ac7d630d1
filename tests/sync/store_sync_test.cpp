// The store's side of sync on real store files: outbox pages, acks, quarantine, re-queue.
#include "tests/sync/sync_fixture.h"

namespace stem::test {
namespace {

class StoreSync : public StoreFixture {};

TEST_F(StoreSync, OutboxPagesAreContiguousAndBounded) {
  std::string path = MakeKiosk(dir_, "k", 10);
  Result<Store> store = Store::Open(path);
  ASSERT_TRUE(store.ok());
  Result<std::vector<StoredRecord>> page = store->OutboxPage(0, 4, 1 << 20);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 4u);
  EXPECT_EQ(page->front().seq, 1);
  EXPECT_EQ(page->back().seq, 4);
  // A byte budget smaller than one record still gives one record.
  EXPECT_EQ(store->OutboxPage(0, 100, 1)->size(), 1u);
  EXPECT_EQ(store->OutboxPage(7, 100, 1 << 20)->size(), 3u);
  STEM_ASSERT_OK(store->ApplyAck(6, {}));
  Result<std::vector<StoredRecord>> rest = store->OutboxPage(0, 100, 1 << 20);
  ASSERT_EQ(rest->size(), 4u);
  EXPECT_EQ(rest->front().seq, 7);
  EXPECT_EQ(store->GetSyncSettings()->acked_through, 6);
}

TEST_F(StoreSync, RejectedRecordsAreQuarantinedAndLeaveTheQueue) {
  std::string path = MakeKiosk(dir_, "k", 5);
  Result<Store> store = Store::Open(path);
  STEM_ASSERT_OK(store->ApplyAck(5, {{3, "", "", "bad_payload", ""}, {99, "", "", "x", ""}}));
  Result<std::vector<QuarantinedRecord>> q = store->ListQuarantine();
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->size(), 1u);  // seq 99 does not exist here: ignored
  EXPECT_EQ(q->front().seq, 3);
  EXPECT_EQ(q->front().reason, "bad_payload");
  EXPECT_FALSE(q->front().record_id.empty());
  EXPECT_EQ(OutboxDepth(*store), 0);
  EXPECT_TRUE(store->Summary()->last_sync_at.has_value());
}

TEST_F(StoreSync, RequeueAfterARestoredHubPutsRecordsBackInOrder) {
  std::string path = MakeKiosk(dir_, "k", 8);
  Result<Store> store = Store::Open(path);
  STEM_ASSERT_OK(store->ApplyAck(8, {{7, "", "", "bad_payload", ""}}));
  Result<int64_t> n = store->RequeueAfter(5);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 3);
  EXPECT_EQ(OutboxDepth(*store), 3);
  EXPECT_EQ(store->OutboxPage(0, 10, 1 << 20)->front().seq, 6);
  EXPECT_TRUE(store->ListQuarantine()->empty());
  EXPECT_EQ(store->GetSyncSettings()->acked_through, 5);
  EXPECT_TRUE(HasCode(store->RequeueAfter(-1), Status::Code::kInvalidArgument));
}

TEST_F(StoreSync, PurgeKeepsQuarantinedRecords) {
  std::string path = MakeKiosk(dir_, "k", 6);
  {
    Result<Store> store = Store::Open(path);
    ASSERT_TRUE(store.ok());
    // The hub answered everything; it rejected seq 2 and 5, so it holds no copy of them.
    STEM_ASSERT_OK(store->ApplyAck(6, {{2, "", "", "bad_payload", ""}, {5, "", "", "bad_id", ""}}));
  }
  // Forty days later, retention (30 days) runs on the same file.
  FakeClock later(std::chrono::system_clock::now() + std::chrono::hours(24 * 40));
  StoreOptions options;
  options.clock = &later;
  Result<Store> store = Store::Open(path, options);
  ASSERT_TRUE(store.ok());
  Result<int64_t> purged = store->Purge(30);
  ASSERT_TRUE(purged.ok()) << purged.status().ToString();
  EXPECT_EQ(*purged, 4);
  std::vector<int64_t> left;
  STEM_ASSERT_OK(store->ForEachRecord([&](const StoredRecord& r) {
    if (r.type != "audit") left.push_back(r.seq);
  }));
  EXPECT_EQ(left, (std::vector<int64_t>{2, 5}));
  Result<std::vector<QuarantinedRecord>> q = store->ListQuarantine();
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->size(), 2u);
  EXPECT_EQ(q->front().reason, "bad_payload");
  // A second purge finds nothing more to delete and keeps them still.
  Result<int64_t> again = store->Purge(0);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  EXPECT_EQ(store->ListQuarantine()->size(), 2u);
}

TEST_F(StoreSync, EnrollmentIsValidatedAndSaved) {
  std::string path = MakeKiosk(dir_, "k", 0);
  Result<Store> store = Store::Open(path);
  EXPECT_FALSE(store->GetSyncSettings()->enrolled());
  SyncSettings s;
  s.hub_url = "ftp://hub";
  s.device_token = "t";
  EXPECT_TRUE(HasStatus(store->SetSyncEnrollment(s), Status::Code::kInvalidArgument, "invalid_hub_url"));
  s.hub_url = "https://hub.example.org";
  s.device_token = "";
  EXPECT_TRUE(HasStatus(store->SetSyncEnrollment(s), Status::Code::kInvalidArgument, "invalid_token"));
  s.device_token = std::string(64, 'a');
  s.device_name = "Front desk";
  STEM_ASSERT_OK(store->SetSyncEnrollment(s));
  Result<SyncSettings> back = store->GetSyncSettings();
  EXPECT_TRUE(back->enrolled());
  EXPECT_EQ(back->device_name, "Front desk");
}

}  // namespace
}  // namespace stem::test
