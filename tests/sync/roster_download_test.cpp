// Roster download from a real hub: pages by change cursor, one transaction each, resumable
// after an interruption, updates applied, local check-ins untouched.
#include "sync/client/http_transport.h"
#include "sync/client/sync_client.h"
#include "tests/sync/fault_proxy.h"
#include "tests/sync/sync_fixture.h"

namespace stem::test {
namespace {

sync::SyncReport SyncOnce(const std::string& kiosk, int attempts) {
  Result<Store> store = Store::Open(kiosk);
  EXPECT_TRUE(store.ok());
  auto transport = sync::MakeCurlTransport({});
  sync::SyncOptions o;
  o.max_attempts = attempts;
  o.backoff.base = std::chrono::milliseconds(10);
  o.roster_page_size = 50;
  sync::SyncClient client(*store, *transport, o);
  return client.RunOnce();
}

int64_t People(const std::string& kiosk) {
  RawDb raw(kiosk);
  return raw.Int("SELECT count(*) FROM people WHERE source = 'hub'");
}

TEST(RosterDownload, PagesResumeAfterAnInterruptionAndUpdatesKeepLocalCheckIns) {
  TempDir dir;
  HubProcess hub(dir.File("hub.db"));
  ASSERT_GT(hub.Start(), 0);
  std::string out, err;
  ASSERT_EQ(hub.Admin({"event", "create", "--name", "Robotics Camp", "--kind", "camp", "--start",
                       "2026-11-20", "--end", "2026-11-30"}, &out, &err), 0) << err;
  std::string event_id = out.substr(0, out.find('\n'));
  WriteBytes(dir.File("roster.csv"), GeneratedRoster(120));
  ASSERT_EQ(hub.Admin({"roster", "import", dir.File("roster.csv"), "--event", event_id}, &out, &err), 0) << err;
  EXPECT_NE(out.find("published 120 students"), std::string::npos) << out;
  EXPECT_EQ(hub.Admin({"roster", "import", dir.File("missing.csv"), "--event", event_id}, &out, &err), 1);

  std::string kiosk = MakeKiosk(dir, "k1", 3);
  FaultProxy proxy(hub.port());
  ASSERT_EQ(Kioskctl(kiosk, {"enroll", proxy.url(), hub.AddDevice("Desk")}, &out, &err), 0) << err;
  // One upload, two roster pages, then the network goes.
  proxy.Script({{}, {}, {}, {FaultKind::kDrop}, {FaultKind::kDrop}});
  sync::SyncReport first = SyncOnce(kiosk, 2);
  EXPECT_EQ(first.outcome.reason(), "hub_unreachable");
  EXPECT_EQ(People(kiosk), 100);  // two whole pages of 50 (students and guardians)
  EXPECT_EQ(Store::Open(kiosk)->GetSyncSettings()->roster_cursor, 100);

  sync::SyncReport second = SyncOnce(kiosk, 3);
  ASSERT_TRUE(second.outcome.ok()) << second.outcome.ToString();
  EXPECT_EQ(second.roster_people, 140);  // only what was missing
  EXPECT_EQ(People(kiosk), 240);

  // The downloaded roster works at the desk: search, check in.
  Result<Store> store = Store::Open(kiosk);
  ASSERT_TRUE(store.ok());
  STEM_ASSERT_OK(store->UseEvent(event_id));
  Result<std::vector<RosterHit>> hits = store->SearchRoster(event_id, "Student0007");
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  std::string student = hits->front().student.id;
  EXPECT_EQ(hits->front().guardian_name, "Parent Family0007");
  Result<CheckInResult> in = store->CheckIn({student, "", std::nullopt, "vol"});
  ASSERT_TRUE(in.ok()) << in.status().ToString();

  // The hub corrects a name; the kiosk takes the change and keeps its check-in.
  std::string csv = GeneratedRoster(120);
  csv.replace(csv.find("Student0007"), 11, "Estudiante7");
  WriteBytes(dir.File("roster.csv"), csv);
  ASSERT_EQ(hub.Admin({"roster", "import", dir.File("roster.csv"), "--event", event_id}, &out, &err), 0) << err;
  sync::SyncReport third = SyncOnce(kiosk, 3);
  ASSERT_TRUE(third.outcome.ok()) << third.outcome.ToString();
  EXPECT_EQ(third.roster_people, 240);  // the whole file was published again
  EXPECT_EQ(People(kiosk), 240);
  Result<Person> renamed = store->GetPerson(student);
  ASSERT_TRUE(renamed.ok());
  EXPECT_EQ(renamed->given_name, "Estudiante7");
  EXPECT_EQ(store->Summary()->checked_in_now, 1);
  ExpectExactlyOnce(hub.db(), {kiosk});
}

TEST(RosterDownload, AMalformedPageChangesNothing) {
  TempDir dir;
  std::string kiosk = MakeKiosk(dir, "k1", 0);
  Result<Store> store = Store::Open(kiosk);
  ASSERT_TRUE(store.ok());
  auto entry = [](const std::string& id, const std::string& given) {
    HubRosterEntry e;
    e.person.id = id;
    e.person.event_id = "ev-1";
    e.person.role = "student";
    e.person.given_name = given;
    e.person.family_name = "Ruiz";
    return e;
  };
  HubRosterEntry good = entry("hub-1", "Ana");
  HubRosterEntry bad = entry("hub-2", "");  // no given name
  Event ev{"ev-1", "Camp", "camp", "2026-11-20", "2026-11-30", ""};
  EXPECT_FALSE(store->ApplyRosterPage({ev}, {good, bad}, 2).ok());
  EXPECT_EQ(People(kiosk), 0);
  EXPECT_EQ(store->GetSyncSettings()->roster_cursor, 0);
  Event bad_event{"ev-1", "Camp", "party", "2026-11-20", "2026-11-30", ""};
  EXPECT_FALSE(store->ApplyRosterPage({bad_event}, {good}, 2).ok());
  EXPECT_EQ(People(kiosk), 0);
  Result<int64_t> n = store->ApplyRosterPage({ev}, {good}, 2);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(People(kiosk), 1);
}

std::string ClubForm(int version, const std::string& title) {
  return nlohmann::json{{"id", "robotics-club"}, {"version", version}, {"kind", "survey"},
                        {"languages", {"en"}}, {"title", {{"en", title}}},
                        {"items", {{{"id", "level"}, {"type", "integer"},
                                    {"label", {{"en", "Level"}}}}}}}
      .dump();
}

// Forms published on the hub reach every kiosk with the roster, a few per page, once each; a
// version a kiosk reported first cannot be replaced by another under the same number.
TEST(RosterDownload, PublishedFormsComeDownOnceAndAKiosksOwnVersionIsKept) {
  TempDir dir;
  HubProcess hub(dir.File("hub.db"));
  ASSERT_GT(hub.Start(), 0);
  std::string out, err;
  for (int v = 1; v <= 10; ++v) {
    std::string file = dir.File("club-" + std::to_string(v) + ".json");
    WriteBytes(file, ClubForm(v, "Club " + std::to_string(v)));
    ASSERT_EQ(hub.Admin({"forms", "install", file}, &out, &err), 0) << err;
  }
  std::string kiosk = MakeKiosk(dir, "k1", 3);
  ASSERT_EQ(Kioskctl(kiosk, {"enroll", hub.url(), hub.AddDevice("Desk")}, &out, &err), 0) << err;
  // The kiosk's own version 11, made before the hub's: the kiosk reports it on its next sync.
  STEM_ASSERT_OK(Store::Open(kiosk)->InstallForm(ClubForm(11, "Our own")).status());

  sync::SyncReport first = SyncOnce(kiosk, 2);
  ASSERT_TRUE(first.outcome.ok()) << first.outcome.ToString();
  EXPECT_EQ(first.forms_received, 10);  // in two pages (8, then 2)
  Result<Store> store = Store::Open(kiosk);
  for (int v = 1; v <= 10; ++v) {
    Result<std::shared_ptr<const forms::FormSpec>> f = store->GetForm("robotics-club", v);
    ASSERT_TRUE(f.ok()) << v;
    EXPECT_EQ((*f)->title.at("en"), "Club " + std::to_string(v));
  }
  EXPECT_EQ(store->GetSyncSettings()->forms_cursor, 10);
  EXPECT_EQ(SyncOnce(kiosk, 2).forms_received, 0) << "each version comes down once";

  // The hub knows version 11 from the kiosk, and refuses another version 11.
  ASSERT_EQ(hub.Admin({"forms", "list"}, &out, &err), 0) << err;
  EXPECT_NE(out.find("robotics-club\tversion 11\tsurvey\tkiosk"), std::string::npos) << out;
  WriteBytes(dir.File("club-11.json"), ClubForm(11, "The hub's"));
  EXPECT_EQ(hub.Admin({"forms", "install", dir.File("club-11.json")}, &out, &err), 1);
  EXPECT_NE(err.find("different content"), std::string::npos) << err;
  // Publishing the kiosk's own version 11 sends it to the other kiosks; this one keeps it.
  WriteBytes(dir.File("club-11.json"), ClubForm(11, "Our own"));
  ASSERT_EQ(hub.Admin({"forms", "install", dir.File("club-11.json")}, &out, &err), 0) << err;
  EXPECT_EQ(SyncOnce(kiosk, 2).forms_received, 1);
  Result<std::shared_ptr<const forms::FormSpec>> own =
      Store::Open(kiosk)->GetForm("robotics-club", 11);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own.value()->title.at("en"), "Our own");
  ExpectExactlyOnce(hub.db(), {kiosk});

  // The hub checks the forms cursor it is given.
  std::string token = Store::Open(kiosk)->GetSyncSettings()->device_token;
  auto transport = sync::MakeCurlTransport({});
  for (const char* query : {"forms_after=-1", "forms_after=x", "forms_after="}) {
    Result<sync::HttpResponse> res = transport->Send(
        {"GET", hub.url() + "/v1/roster?" + query, {{"Authorization", "Bearer " + token}}, ""});
    ASSERT_TRUE(res.ok());
    EXPECT_EQ(res->status, 400) << query;
  }
}

}  // namespace
}  // namespace stem::test
