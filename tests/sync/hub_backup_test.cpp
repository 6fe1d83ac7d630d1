// stem-hub backup: a consistent copy of the hub database taken while the hub serves and a
// kiosk uploads, restorable by copying it back; refusals leave no file behind.
#include <filesystem>
#include <thread>

#include "tests/sync/sync_fixture.h"

namespace stem::test {
namespace {

// Every record in the copy is the kiosk's, byte for byte, and each device's acknowledged
// sequence matches the records the copy holds: a torn copy would break one of these.
void ExpectConsistentCopy(const std::string& backup, const std::string& kiosk) {
  std::map<RecordKey, RecordValue> kiosk_records = KioskRecords(kiosk);
  std::map<RecordKey, RecordValue> copy = HubRecords(backup);
  for (const auto& [key, value] : copy) {
    auto it = kiosk_records.find(key);
    ASSERT_NE(it, kiosk_records.end()) << key.second;
    EXPECT_TRUE(it->second == value) << key.second;
  }
  RawDb raw(backup, SQLITE_OPEN_READONLY);
  int64_t acked = raw.Int("SELECT coalesce(max(acked_through), 0) FROM progress");
  EXPECT_EQ(acked, static_cast<int64_t>(copy.size()));
  EXPECT_EQ(raw.Text("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(raw.Text("PRAGMA journal_mode"), "delete");
}

TEST(HubBackup, CopiesWhileServingAndUploadingAndRestores) {
  TempDir dir;
  HubProcess hub(dir.File("hub.db"));
  ASSERT_GT(hub.Start(), 0);
  std::string kiosk = MakeKiosk(dir, "k1", 240);
  std::string out, err;
  ASSERT_EQ(Kioskctl(kiosk, {"enroll", hub.url(), hub.AddDevice("Desk")}, &out, &err), 0) << err;

  // Upload in many small batches (one transaction each) while backups are taken.
  std::thread upload([&] {
    std::string o, e;
    EXPECT_EQ(Kioskctl(kiosk, {"sync", "--batch-records", "3"}, &o, &e), 0) << e;
  });
  std::vector<std::string> copies;
  for (int i = 0; i < 4; ++i) {
    std::string copy = dir.File("copy" + std::to_string(i) + ".db");
    ASSERT_EQ(hub.Admin({"backup", copy}, &out, &err), 0) << err;
    copies.push_back(copy);
  }
  upload.join();
  for (const std::string& copy : copies) {
    ExpectConsistentCopy(copy, kiosk);
    // One self-contained file: no write-ahead log beside it.
    EXPECT_FALSE(Exists(copy + "-wal"));
    EXPECT_FALSE(Exists(copy + ".partial"));
  }

  // A quiet hub's copy exports exactly what the hub exports.
  std::string final_copy = dir.File("final.db");
  ASSERT_EQ(hub.Admin({"backup", final_copy}, &out, &err), 0) << err;
  EXPECT_EQ(out, "backed up to " + final_copy + "\n");
  std::string live_export, copy_export;
  ASSERT_EQ(hub.Admin({"export", "--format", "json"}, &live_export, &err), 0) << err;
  ASSERT_EQ(RunProcess({STEM_HUB_PATH, "export", "--format", "json", "--db", final_copy},
                       &copy_export, &err), 0) << err;
  EXPECT_EQ(copy_export, live_export);
  EXPECT_EQ(HubRecords(final_copy).size(), 240u);

  // Restore an earlier copy: stop, copy back, start. The kiosk sends what the copy lacks,
  // and every record is there once.
  ASSERT_EQ(hub.Kill(SIGTERM), 0);
  std::error_code ec;
  for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(hub.db() + suffix, ec);
  std::filesystem::copy_file(copies.front(), hub.db(),
                             std::filesystem::copy_options::overwrite_existing, ec);
  ASSERT_FALSE(ec) << ec.message();
  int port = hub.port();
  ASSERT_EQ(hub.Start(port), port);
  ASSERT_EQ(Kioskctl(kiosk, {"sync"}, &out, &err), 0) << err;
  ExpectExactlyOnce(hub.db(), {kiosk});
}

TEST(HubBackup, RefusesAnExistingFileANonHubFileAndUsageMistakes) {
  TempDir dir;
  std::string db = dir.File("hub.db");
  std::string out, err;
  ASSERT_EQ(RunProcess({STEM_HUB_PATH, "device", "add", "Desk", "--db", db}, &out, &err), 0);
  WriteBytes(dir.File("keep.db"), "an older backup that must not be overwritten");
  WriteBytes(dir.File("notes.txt"), "not a database at all, just some words in a text file......");
  struct Case {
    std::vector<std::string> args;
    int code;
    const char* message;
  };
  std::vector<Case> cases = {
      {{"backup", "--db", db}, 2, "backup OUT.db"},
      {{"backup", dir.File("a.db"), dir.File("b.db"), "--db", db}, 2, "backup OUT.db"},
      {{"backup", dir.File("keep.db"), "--db", db}, 1, "already exists"},
      {{"backup", db, "--db", db}, 1, "already exists"},
      {{"backup", dir.File("x.db"), "--db", dir.File("notes.txt")}, 1, "not a hub database"},
      {{"backup", dir.File("y.db"), "--db", dir.File("missing.db")}, 1, ""},
      {{"backup", dir.File("nowhere/z.db"), "--db", db}, 1, ""},
  };
  for (const Case& c : cases) {
    std::vector<std::string> argv = {STEM_HUB_PATH};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    EXPECT_EQ(RunProcess(argv, &out, &err), c.code) << c.args[1] << " " << err;
    EXPECT_NE(err.find(c.message), std::string::npos) << c.args[1] << ": " << err;
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  }
  EXPECT_EQ(ReadBytes(dir.File("keep.db")), "an older backup that must not be overwritten");
  for (const char* f : {"a.db", "x.db", "y.db", "missing.db", "x.db.partial", "nowhere"}) {
    EXPECT_FALSE(Exists(dir.File(f))) << f;
  }
}

}  // namespace
}  // namespace stem::test
