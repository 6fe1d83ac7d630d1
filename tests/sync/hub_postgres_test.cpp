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

}  // namespace
}  // namespace stem::test
