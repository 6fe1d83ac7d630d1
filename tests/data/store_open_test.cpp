// Opening, creating and migrating stores on real files; refusing files that are not ours
// without changing a byte of them.
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "data/store/schema.h"
#include "data/uuid.h"
#include "tests/data/store_fixture.h"

namespace stem::test {
namespace {

using Code = Status::Code;

// ---- A VFS shim that counts fsyncs, to see synchronous=FULL in action --------------------

struct SyncCounts {
  int wal = 0;
  int other = 0;
};
SyncCounts g_syncs;
sqlite3_vfs* g_real_vfs = nullptr;

struct ShimFile {
  sqlite3_file base;
  sqlite3_file* real;
  bool wal;
};

sqlite3_file* RealFile(sqlite3_file* f) { return reinterpret_cast<ShimFile*>(f)->real; }
const sqlite3_io_methods* RealIo(sqlite3_file* f) { return RealFile(f)->pMethods; }

int ShimClose(sqlite3_file* f) { return RealIo(f)->xClose(RealFile(f)); }
int ShimRead(sqlite3_file* f, void* buf, int n, sqlite3_int64 off) {
  return RealIo(f)->xRead(RealFile(f), buf, n, off);
}
int ShimWrite(sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
  return RealIo(f)->xWrite(RealFile(f), buf, n, off);
}
int ShimTruncate(sqlite3_file* f, sqlite3_int64 size) {
  return RealIo(f)->xTruncate(RealFile(f), size);
}
int ShimSync(sqlite3_file* f, int flags) {
  if (reinterpret_cast<ShimFile*>(f)->wal) {
    ++g_syncs.wal;
  } else {
    ++g_syncs.other;
  }
  return RealIo(f)->xSync(RealFile(f), flags);
}
int ShimFileSize(sqlite3_file* f, sqlite3_int64* size) {
  return RealIo(f)->xFileSize(RealFile(f), size);
}
int ShimLock(sqlite3_file* f, int level) { return RealIo(f)->xLock(RealFile(f), level); }
int ShimUnlock(sqlite3_file* f, int level) { return RealIo(f)->xUnlock(RealFile(f), level); }
int ShimCheckReservedLock(sqlite3_file* f, int* out) {
  return RealIo(f)->xCheckReservedLock(RealFile(f), out);
}
int ShimFileControl(sqlite3_file* f, int op, void* arg) {
  return RealIo(f)->xFileControl(RealFile(f), op, arg);
}
int ShimSectorSize(sqlite3_file* f) { return RealIo(f)->xSectorSize(RealFile(f)); }
int ShimDeviceCharacteristics(sqlite3_file* f) {
  return RealIo(f)->xDeviceCharacteristics(RealFile(f));
}
int ShimShmMap(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
  return RealIo(f)->xShmMap(RealFile(f), page, size, extend, out);
}
int ShimShmLock(sqlite3_file* f, int offset, int n, int flags) {
  return RealIo(f)->xShmLock(RealFile(f), offset, n, flags);
}
void ShimShmBarrier(sqlite3_file* f) { RealIo(f)->xShmBarrier(RealFile(f)); }
int ShimShmUnmap(sqlite3_file* f, int del) { return RealIo(f)->xShmUnmap(RealFile(f), del); }
int ShimFetch(sqlite3_file* f, sqlite3_int64 off, int n, void** out) {
  return RealIo(f)->xFetch(RealFile(f), off, n, out);
}
int ShimUnfetch(sqlite3_file* f, sqlite3_int64 off, void* p) {
  return RealIo(f)->xUnfetch(RealFile(f), off, p);
}

const sqlite3_io_methods kShimIo = {
    3,           ShimClose,     ShimRead,   ShimWrite,      ShimTruncate,
    ShimSync,    ShimFileSize,  ShimLock,   ShimUnlock,     ShimCheckReservedLock,
    ShimFileControl, ShimSectorSize, ShimDeviceCharacteristics, ShimShmMap, ShimShmLock,
    ShimShmBarrier, ShimShmUnmap, ShimFetch, ShimUnfetch};

int ShimOpen(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  auto* shim = reinterpret_cast<ShimFile*>(f);
  shim->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + sizeof(ShimFile));
  shim->wal = (flags & SQLITE_OPEN_WAL) != 0;
  int rc = g_real_vfs->xOpen(g_real_vfs, name, shim->real, flags, out_flags);
  // SQLite calls xClose whenever pMethods is set, even after a failed open: mirror the real file.
  shim->base.pMethods = shim->real->pMethods != nullptr ? &kShimIo : nullptr;
  return rc;
}
int ShimDelete(sqlite3_vfs*, const char* name, int sync) {
  return g_real_vfs->xDelete(g_real_vfs, name, sync);
}
int ShimAccess(sqlite3_vfs*, const char* name, int flags, int* out) {
  return g_real_vfs->xAccess(g_real_vfs, name, flags, out);
}
int ShimFullPathname(sqlite3_vfs*, const char* name, int n, char* out) {
  return g_real_vfs->xFullPathname(g_real_vfs, name, n, out);
}
void* ShimDlOpen(sqlite3_vfs*, const char* name) { return g_real_vfs->xDlOpen(g_real_vfs, name); }
void ShimDlError(sqlite3_vfs*, int n, char* out) { g_real_vfs->xDlError(g_real_vfs, n, out); }
void (*ShimDlSym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
  return g_real_vfs->xDlSym(g_real_vfs, handle, symbol);
}
void ShimDlClose(sqlite3_vfs*, void* handle) { g_real_vfs->xDlClose(g_real_vfs, handle); }
int ShimRandomness(sqlite3_vfs*, int n, char* out) {
  return g_real_vfs->xRandomness(g_real_vfs, n, out);
}
int ShimSleep(sqlite3_vfs*, int micros) { return g_real_vfs->xSleep(g_real_vfs, micros); }
int ShimCurrentTime(sqlite3_vfs*, double* out) {
  return g_real_vfs->xCurrentTime(g_real_vfs, out);
}
int ShimGetLastError(sqlite3_vfs*, int n, char* out) {
  return g_real_vfs->xGetLastError(g_real_vfs, n, out);
}
int ShimCurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* out) {
  return g_real_vfs->xCurrentTimeInt64(g_real_vfs, out);
}

