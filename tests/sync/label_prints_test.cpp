// The labels kiosks printed reach the hub's read model from their "label_printed" audit
// records: the person page lists them newest first, the exports oldest first (by event too),
// odd records stay in the records alone, and a hub from before them (schema 9) fills them in
// from the records it already holds when it opens.
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

sync::BatchRecord Printed(int64_t seq, const std::string& person, const nlohmann::json& detail,
                          const std::string& event = "ev1") {
  return {seq, RecordId(seq), "audit", event, person, "",
          "2026-06-01T15:00:0" + std::to_string(seq % 10) + ".000Z",
          nlohmann::json{{"action", "label_printed"}, {"detail", detail}}.dump()};
}

class LabelPrints : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void Open() {
    storage_.reset();
    auto s = hub::SqlHubStorage::Open(location_, true);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    storage_ = std::move(s).value();
  }
  void Ingest(std::vector<sync::BatchRecord> records) {
    Result<sync::Batch> batch = sync::MakeBatch("dev-a", std::move(records));
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    Result<sync::Ack> ack = storage_->IngestBatch(*batch);
    ASSERT_TRUE(ack.ok()) << ack.status().ToString();
  }
  void IngestTheDesksPrints() {
    Ingest({
        Printed(1, "p1", {{"label", "badge"}, {"reprint", false}, {"printer", "QL-800"},
                          {"outcome", "sent"}, {"volunteer", "Dana"}}),
        Printed(2, "p1", {{"label", "stub"}, {"reprint", false}, {"printer", "QL-800"},
                          {"outcome", "paused"}}),
        Printed(3, "p1", {{"label", "stub"}, {"reprint", true}, {"reason", "not printed: paused"},
                          {"printer", "QL-800"}, {"outcome", "sent"}}),
        Printed(4, "p2", {{"label", "badge"}, {"outcome", "sent"}}, "ev2"),
        // Odd ones: kept as records, not as prints.
        Printed(5, "", {{"label", "badge"}, {"outcome", "sent"}}),
        Printed(6, "p1", {{"label", "poster"}, {"outcome", "sent"}}),
        Printed(7, "p1", {{"label", "badge"}, {"outcome", std::string(41, 'x')}}),
        Printed(8, "p1", {{"label", "badge"}}),
    });
  }
  std::vector<hub::LabelPrint> Exported(const std::string& event = "") {
    std::vector<hub::LabelPrint> out;
    hub::ExportFilter f;
    f.event_id = event;
    Status s = storage_->ForEachLabelPrint(f, [&](const hub::LabelPrint& l) {
      out.push_back(l);
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  TempDir dir_;
  std::string location_ = HubLocation(dir_.File("hub.db"));  // a file, or PostgreSQL
  std::unique_ptr<hub::SqlHubStorage> storage_;
};

TEST_F(LabelPrints, ReachThePersonPageAndTheExportsAndOddOnesStayRecords) {
  IngestTheDesksPrints();
  std::vector<hub::LabelPrint> all = Exported();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].label, "badge");
  EXPECT_EQ(all[0].volunteer, "Dana");
  EXPECT_EQ(all[0].device_id, "dev-a");
  EXPECT_EQ(all[0].printed_at, "2026-06-01T15:00:01.000Z");
  EXPECT_EQ(all[1].outcome, "paused");
  EXPECT_TRUE(all[2].reprint);
  EXPECT_EQ(all[2].reason, "not printed: paused");
  ASSERT_EQ(Exported("ev2").size(), 1u);
  EXPECT_EQ(Exported("ev2")[0].person_id, "p2");
  // The same batch again adds nothing.
  IngestTheDesksPrints();
  EXPECT_EQ(Exported().size(), 4u);
}

// SQLite only (CTest's PostgreSQL run leaves it out: PostgreSQL hubs start at its schema).
TEST_F(LabelPrints, AreFilledInWhenAHubFromBeforeThemOpens) {
  IngestTheDesksPrints();
  storage_.reset();
  {
    Result<sql::Connection> db = sql::Connection::Open(dir_.File("hub.db"), sql::Connection::Mode::kReadWrite);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("DROP TABLE label_prints; PRAGMA user_version = 9;").ok());
  }
  ASSERT_NO_FATAL_FAILURE(Open());
  EXPECT_EQ(Exported().size(), 4u);
}

}  // namespace
}  // namespace stem::test
