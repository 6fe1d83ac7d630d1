// The hub on PostgreSQL beyond what the shared suites show (CTest hub_suites_on_postgresql
// runs those on it): several hub processes on one database, one of them killed mid-ingest,
// and the one clear line a bad database gets. On a real throwaway cluster (pg_cluster.h).
#include <regex>
#include <thread>

#include "tests/sync/sync_fixture.h"

namespace stem::test {
namespace {

int Sync(const std::string& kiosk) {
  return Kioskctl(kiosk, {"sync", "--batch-records", "20", "--backoff-ms", "150", "--attempts", "20",
                          "--timeout-ms", "5000"});
}

// The acked-through sequence `stem-hub device list` shows for each kiosk.
std::map<std::string, int64_t> AckedThrough(const HubProcess& hub) {
  std::string out;
  EXPECT_EQ(hub.Admin({"device", "list"}, &out), 0);
  std::map<std::string, int64_t> acked;
  std::regex line("^(Kiosk [0-9]+)\\t.*acked=([0-9]+)");
  std::istringstream in(out);
  for (std::string l; std::getline(in, l);) {
    std::smatch m;
    if (std::regex_search(l, m, line)) acked[m[1].str()] = std::stoll(m[2].str());
  }
  return acked;
}

TEST(HubOnPostgres, TwoHubProcessesOnOneDatabaseStoreEveryRecordOnceWhenOneIsKilled) {
  PgCluster* pg = PgCluster::Get();
  ASSERT_NE(pg, nullptr);
  TempDir dir;
  std::string url = pg->NewDatabase();
  HubProcess a(url, {"--ingest-delay-ms", "150"}, dir.File("a.log"));
  HubProcess b(url, {}, dir.File("b.log"));
  // Both start at once on the empty database: one makes the schema, the other waits for it.
  int port_a = -1, port_b = -1;
  std::thread start_a([&] { port_a = a.Start(); });
  std::thread start_b([&] { port_b = b.Start(); });
  start_a.join();
  start_b.join();
  ASSERT_GT(port_a, 0);
  ASSERT_GT(port_b, 0);

  std::vector<std::string> kiosks;
  for (int i = 0; i < 4; ++i) {
    kiosks.push_back(MakeKiosk(dir, "k" + std::to_string(i), 100));
    const HubProcess& hub = i < 2 ? a : b;
    std::string err;
    ASSERT_EQ(Kioskctl(kiosks.back(), {"enroll", hub.url(), hub.AddDevice("Kiosk " + std::to_string(i))},
                       nullptr, &err), 0) << err;
  }
  std::vector<int> rc(kiosks.size(), -1);
  std::vector<std::thread> syncs;
  for (size_t i = 0; i < kiosks.size(); ++i) syncs.emplace_back([&, i] { rc[i] = Sync(kiosks[i]); });
  // Hub a dies with batches half written; b goes on; a comes back on its port.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(a.Kill(SIGKILL), 128 + SIGKILL);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(a.Start(port_a), port_a);
  for (std::thread& t : syncs) t.join();
  for (size_t i = 0; i < kiosks.size(); ++i) {
    EXPECT_EQ(rc[i], 0) << kiosks[i];
    EXPECT_EQ(Waiting(kiosks[i]), 0) << kiosks[i];
  }
  ExpectExactlyOnce(url, kiosks);
  // Each kiosk's acked-through sequence is its last record, whichever hub stored what.
  std::map<std::string, int64_t> acked = AckedThrough(b);
  for (size_t i = 0; i < kiosks.size(); ++i) {
    std::map<RecordKey, RecordValue> mine = KioskRecords(kiosks[i]);
    ASSERT_FALSE(mine.empty());
    EXPECT_EQ(acked["Kiosk " + std::to_string(i)], mine.rbegin()->first.second) << i;
  }
}

TEST(HubOnPostgres, ABadDatabaseGetsOneClearLineWithoutThePassword) {
  PgCluster* pg = PgCluster::Get();
  ASSERT_NE(pg, nullptr);
  std::string socket = pg->dir() + "/socket";
  std::string other = pg->NewDatabase();
  std::string newer = pg->NewDatabase();
  std::string err;
  ASSERT_EQ(RunProcess({pg->bin() + "/psql", "-X", "-q", "-d", other, "-c", "CREATE TABLE invoices (id int)"},
                       nullptr, &err), 0) << err;
  HubProcess hub(newer, {}, "/dev/null.log");
  ASSERT_EQ(hub.Admin({"device", "add", "Desk"}), 0);
  ASSERT_EQ(RunProcess({pg->bin() + "/psql", "-X", "-q", "-d", newer, "-c", "UPDATE stem_hub SET version = 99"},
                       nullptr, &err), 0) << err;
  auto with_password = [](std::string url) {
    return url.replace(url.find("stem@"), 5, "stem:s3cret-pw@");
  };
  struct Case {
    std::string db;
    const char* says;
  } cases[] = {
      {"postgresql://stem:s3cret-pw@/nosuch?host=" + socket, "database \"nosuch\" does not exist"},
      {"postgresql://ghost:s3cret-pw@/postgres?host=" + socket, "refused the sign-in"},
      {"postgresql://stem:s3cret-pw@/postgres?host=" + pg->dir() + "/nowhere", "cannot reach the database"},
      {with_password(other), "another application's database"},
      {with_password(newer), "newer stem-hub"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.db);
    std::string out;
    EXPECT_EQ(RunProcess({STEM_HUB_PATH, "status", "--db", c.db}, &out, &err), 1);
    EXPECT_NE(err.find(c.says), std::string::npos) << err;
    EXPECT_EQ(err.find("s3cret"), std::string::npos) << err;
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  }
}

TEST(HubOnPostgres, MigrateMovesEveryTableAndKiosksSyncOn) {
  PgCluster* pg = PgCluster::Get();
  ASSERT_NE(pg, nullptr);
  TempDir dir;
  std::string file = dir.File("hub.db");
  HubProcess hub(file, {}, dir.File("sqlite-hub.log"));  // on the file, whatever the suite runs on
  ASSERT_EQ(hub.db(), file);
  int port = hub.Start();
  ASSERT_GT(port, 0);
  std::vector<std::string> kiosks;
  for (int i = 0; i < 2; ++i) {
    kiosks.push_back(MakeKiosk(dir, "k" + std::to_string(i), 60));
    std::string err;
    ASSERT_EQ(Kioskctl(kiosks.back(), {"enroll", hub.url(), hub.AddDevice("Kiosk " + std::to_string(i))},
                       nullptr, &err), 0) << err;
    ASSERT_EQ(Sync(kiosks.back()), 0);
  }
  // Every other kind of row: a spare device's code, an event and its roster, an account.
  std::string out, err;
  hub.AddDevice("Spare");
  ASSERT_EQ(hub.Admin({"event", "create", "--name", "Robotics Camp", "--kind", "camp", "--start",
                       "2026-07-06", "--end", "2026-07-10"}, &out, &err), 0) << err;
  std::string event = out.substr(0, out.find_first_of(" \t\n"));
  WriteBytes(dir.File("roster.csv"), GeneratedRoster(40));
  ASSERT_EQ(hub.Admin({"roster", "import", dir.File("roster.csv"), "--event", event}, &out, &err), 0) << err;
  WriteBytes(dir.File("pw.txt"), "robots on the moon\n");
  ASSERT_EQ(hub.Admin({"user", "add", "ana@example.org", "--role", "admin", "--password-file",
                       dir.File("pw.txt")}, &out, &err), 0) << err;
  ASSERT_EQ(hub.Kill(SIGTERM), 0);
  std::string devices_before, events_before;
  ASSERT_EQ(hub.Admin({"device", "list"}, &devices_before), 0);
  ASSERT_EQ(hub.Admin({"event", "list"}, &events_before), 0);

  std::string url = pg->NewDatabase();
  ASSERT_EQ(RunProcess({STEM_HUB_PATH, "migrate", "--from", file, "--to", url}, &out, &err), 0) << err;
  EXPECT_NE(out.find("copied records: 120 rows"), std::string::npos) << out;
  EXPECT_NE(out.find("checked 27 tables: rows and checksums equal"), std::string::npos) << out;
  // Into a database that is not empty: refused, changing nothing.
  EXPECT_EQ(RunProcess({STEM_HUB_PATH, "migrate", "--from", file, "--to", url}, &out, &err), 1);
  EXPECT_NE(err.find("is not empty"), std::string::npos) << err;

  // The hub on PostgreSQL, at the same address: the same devices and events, and the kiosks
  // sync on with the tokens they have.
  HubProcess moved(url, {}, dir.File("pg-hub.log"));
  ASSERT_EQ(moved.Start(port), port);
  std::string devices_after, events_after;
  ASSERT_EQ(moved.Admin({"device", "list"}, &devices_after), 0);
  ASSERT_EQ(moved.Admin({"event", "list"}, &events_after), 0);
  EXPECT_EQ(devices_after, devices_before);
  EXPECT_EQ(events_after, events_before);
  // The overview's counts, made once at the end of the copy, equal the rows.
  for (const char* check :
       {"SELECT count(*) FROM people p WHERE role = 'student' AND NOT EXISTS (SELECT 1 FROM "
        "event_students s WHERE s.event_id = p.event_id)",
        "SELECT count(*) FROM event_students s WHERE n != (SELECT count(*) FROM people p WHERE "
        "p.event_id = s.event_id AND p.role = 'student')",
        "SELECT count(*) FROM event_form_responses c WHERE n != (SELECT count(*) FROM responses x "
        "WHERE x.event_id = c.event_id AND x.form_id = c.form_id AND x.superseded_by = '')"}) {
    EXPECT_EQ(OpenHubDb(url)->QueryInt(check).value(), 0) << check;
  }
  EXPECT_GT(HubCount(url, "event_students"), 0);
  {
    Result<Store> store = Store::Open(kiosks[0]);
    ASSERT_TRUE(store.ok());
    for (int i = 0; i < 15; ++i) ASSERT_TRUE(store->Audit("after_the_move", {{"i", i}}).ok());
  }
  for (const std::string& k : kiosks) EXPECT_EQ(Sync(k), 0) << k;
  ExpectExactlyOnce(url, kiosks);
  EXPECT_EQ(HubCount(url, "records"), 135);
  // New rows get new ids after the copied ones.
  ASSERT_EQ(moved.Admin({"user", "add", "kim@example.org", "--role", "viewer"}, &out, &err), 0) << err;
  EXPECT_EQ(HubCount(url, "audit_log"), HubCount(file, "audit_log") + 1);
}

}  // namespace
}  // namespace stem::test