// Registers the shim as the default VFS for its lifetime, so every connection opened
// meanwhile (the Store's included) has its fsyncs counted.
class SyncCountingVfs {
 public:
  SyncCountingVfs() {
    g_real_vfs = sqlite3_vfs_find(nullptr);
    vfs_ = sqlite3_vfs{};
    vfs_.iVersion = 2;
    vfs_.szOsFile = static_cast<int>(sizeof(ShimFile)) + g_real_vfs->szOsFile;
    vfs_.mxPathname = g_real_vfs->mxPathname;
    vfs_.zName = "stem-sync-counter";
    vfs_.xOpen = ShimOpen;
    vfs_.xDelete = ShimDelete;
    vfs_.xAccess = ShimAccess;
    vfs_.xFullPathname = ShimFullPathname;
    vfs_.xDlOpen = ShimDlOpen;
    vfs_.xDlError = ShimDlError;
    vfs_.xDlSym = ShimDlSym;
    vfs_.xDlClose = ShimDlClose;
    vfs_.xRandomness = ShimRandomness;
    vfs_.xSleep = ShimSleep;
    vfs_.xCurrentTime = ShimCurrentTime;
    vfs_.xGetLastError = ShimGetLastError;
    vfs_.xCurrentTimeInt64 = ShimCurrentTimeInt64;
    EXPECT_EQ(sqlite3_vfs_register(&vfs_, 1), SQLITE_OK);
    g_syncs = {};
  }
  ~SyncCountingVfs() { sqlite3_vfs_unregister(&vfs_); }
  SyncCountingVfs(const SyncCountingVfs&) = delete;
  SyncCountingVfs& operator=(const SyncCountingVfs&) = delete;

 private:
  sqlite3_vfs vfs_;
};

// ---- Files that are not kiosk stores --------------------------------------------------------

