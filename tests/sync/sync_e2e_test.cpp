// End to end: real stem-hub processes on loopback, real kiosk store files, kioskctl as a real
// process. After every scenario each record saved on any kiosk is at the hub exactly once,
// byte for byte, and nothing else is there.
#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/sync/fault_proxy.h"
#include "tests/sync/sync_fixture.h"

namespace stem::test {
namespace {

class SyncE2E : public ::testing::Test {
 protected:
  std::string Enroll(const HubProcess& hub, const std::string& kiosk, const std::string& name,
                     const std::string& url = "") {
    std::string code = hub.AddDevice(name);
    std::string out, err;
    EXPECT_EQ(Kioskctl(kiosk, {"enroll", url.empty() ? hub.url() : url, code}, &out, &err), 0) << err;
    return code;
  }
  int Sync(const std::string& kiosk, std::string* out = nullptr, std::string* err = nullptr,
           std::vector<std::string> extra = {}) {
    std::map<std::string, std::string> options = {
        {"--backoff-ms", "20"}, {"--attempts", "12"}, {"--timeout-ms", "5000"}};
    for (size_t i = 0; i + 1 < extra.size(); i += 2) options[extra[i]] = extra[i + 1];
    std::vector<std::string> args = {"sync"};
    for (const auto& [k, v] : options) {
      args.push_back(k);
      args.push_back(v);
    }
    std::string o, e;
    int rc = Kioskctl(kiosk, args, &o, &e);
    if (out) *out = o;
    if (err) *err = e;
    return rc;
  }
  TempDir dir_;
};

TEST_F(SyncE2E, TwoKiosksEachRecordExactlyOnceThenExport) {
  HubProcess hub(dir_.File("hub.db"));
  ASSERT_GT(hub.Start(), 0);
  std::string k1 = MakeKiosk(dir_, "k1", 230);
  std::string k2 = MakeKiosk(dir_, "k2", 40);
  Enroll(hub, k1, "Front desk");
  Enroll(hub, k2, "Self service");
  std::string out, err;
  ASSERT_EQ(Sync(k1, &out, &err, {"--batch-records", "100"}), 0) << err;
  EXPECT_NE(out.find("230 stored"), std::string::npos) << out;
  ASSERT_EQ(Sync(k2, &out, &err), 0) << err;
  EXPECT_EQ(Waiting(k1), 0);
  EXPECT_EQ(Waiting(k2), 0);
  ExpectExactlyOnce(hub.db(), {k1, k2});

  // A second pass finds nothing to send.
  ASSERT_EQ(Sync(k1, &out, &err), 0) << err;
  EXPECT_NE(out.find("Sent 0 batches"), std::string::npos) << out;

  // The export holds every record once, with its payload verbatim.
  std::string json_path = dir_.File("export.json");
  ASSERT_EQ(hub.Admin({"export", "--format", "json", "--out", json_path}, &out, &err), 0) << err;
  nlohmann::json exported = nlohmann::json::parse(ReadBytes(json_path));
  ASSERT_EQ(exported.size(), 270u);
  std::map<RecordKey, RecordValue> kiosk = KioskRecords(k1);
  kiosk.merge(KioskRecords(k2));
  std::set<RecordKey> seen;
  for (const auto& row : exported) {
    RecordKey key{row["device_id"].get<std::string>(), row["seq"].get<int64_t>()};
    EXPECT_TRUE(seen.insert(key).second);
    ASSERT_EQ(kiosk.count(key), 1u);
    EXPECT_EQ(row["id"], std::get<0>(kiosk[key]));
    EXPECT_EQ(row["payload"], nlohmann::json::parse(std::get<6>(kiosk[key])));
    EXPECT_NE(ReadBytes(json_path).find(std::get<6>(kiosk[key])), std::string::npos);
  }
  std::string csv_dir = dir_.File("export");
  ASSERT_EQ(hub.Admin({"export", "--format", "csv", "--out", csv_dir}, &out, &err), 0) << err;
  EXPECT_TRUE(Exists(csv_dir + "/people.csv"));
  EXPECT_TRUE(Exists(csv_dir + "/attendance.csv"));
  ASSERT_EQ(hub.Admin({"device", "list"}, &out, &err), 0);
  EXPECT_NE(out.find("Front desk"), std::string::npos);
  EXPECT_NE(out.find("acked=230"), std::string::npos) << out;
}

TEST_F(SyncE2E, SeveralKiosksSyncingAtOnceEachGetEverythingThereOnce) {
  HubProcess hub(dir_.File("hub.db"));
  ASSERT_GT(hub.Start(), 0);
  std::vector<std::string> kiosks;
  for (int i = 0; i < 4; ++i) {
    kiosks.push_back(MakeKiosk(dir_, "k" + std::to_string(i), 120));
    Enroll(hub, kiosks.back(), "Kiosk " + std::to_string(i));
  }
  std::vector<int> rc(kiosks.size(), -1);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < kiosks.size(); ++i) {
    threads.emplace_back([&, i] { rc[i] = Sync(kiosks[i], nullptr, nullptr, {"--batch-records", "20"}); });
  }
  for (std::thread& t : threads) t.join();
  for (size_t i = 0; i < kiosks.size(); ++i) {
    EXPECT_EQ(rc[i], 0) << i;
    EXPECT_EQ(Waiting(kiosks[i]), 0) << i;
  }
  ExpectExactlyOnce(hub.db(), kiosks);
}

TEST_F(SyncE2E, DroppedResetDelayedReplayedAndRefusedRequestsStillGiveExactlyOnce) {
  HubProcess hub(dir_.File("hub.db"));
  ASSERT_GT(hub.Start(), 0);
  FaultProxy proxy(hub.port());
  std::string k1 = MakeKiosk(dir_, "k1", 120);
  Enroll(hub, k1, "Front desk", proxy.url());
  proxy.Script({{FaultKind::kDrop},
                {FaultKind::kPass},
                {FaultKind::kResetMidBody},
                {FaultKind::kLoseResponse},  // stored at the hub, ack lost
                {FaultKind::kStatus, 500},
                {FaultKind::kStatus, 503, "1"},
                {FaultKind::kStatus, 429, "0"},
                {FaultKind::kCaptivePortal},
                {FaultKind::kReplay},
                {FaultKind::kDelay, 0, "", std::chrono::milliseconds(300)},
                {FaultKind::kLoseResponse},
                {FaultKind::kReplay}});
  std::string out, err;
  ASSERT_EQ(Sync(k1, &out, &err, {"--batch-records", "25"}), 0) << err;
  EXPECT_EQ(proxy.remaining(), 0u);
  EXPECT_EQ(Waiting(k1), 0);
  ExpectExactlyOnce(hub.db(), {k1});
}

TEST_F(SyncE2E, HubKilledMidIngestAndRestartedLosesNothingAndDuplicatesNothing) {
  HubProcess hub(dir_.File("hub.db"), {"--ingest-delay-ms", "400"});
  ASSERT_GT(hub.Start(), 0);
  std::string k1 = MakeKiosk(dir_, "k1", 90);
  Enroll(hub, k1, "Front desk");
  int port = hub.port();
  int rc = -1;
  std::string err;
  std::thread sync([&] { rc = Sync(k1, nullptr, &err, {"--batch-records", "30", "--backoff-ms", "150"}); });
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  EXPECT_EQ(hub.Kill(SIGKILL), 128 + SIGKILL);
  // Killed with a batch half written: only whole batches are there.
  size_t held = HubRecords(hub.db()).size();
  EXPECT_EQ(held % 30, 0u) << held;
  EXPECT_LT(held, 90u);
  ASSERT_EQ(hub.Start(port), port);
  sync.join();
  EXPECT_EQ(rc, 0) << err;
  EXPECT_EQ(Waiting(k1), 0);
  ExpectExactlyOnce(hub.db(), {k1});
  if (!HubOnPostgres()) {
    RawDb raw(hub.db());
    EXPECT_EQ(raw.Text("PRAGMA integrity_check"), "ok");
  }
}

TEST_F(SyncE2E, HubRestoredFromAnOlderBackupGetsTheMissingRecordsAgain) {
  HubProcess hub(dir_.File("hub.db"));
  ASSERT_GT(hub.Start(), 0);
  int port = hub.port();
  std::string k1 = MakeKiosk(dir_, "k1", 30);
  Enroll(hub, k1, "Front desk");
  ASSERT_EQ(Sync(k1), 0);
  ASSERT_EQ(hub.Kill(SIGTERM), 0);
  // A copy of the stopped hub's file; on PostgreSQL, pg_dump's archive of its database.
  std::string backup = dir_.File("backup.db");
  PgCluster* pg = HubOnPostgres() ? PgCluster::Get() : nullptr;
  if (pg) {
    std::string err;
    ASSERT_EQ(RunProcess({pg->bin() + "/pg_dump", "-Fc", "-f", backup, "-d", hub.db()}, nullptr, &err), 0) << err;
  } else {
    std::filesystem::copy_file(hub.db(), backup);
  }
  ASSERT_GT(hub.Start(port), 0);
  {
    Result<Store> store = Store::Open(k1);
    ASSERT_TRUE(store.ok());
    for (int i = 0; i < 20; ++i) {
      ASSERT_TRUE(store->Audit("test_note", {{"i", i}}).ok());
    }
  }
  ASSERT_EQ(Sync(k1), 0);
  ASSERT_EQ(hub.Kill(SIGTERM), 0);
  // The hub's disk is lost; it comes back from the backup holding only the first 30.
  if (pg) {
    std::string err;
    ASSERT_EQ(RunProcess({pg->bin() + "/pg_restore", "--clean", "--if-exists", "-d", hub.db(), backup},
                         nullptr, &err), 0) << err;
  } else {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(hub.db() + suffix);
    std::filesystem::copy_file(backup, hub.db());
  }
  ASSERT_GT(hub.Start(port), 0);
  EXPECT_EQ(HubRecords(hub.db()).size(), 30u);
  std::string out, err;
  ASSERT_EQ(Sync(k1, &out, &err), 0) << err;
  EXPECT_NE(out.find("20 sent again"), std::string::npos) << out;
  ExpectExactlyOnce(hub.db(), {k1});
}

TEST_F(SyncE2E, ARejectedRecordIsQuarantinedAndTheRestGoThrough) {
  HubProcess hub(dir_.File("hub.db"));
  ASSERT_GT(hub.Start(), 0);
  std::string k1 = MakeKiosk(dir_, "k1", 10);
  {
    // A record the hub refuses (its payload is not an object), saved between valid ones.
    RawDb raw(k1);
    raw.MustExec(
        "INSERT INTO records(seq, id, device_id, type, created_at, payload) SELECT next_seq, "
        "'0192f0c1-7a3b-7c4d-8e5f-0123456789ab', device_id, 'audit', "
        "'2026-11-22T12:00:00.000Z', '[1,2,3]' FROM device;"
        "INSERT INTO outbox(seq, enqueued_at) SELECT next_seq, 'now' FROM device;"
        "UPDATE device SET next_seq = next_seq + 1;");
  }
  {
    Result<Store> store = Store::Open(k1);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(store->Audit("after_bad", {}).ok());
  }
  Enroll(hub, k1, "Front desk");
  std::string out, err;
  ASSERT_EQ(Sync(k1, &out, &err), 0) << err;
  EXPECT_NE(out.find("11 stored"), std::string::npos) << out;
  EXPECT_NE(out.find("1 rejected"), std::string::npos) << out;
  EXPECT_EQ(Waiting(k1), 0);
  ASSERT_EQ(Kioskctl(k1, {"sync", "status"}, &out, &err), 0);
  EXPECT_NE(out.find("Quarantined:  1 records"), std::string::npos) << out;
  EXPECT_NE(out.find("bad_payload"), std::string::npos) << out;
  EXPECT_EQ(HubCount(hub.db(), "records"), 11);
  EXPECT_EQ(HubCount(hub.db(), "rejections"), 1);
  ASSERT_EQ(hub.Admin({"device", "list"}, &out, &err), 0);
  EXPECT_NE(out.find("acked=12"), std::string::npos) << out;
}

TEST_F(SyncE2E, RevokedDeviceIsStoppedAndKeepsItsData) {
  HubProcess hub(dir_.File("hub.db"));
  ASSERT_GT(hub.Start(), 0);
  std::string k1 = MakeKiosk(dir_, "k1", 5);
  Enroll(hub, k1, "Front desk");
  ASSERT_EQ(Sync(k1), 0);
  ASSERT_EQ(hub.Admin({"device", "revoke", "Front desk"}), 0);
  { ASSERT_TRUE(Store::Open(k1)->Audit("later", {}).ok()); }
  std::string out, err;
  EXPECT_EQ(Sync(k1, &out, &err), 1);
  EXPECT_NE(err.find("refused this kiosk's token"), std::string::npos) << err;
  EXPECT_EQ(Waiting(k1), 1);
  EXPECT_EQ(HubCount(hub.db(), "records"), 5);
  // A used code cannot enroll again.
  std::string code = hub.AddDevice("Other");
  ASSERT_EQ(Kioskctl(dir_.File("k1.db"), {"enroll", hub.url(), "WRONG-CODE1"}, &out, &err), 1);
  EXPECT_NE(err.find("does not know this code"), std::string::npos) << err;
}

TEST_F(SyncE2E, TooLargeAnswersHalveTheBatchUntilItFits) {
  HubProcess hub(dir_.File("hub.db"), {"--max-batch-bytes", "1024"});
  ASSERT_GT(hub.Start(), 0);
  std::string k1 = MakeKiosk(dir_, "k1", 60);
  Enroll(hub, k1, "Front desk");
  std::string out, err;
  ASSERT_EQ(Sync(k1, &out, &err), 0) << err;
  EXPECT_EQ(Waiting(k1), 0);
  ExpectExactlyOnce(hub.db(), {k1});
  EXPECT_NE(ReadBytes(hub.log_path()).find(" 413 "), std::string::npos);
}

TEST_F(SyncE2E, BatchFilesCarriedOnAUsbStickAreImportedOnce) {
  std::string k1 = MakeKiosk(dir_, "k1", 300);
  std::filesystem::create_directory(dir_.File("usb"));
  std::string out, err;
  ASSERT_EQ(Kioskctl(k1, {"export-batches", dir_.File("usb")}, &out, &err), 0) << err;
  EXPECT_NE(out.find("300 records in 2 batch files"), std::string::npos) << out;
  HubProcess hub(dir_.File("hub.db"));
  ASSERT_EQ(hub.Admin({"import", dir_.File("usb")}, &out, &err), 0) << err;
  EXPECT_NE(out.find("300 stored"), std::string::npos) << out;
  ASSERT_EQ(hub.Admin({"import", dir_.File("usb")}, &out, &err), 0) << err;
  EXPECT_NE(out.find("0 stored, 300 duplicate"), std::string::npos) << out;
  ExpectExactlyOnce(hub.db(), {k1});
  // A damaged file is refused and stores nothing more.
  for (const auto& f : std::filesystem::directory_iterator(dir_.File("usb"))) {
    std::string bytes = ReadBytes(f.path().string());
    bytes[bytes.size() / 2] ^= 1;
    WriteBytes(f.path().string(), bytes);
  }
  EXPECT_EQ(hub.Admin({"import", dir_.File("usb")}, &out, &err), 1);
  EXPECT_NE(out.find("does not match its content hash"), std::string::npos) << out;
  EXPECT_EQ(HubCount(hub.db(), "records"), 300);
}

}  // namespace
}  // namespace stem::test
