// Shared by the end-to-end sync suites: kiosks as real store files, a real hub process,
// kioskctl run as a real process, and the exactly-once comparison.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "data/sqlite/sqlite.h"
#include "data/store/store.h"
#include "sync/hub/storage/db/pg_db.h"
#include "sync/hub/storage/db/sqlite_db.h"
#include "tests/data/store_fixture.h"
#include "tests/sync/hub_process.h"

namespace stem::test {

// Runs kioskctl on a store; returns its exit status.
inline int Kioskctl(const std::string& db, std::vector<std::string> args, std::string* out = nullptr,
                    std::string* err = nullptr) {
  args.insert(args.begin(), {STEM_KIOSKCTL_PATH, "--db", db});
  return RunProcess(args, out, err);
}

// A record as both sides hold it, keyed by (device, seq).
using RecordKey = std::pair<std::string, int64_t>;
using RecordValue = std::tuple<std::string, std::string, std::string, std::string, std::string,
                               std::string, std::string>;  // id type event person supersedes created payload

inline std::map<RecordKey, RecordValue> KioskRecords(const std::string& db) {
  std::map<RecordKey, RecordValue> out;
  Result<Store> store = Store::Open(db);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  if (!store.ok()) return out;
  Status s = store->ForEachRecord([&](const StoredRecord& r) {
    out[{r.device_id, r.seq}] = {r.id, r.type, r.event_id, r.person_id, r.supersedes, r.created_at, r.payload};
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

// The hub's database (HubProcess::db(): an SQLite file or a PostgreSQL URI), opened
// directly, to read what the hub stored.
inline std::unique_ptr<hub::db::Connection> OpenHubDb(const std::string& location) {
  if (hub::db::IsPostgresUrl(location)) {
    Result<std::unique_ptr<hub::db::Connection>> c = hub::db::ConnectPostgres(location);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? std::move(c).value() : nullptr;
  }
  Result<sql::Connection> c = sql::Connection::Open(location, sql::Connection::Mode::kReadWrite);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? hub::db::FromSqlite(std::move(c).value()) : nullptr;
}

inline std::map<RecordKey, RecordValue> HubRecords(const std::string& hub_db) {
  std::map<RecordKey, RecordValue> out;
  std::unique_ptr<hub::db::Connection> db = OpenHubDb(hub_db);
  if (!db) return out;
  Result<hub::db::Statement> s = db->Prepare(
      "SELECT device_id, seq, id, type, event_id, person_id, supersedes, created_at, payload "
      "FROM records");
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  if (!s.ok()) return out;
  while (true) {
    Result<bool> row = s->Step();
    EXPECT_TRUE(row.ok()) << row.status().ToString();
    if (!row.ok() || !*row) break;
    RecordKey key{s->Text(0), s->Int(1)};
    EXPECT_EQ(out.count(key), 0u) << "stored twice: " << key.first << " " << key.second;
    out[key] = {s->Text(2), s->Text(3), s->Text(4), s->Text(5), s->Text(6), s->Text(7), s->Text(8)};
  }
  return out;
}

inline int64_t HubCount(const std::string& hub_db, const std::string& table) {
  std::unique_ptr<hub::db::Connection> db = OpenHubDb(hub_db);
  if (!db) return -1;
  Result<int64_t> n = db->QueryInt("SELECT count(*) FROM " + table);
  EXPECT_TRUE(n.ok()) << n.status().ToString();
  return n.ok() ? *n : -1;
}

// Every record of every kiosk is at the hub exactly once, byte for byte, and nothing else.
inline void ExpectExactlyOnce(const std::string& hub_db, const std::vector<std::string>& kiosks) {
  std::map<RecordKey, RecordValue> expected;
  for (const std::string& k : kiosks) expected.merge(KioskRecords(k));
  std::map<RecordKey, RecordValue> actual = HubRecords(hub_db);
  EXPECT_EQ(actual.size(), expected.size());
  EXPECT_TRUE(actual == expected) << "hub and kiosks differ";
  EXPECT_EQ(HubCount(hub_db, "conflicts"), 0);
}

// A kiosk store with `n` saved records: the event's creation (an audit record), then walk-up
// registrations and form responses whose answers carry accents and quotes, as families type
// them.
inline std::string MakeKiosk(const TempDir& dir, const std::string& name, int n) {
  std::string path = dir.File(name + ".db");
  Result<Store> store = Store::Create(path);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  Result<Event> ev = store->CreateEvent(NewEvent{"Spring STEM Fair", "fair", "2026-11-22", "2026-11-22", "Gym"});
  EXPECT_TRUE(ev.ok());
  for (int i = 1; i < n; ++i) {
    if (i % 3 == 1) {
      NewRegistration r;
      r.event_id = ev->id;
      r.student.given_name = "Nguyễn " + std::to_string(i);
      r.student.family_name = "O'Brien \"Bee\"";
      Result<RegistrationResult> res = store->Register(r);
      EXPECT_TRUE(res.ok()) << res.status().ToString();
    } else {
      FormSubmission f;
      f.form_id = "post-event-survey";
      f.event_id = ev->id;
      f.answers = {{"favorite", "robots & rockets ñ " + std::to_string(i)}, {"rating", i % 5}};
      Result<RecordRef> res = store->SubmitForm(f);
      EXPECT_TRUE(res.ok()) << res.status().ToString();
    }
  }
  return path;
}

inline int64_t Waiting(const std::string& db) {
  Result<Store> store = Store::Open(db);
  if (!store.ok()) return -1;
  Result<StoreSummary> s = store->Summary();
  return s.ok() ? s->outbox_depth : -1;
}


// A TCP connection to the hub on 127.0.0.1 from `from` (any 127.x.y.z address is this
// machine), so that a test chooses the client address the hub sees; -1 on failure.
inline int ConnectFrom(const std::string& from, int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, from.c_str(), &local.sin_addr);
  sockaddr_in hub{};
  hub.sin_family = AF_INET;
  hub.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &hub.sin_addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
      connect(fd, reinterpret_cast<sockaddr*>(&hub), sizeof hub) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

}  // namespace stem::test