std::string RandomBytes(size_t n, uint64_t seed) {
  std::mt19937_64 gen(seed);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(gen() >> 56);
  return out;
}

// A store with enough data to span many pages, closed and fully checkpointed.
void MakeStoreWithData(const std::string& path) {
  {
    Result<Store> store = Store::Create(path);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    Result<Event> event = store->CreateEvent(Fair());
    ASSERT_TRUE(event.ok()) << event.status().ToString();
    STEM_ASSERT_OK(store->ImportRoster(event->id, GeneratedRoster(400)));
    for (int i = 0; i < 60; ++i) {
      FormSubmission f;
      f.form_id = "survey";
      f.event_id = event->id;
      f.answers = {{"comments", std::string(1500, static_cast<char>('a' + i % 26))}};
      STEM_ASSERT_OK(store->SubmitForm(f));
    }
  }
  RawDb raw(path);
  ASSERT_TRUE(raw.ok());
  raw.MustExec("PRAGMA wal_checkpoint(TRUNCATE)");
}

void OverwriteMiddlePages(const std::string& path) {
  const size_t page = 4096;
  size_t size = std::filesystem::file_size(path);
  size_t pages = size / page;
  ASSERT_GE(pages, 30u) << "the store is too small to have middle pages";
  std::fstream f(path, std::ios::binary | std::ios::in | std::ios::out);
  std::string garbage = RandomBytes(page * (pages / 3), 7);
  f.seekp(static_cast<std::streamoff>(page * (pages / 3)));
  f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  ASSERT_TRUE(f.good());
}

void MakeForeignDatabase(const std::string& path, const std::string& pragmas) {
  RawDb raw(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  ASSERT_TRUE(raw.ok());
  if (!pragmas.empty()) raw.MustExec(pragmas);
  raw.MustExec(
      "CREATE TABLE contacts(id INTEGER PRIMARY KEY, name TEXT, phone TEXT);"
      "CREATE TABLE records(seq INTEGER PRIMARY KEY, payload TEXT);"
      "INSERT INTO contacts(name, phone) VALUES ('Ana', '555-0100'), ('Ben', '555-0101');");
}

// A store as a later version of the software would leave it.
void MakeNewerStore(const std::string& path) {
  {
    Result<Store> store = Store::Create(path);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    STEM_ASSERT_OK(store->Audit("made_by_newer_version", nlohmann::json::object()));
  }
  RawDb raw(path);
  raw.MustExec("PRAGMA user_version = " + std::to_string(schema::LatestVersion() + 1));
}

struct RefusalCase {
  std::string name;
  std::function<void(const std::string&)> make;
  Code code;
  std::string reason;
  bool create_refuses_too;
};

std::vector<RefusalCase> RefusalCases() {
  return {
      {"random_bytes", [](const std::string& p) { WriteBytes(p, RandomBytes(65536, 1)); },
       Code::kNotAStore, "not_a_store", true},
      {"sqlite_magic_then_garbage",
       [](const std::string& p) {
         WriteBytes(p, std::string("SQLite format 3\0", 16) + RandomBytes(8192, 2));
       },
       Code::kNotAStore, "not_a_store", true},
      {"short_text", [](const std::string& p) { WriteBytes(p, "hello\n"); }, Code::kNotAStore,
       "not_a_store", true},
      {"roster_csv", [](const std::string& p) { WriteBytes(p, GeneratedRoster(200)); },
       Code::kNotAStore, "not_a_store", true},
      {"empty_file", [](const std::string& p) { WriteBytes(p, ""); }, Code::kNotAStore,
       "not_a_store", false},
      {"other_app_database", [](const std::string& p) { MakeForeignDatabase(p, ""); },
       Code::kNotAStore, "not_a_store", true},
      {"other_app_wal_database",
       [](const std::string& p) { MakeForeignDatabase(p, "PRAGMA journal_mode = WAL"); },
       Code::kNotAStore, "not_a_store", true},
      {"other_app_id_no_tables",
       [](const std::string& p) {
         RawDb raw(p, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
         raw.MustExec("PRAGMA application_id = 1234567");
       },
       Code::kNotAStore, "not_a_store", true},
      {"user_version_no_tables",
       [](const std::string& p) {
         RawDb raw(p, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
         raw.MustExec("PRAGMA user_version = 2");
       },
       Code::kNotAStore, "not_a_store", true},
      {"newer_store", MakeNewerStore, Code::kTooNew, "store_too_new", true},
      {"corrupt_store",
       [](const std::string& p) {
         MakeStoreWithData(p);
         OverwriteMiddlePages(p);
       },
       Code::kCorruption, "corrupt_store", true},
  };
}

class StoreOpen : public StoreFixture {};

TEST_F(StoreOpen, CreateThenReopenKeepsTheDeviceId) {
  const std::string path = dir_.File("kiosk.db");
  std::string device;
  {
    STEM_ASSERT_OK_AND_ASSIGN(Store store, Store::Create(path, Options()));
    device = store.device_id();
    EXPECT_TRUE(IsCanonicalUuid(device)) << device;
    EXPECT_EQ(device[14], '7') << device;
    STEM_ASSERT_OK_AND_ASSIGN(int version, store.SchemaVersion());
    EXPECT_EQ(version, schema::LatestVersion());
  }
  {
    STEM_ASSERT_OK_AND_ASSIGN(Store store, Store::Open(path, Options()));
    EXPECT_EQ(store.device_id(), device);
    STEM_ASSERT_OK_AND_ASSIGN(std::string check, store.IntegrityCheck());
    EXPECT_EQ(check, "ok");
  }
  {
    // Create on an existing store opens it, keeping its identity.
    STEM_ASSERT_OK_AND_ASSIGN(Store store, Store::Create(path, Options()));
    EXPECT_EQ(store.device_id(), device);
  }
  STEM_ASSERT_OK_AND_ASSIGN(Store other, Store::Create(dir_.File("other.db"), Options()));
  EXPECT_NE(other.device_id(), device);
}

TEST_F(StoreOpen, CreateMakesMissingFolders) {
  const std::string path = dir_.File("a/b/c/kiosk.db");
  STEM_ASSERT_OK_AND_ASSIGN(Store store, Store::Create(path, Options()));
  EXPECT_TRUE(Exists(path));
}

TEST_F(StoreOpen, MissingPathIsNoStoreAndCreatesNothing) {
  const std::string path = dir_.File("missing.db");
  Result<Store> store = Store::Open(path, Options());
  EXPECT_TRUE(HasStatus(store, Code::kNotFound, "no_store"));
  EXPECT_FALSE(Exists(path));
  EXPECT_FALSE(Exists(path + "-wal"));
  EXPECT_TRUE(std::filesystem::is_empty(dir_.path()));
}

TEST_F(StoreOpen, RefusesFilesThatAreNotKioskStoresWithoutChangingThem) {
  for (const RefusalCase& c : RefusalCases()) {
    for (bool create : {false, true}) {
      if (create && !c.create_refuses_too) continue;
      SCOPED_TRACE(c.name + (create ? " via Create" : " via Open"));
      const std::string path = dir_.File(c.name + (create ? "-create" : "-open") + ".db");
      c.make(path);
      ASSERT_TRUE(Exists(path));
      ASSERT_FALSE(Exists(path + "-wal")) << "the test file should be fully checkpointed";
      const uint64_t hash = HashFile(path);
      const uintmax_t size = std::filesystem::file_size(path);

      Result<Store> store = create ? Store::Create(path, Options()) : Store::Open(path, Options());

      EXPECT_TRUE(HasStatus(store, c.code, c.reason));
      EXPECT_NE(store.status().detail().find(path), std::string::npos)
          << "the detail should name the file: " << store.status().detail();
      EXPECT_EQ(std::filesystem::file_size(path), size);
      EXPECT_EQ(HashFile(path), hash) << "a refused file must not change";
      EXPECT_FALSE(Exists(path + "-wal"));
      EXPECT_FALSE(Exists(path + "-journal"));
    }
  }
}

TEST_F(StoreOpen, AWorkerConnectionSkipsOnlyTheIntegrityCheck) {
  // Without quick_check, every other refusal still holds and leaves the file as it was.
  for (const RefusalCase& c : RefusalCases()) {
    if (c.reason == "corrupt_store") continue;
    SCOPED_TRACE(c.name);
    const std::string path = dir_.File(c.name + "-unchecked.db");
    c.make(path);
    const uint64_t hash = HashFile(path);
    StoreOptions options = Options();
    options.check_integrity = false;
    Result<Store> store = Store::Open(path, options);
    EXPECT_TRUE(HasStatus(store, c.code, c.reason));
    EXPECT_EQ(HashFile(path), hash) << "a refused file must not change";
  }
  const std::string path = dir_.File("good.db");
  MakeStoreWithData(path);
  StoreOptions options = Options();
  options.check_integrity = false;
  STEM_ASSERT_OK_AND_ASSIGN(Store store, Store::Open(path, options));
  STEM_ASSERT_OK_AND_ASSIGN(std::string check, store.IntegrityCheck());
  EXPECT_EQ(check, "ok");
}

TEST_F(StoreOpen, TooNewNamesBothVersions) {
  const std::string path = dir_.File("newer.db");
  MakeNewerStore(path);
  Result<Store> store = Store::Open(path, Options());
  ASSERT_TRUE(HasStatus(store, Code::kTooNew, "store_too_new"));
  const std::string newer = "schema " + std::to_string(schema::LatestVersion() + 1);
  EXPECT_NE(store.status().detail().find(newer), std::string::npos) << store.status().detail();
}

TEST_F(StoreOpen, CreateTurnsAnEmptyFileIntoAStore) {
  const std::string path = dir_.File("empty.db");
  WriteBytes(path, "");
  EXPECT_TRUE(HasStatus(Store::Open(path, Options()), Code::kNotAStore, "not_a_store"));
  STEM_ASSERT_OK_AND_ASSIGN(Store store, Store::Create(path, Options()));
  STEM_ASSERT_OK_AND_ASSIGN(int version, store.SchemaVersion());
  EXPECT_EQ(version, schema::LatestVersion());
  EXPECT_TRUE(IsCanonicalUuid(store.device_id()));
}

TEST_F(StoreOpen, AStoreIsMarkedWithTheApplicationIdAndUsesWal) {
  const std::string path = dir_.File("kiosk.db");
  STEM_ASSERT_OK_AND_ASSIGN(Store store, Store::Create(path, Options()));
  STEM_ASSERT_OK(store.Audit("hello", nlohmann::json::object()));
  EXPECT_TRUE(Exists(path + "-wal")) << "a write to an open WAL store goes to the -wal file";
  RawDb raw(path);
  EXPECT_EQ(raw.Text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw.Int("PRAGMA application_id"), schema::kApplicationId);
  EXPECT_EQ(raw.Int("PRAGMA user_version"), schema::LatestVersion());
}

TEST_F(StoreOpen, EveryCommitIsSyncedToTheWal) {
  SyncCountingVfs vfs;
  const std::string path = dir_.File("kiosk.db");
  {
    STEM_ASSERT_OK_AND_ASSIGN(Store store, Store::Create(path, Options()));
    STEM_ASSERT_OK(store.Audit("warm_up", nlohmann::json::object()));
    for (int i = 0; i < 3; ++i) {
      g_syncs = {};
      STEM_ASSERT_OK(store.Audit("measured", nlohmann::json::object()));
      EXPECT_GE(g_syncs.wal, 1) << "synchronous=FULL syncs the WAL at every commit";
    }
  }
  // The measure tells the two modes apart: with synchronous=NORMAL a WAL commit is not synced.
  const std::string control = dir_.File("control.db");
  RawDb raw(control, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  raw.MustExec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; CREATE TABLE t(x);");
  raw.MustExec("INSERT INTO t VALUES (1)");
  g_syncs = {};
  raw.MustExec("INSERT INTO t VALUES (2)");
  EXPECT_EQ(g_syncs.wal, 0);
  raw.MustExec("PRAGMA synchronous = FULL");
  raw.MustExec("INSERT INTO t VALUES (3)");
  EXPECT_GE(g_syncs.wal, 1);
}

TEST_F(StoreOpen, ForeignKeysAreEnforcedSoPurgeCascades) {
  const std::string path = dir_.File("kiosk.db");
  STEM_ASSERT_OK_AND_ASSIGN(Store store, Store::Create(path, Options()));
  STEM_ASSERT_OK_AND_ASSIGN(Event event, store.CreateEvent(Fair()));
  STEM_ASSERT_OK(store.ImportRoster(event.id, GeneratedRoster(3)));
  STEM_ASSERT_OK_AND_ASSIGN(Person p, store.FindByConfirmationCode(event.id, "C0001"));
  STEM_ASSERT_OK(store.CheckIn({p.id, "", std::nullopt, ""}));
  STEM_ASSERT_OK(store.MarkAcked(1000));
  clock_.Advance(3 * kDay);
  STEM_ASSERT_OK_AND_ASSIGN(int64_t purged, store.Purge(1));
  EXPECT_EQ(purged, 3);  // the event's creation, the roster import and the check-in
  RawDb raw(path);
  // With foreign_keys off, the outbox and check-in rows of purged records would remain.
  EXPECT_EQ(raw.Int("SELECT count(*) FROM outbox WHERE seq NOT IN (SELECT seq FROM records)"), 0);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM checkins"), 0);
  EXPECT_EQ(raw.Int("SELECT count(*) FROM outbox"), 1);  // the purge's own audit record
}

TEST_F(StoreOpen, InMemoryStoresAreIndependent) {
  STEM_ASSERT_OK_AND_ASSIGN(Store a, Store::CreateInMemory(Options()));
  STEM_ASSERT_OK_AND_ASSIGN(Store b, Store::CreateInMemory(Options()));
  EXPECT_NE(a.device_id(), b.device_id());
  STEM_ASSERT_OK(a.CreateEvent(Fair()));
  STEM_ASSERT_OK_AND_ASSIGN(std::vector<Event> in_b, b.ListEvents());
  EXPECT_TRUE(in_b.empty());
  STEM_ASSERT_OK_AND_ASSIGN(int version, a.SchemaVersion());
  EXPECT_EQ(version, schema::LatestVersion());
  STEM_ASSERT_OK_AND_ASSIGN(std::string check, a.IntegrityCheck());
  EXPECT_EQ(check, "ok");
}

// ---- Migrations --------------------------------------------------------------------------

std::vector<std::string> SchemaObjects(const std::string& path) {
  RawDb raw(path);
  std::vector<std::string> out;
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(raw.get(),
                               "SELECT type || ' ' || name || ': ' || coalesce(sql, '') "
                               "FROM sqlite_schema ORDER BY type, name",
                               -1, &stmt, nullptr),
            SQLITE_OK);
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  }
  sqlite3_finalize(stmt);
  return out;
}

std::vector<std::string> RecordSummaries(Store& store) {
  std::vector<std::string> out;
  for (const StoredRecord& r : AllRecords(store)) {
    out.push_back(std::to_string(r.seq) + " " + r.id + " " + r.type + " " + r.payload);
  }
  return out;
}

// The roster as versions 2 to 4 of the software wrote it: people rows and, for each student, a
// full-text document (names, guardian, phone digits with their last 7 and 4, code).
void WriteRosterAsVersions2To4(const std::string& path, const std::string& event_id) {
  RawDb raw(path);
  auto add = [&](const std::string& uuid, const std::string& given, const std::string& family,
                 const std::string& phone, const std::string& code, const std::string& guardian,
                 const std::string& phone_doc) {
    raw.MustExec("INSERT INTO people(id, event_id, role, given_name, family_name, phone, "
                 "confirmation_code, source) VALUES ('" + uuid + "', '" + event_id +
                 "', 'student', '" + given + "', '" + family + "', '" + phone + "', '" + code +
                 "', 'import')");
    raw.MustExec("INSERT INTO people_search(rowid, name, guardian, phone, code) SELECT rowid, '" +
                 given + " " + family + "', '" + guardian + "', '" + phone_doc + "', '" + code +
                 "' FROM people WHERE id = '" + uuid + "'");
  };
  for (int i = 1; i <= 3; ++i) {
    std::string n = "000" + std::to_string(i);
    add("01900000-0000-7000-8000-00000000000" + std::to_string(i), "Student" + n, "Family",
        "555-01" + n, "C" + n, "Parent Family" + n, "55501" + n + " 501" + n + " " + n);
  }
  add("01900000-0000-7000-8000-000000000009", "Zuri", "Banda", "", "ZB7K2", "", "");
}

class StoreMigration : public StoreFixture, public ::testing::WithParamInterface<int> {};

TEST_P(StoreMigration, UpgradesToLatestKeepingData) {
  const int from = GetParam();
  const std::string path = dir_.File("old.db");
  std::string device, event_id, activity_id, walkup_code;
  std::vector<std::string> records_before;
  {
    STEM_ASSERT_OK_AND_ASSIGN(Store old, Store::CreateAtVersionForTest(path, from, Options()));
    STEM_ASSERT_OK_AND_ASSIGN(int version, old.SchemaVersion());
    ASSERT_EQ(version, from);
    device = old.device_id();
    STEM_ASSERT_OK_AND_ASSIGN(Event event, old.CreateEvent(Camp()));
    event_id = event.id;
    STEM_ASSERT_OK_AND_ASSIGN(Activity activity, old.AddActivity(event.id, {"Robots", 5}));
    activity_id = activity.id;
    STEM_ASSERT_OK(old.UseEvent(event.id));
    STEM_ASSERT_OK(old.Audit("written_by_old_version", {{"version", from}}));
    if (from >= 5) {
      STEM_ASSERT_OK(old.ImportRoster(event.id, GeneratedRoster(3)));
      NewRegistration reg;
      reg.event_id = event.id;
      reg.student.given_name = "Zuri";
      reg.student.family_name = "Banda";
      STEM_ASSERT_OK_AND_ASSIGN(RegistrationResult walkup, old.Register(reg));
      walkup_code = walkup.confirmation_code;
    }
  }
  if (from >= 2 && from < 5) {
    WriteRosterAsVersions2To4(path, event_id);
    walkup_code = "ZB7K2";
  }
  {
    STEM_ASSERT_OK_AND_ASSIGN(Store old, Store::CreateAtVersionForTest(path, from, Options()));
    if (from >= 3) {
      STEM_ASSERT_OK_AND_ASSIGN(Person p, old.FindByConfirmationCode(event_id, "C0001"));
      STEM_ASSERT_OK(old.CheckIn({p.id, activity_id, std::nullopt, ""}));
      FormSubmission f;
      f.form_id = "survey";
      f.event_id = event_id;
      f.answers = {{"liked", true}};
      STEM_ASSERT_OK(old.SubmitForm(f));
    }
    records_before = RecordSummaries(old);
  }
  {
    // Tables of later versions do not exist yet; data the old software kept in raw form does.
    RawDb raw(path);
    EXPECT_EQ(raw.Int("PRAGMA user_version"), from);
    EXPECT_EQ(raw.Int("SELECT count(*) FROM sqlite_schema WHERE name = 'people'"),
              from >= 2 ? 1 : 0);
    EXPECT_EQ(raw.Int("SELECT count(*) FROM sqlite_schema WHERE name = 'checkins'"),
              from >= 3 ? 1 : 0);
    raw.MustExec("INSERT INTO settings(key, value) VALUES ('retention_days', '12')");
  }

  for (int round = 0; round < 3; ++round) {  // the first open migrates; later ones find nothing to do
    SCOPED_TRACE("open #" + std::to_string(round + 1));
    STEM_ASSERT_OK_AND_ASSIGN(Store store, Store::Open(path, Options()));
    STEM_ASSERT_OK_AND_ASSIGN(int version, store.SchemaVersion());
    EXPECT_EQ(version, schema::LatestVersion());
    EXPECT_EQ(store.device_id(), device);
    STEM_ASSERT_OK_AND_ASSIGN(std::string check, store.IntegrityCheck());
    EXPECT_EQ(check, "ok");
    STEM_ASSERT_OK_AND_ASSIGN(Event current, store.CurrentEvent());
    EXPECT_EQ(current.id, event_id);
    STEM_ASSERT_OK_AND_ASSIGN(std::vector<Activity> activities, store.ListActivities(event_id));
    ASSERT_EQ(activities.size(), 1u);
    EXPECT_EQ(activities[0].id, activity_id);
    EXPECT_EQ(activities[0].capacity, std::optional<int64_t>(5));
    STEM_ASSERT_OK_AND_ASSIGN(int retention, store.RetentionDays());
    EXPECT_EQ(retention, 12);
    std::vector<std::string> records = RecordSummaries(store);
    ASSERT_GE(records.size(), records_before.size());
    EXPECT_EQ(std::vector<std::string>(records.begin(),
                                       records.begin() + static_cast<long>(records_before.size())),
              records_before);
    if (from >= 2) {
      STEM_ASSERT_OK_AND_ASSIGN(std::vector<RosterHit> hits,
                                store.SearchRoster(event_id, "student0002"));
      ASSERT_EQ(hits.size(), 1u);
      EXPECT_EQ(hits[0].student.given_name, "Student0002");
      // The migrated index still finds by guardian, phone digits and code, folded.
      for (const char* query : {"family0002", "0002", "5010002", "c0002", "STUDENT0002 fam"}) {
        STEM_ASSERT_OK_AND_ASSIGN(hits, store.SearchRoster(event_id, query));
        ASSERT_EQ(hits.size(), 1u) << query;
        EXPECT_EQ(hits[0].student.given_name, "Student0002") << query;
      }
      STEM_ASSERT_OK_AND_ASSIGN(hits, store.SearchRoster(event_id, "zuri"));
      EXPECT_EQ(hits.size(), 1u);
      STEM_ASSERT_OK_AND_ASSIGN(Person zuri, store.FindByConfirmationCode(event_id, walkup_code));
      EXPECT_EQ(zuri.given_name, "Zuri");
    }
    if (round == 0) {
      // The migrated store takes new records with the next sequence number.
      NewRegistration reg;
      reg.event_id = event_id;
      reg.student.given_name = "Nia";
      STEM_ASSERT_OK_AND_ASSIGN(RegistrationResult nia, store.Register(reg));
      EXPECT_EQ(nia.record.seq, static_cast<int64_t>(records_before.size()) + 1);
      EXPECT_TRUE(IsCanonicalUuid(nia.record.id));
      STEM_ASSERT_OK_AND_ASSIGN(CheckInResult in,
                                store.CheckIn({nia.student_id, activity_id, std::nullopt, ""}));
      EXPECT_EQ(in.record.seq, nia.record.seq + 1);
      EXPECT_TRUE(IsWellFormedPickupCode(in.pickup_code)) << in.pickup_code;
      records_before = RecordSummaries(store);
    } else {
      EXPECT_EQ(records, records_before);
    }
  }

  // The migrated schema is exactly the schema of a store created new.
  { STEM_ASSERT_OK(Store::Create(dir_.File("fresh.db"), Options())); }
  EXPECT_EQ(SchemaObjects(path), SchemaObjects(dir_.File("fresh.db")));
  RawDb raw(path);
  EXPECT_EQ(raw.Int("PRAGMA application_id"), schema::kApplicationId);
}

INSTANTIATE_TEST_SUITE_P(EveryEarlierVersion, StoreMigration,
                         ::testing::Range(1, schema::LatestVersion()),
                         [](const ::testing::TestParamInfo<int>& param_info) {
                           return "from_v" + std::to_string(param_info.param);
                         });

TEST_F(StoreOpen, MigrationsAreNumberedOneByOne) {
  const std::vector<schema::Migration>& migrations = schema::Migrations();
  ASSERT_FALSE(migrations.empty());
  for (size_t i = 0; i < migrations.size(); ++i) {
    EXPECT_EQ(migrations[i].version, static_cast<int>(i) + 1);
    EXPECT_FALSE(migrations[i].sql.empty());
  }
  EXPECT_EQ(schema::LatestVersion(), static_cast<int>(migrations.size()));
}

}  // namespace
}  // namespace stem::test
