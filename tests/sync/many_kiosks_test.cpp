// Fifty kiosks syncing at once against the real hub, each on its own connection with batches
// of 250 records: every record is stored exactly once, and the hub's answer times (from its
// own log) are printed with their 99th percentile.
#include <algorithm>
#include <regex>
#include <thread>

#include "sync/client/http_transport.h"
#include "sync/client/sync_client.h"
#include "tests/sync/sync_fixture.h"

namespace stem::test {
namespace {

TEST(ManyKiosks, FiftySyncingAtOnceStoreEveryRecordOnce) {
  constexpr int kKiosks = 50;
  TempDir dir;
  HubProcess hub(dir.File("hub.db"));
  ASSERT_GT(hub.Start(), 0);
  std::vector<std::string> kiosks(kKiosks);
  {
    // Two batches each (250 and 10 records); the stores are made two at a time.
    std::vector<std::thread> makers;
    for (int part = 0; part < 2; ++part) {
      makers.emplace_back([&, part] {
        for (int k = part; k < kKiosks; k += 2) {
          kiosks[static_cast<size_t>(k)] = MakeKiosk(dir, "k" + std::to_string(k), 260);
        }
      });
    }
    for (std::thread& t : makers) t.join();
  }
  for (int k = 0; k < kKiosks; ++k) {
    std::string out, err;
    ASSERT_EQ(Kioskctl(kiosks[static_cast<size_t>(k)],
                       {"enroll", hub.url(), hub.AddDevice("Kiosk " + std::to_string(k))}, &out, &err),
              0) << err;
  }
  std::vector<sync::SyncReport> reports(kKiosks);
  std::vector<std::thread> syncs;
  for (int k = 0; k < kKiosks; ++k) {
    syncs.emplace_back([&, k] {
      Result<Store> store = Store::Open(kiosks[static_cast<size_t>(k)]);
      if (!store.ok()) return;
      auto transport = sync::MakeCurlTransport({});
      sync::SyncClient client(*store, *transport);
      reports[static_cast<size_t>(k)] = client.RunOnce();
    });
  }
  for (std::thread& t : syncs) t.join();
  for (int k = 0; k < kKiosks; ++k) {
    EXPECT_TRUE(reports[static_cast<size_t>(k)].outcome.ok())
        << k << ": " << reports[static_cast<size_t>(k)].outcome.ToString();
    EXPECT_EQ(reports[static_cast<size_t>(k)].stored, 260) << k;
    EXPECT_EQ(Waiting(kiosks[static_cast<size_t>(k)]), 0) << k;
  }
  ExpectExactlyOnce(hub.db(), kiosks);

  // The hub's own answer times for the batches.
  std::string log = ReadBytes(dir.File("hub.db.log"));
  std::regex line(R"(POST /v1/batches 200 in=\d+ out=\d+ ([0-9.]+)ms)");
  std::vector<double> ms;
  for (std::sregex_iterator it(log.begin(), log.end(), line), end; it != end; ++it) {
    ms.push_back(std::stod((*it)[1].str()));
  }
  ASSERT_EQ(ms.size(), 2u * kKiosks);
  std::sort(ms.begin(), ms.end());
  double p50 = ms[ms.size() / 2], p99 = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  std::printf("ManyKiosks: %d kiosks, %zu batches: hub answer time p50 %.1f ms, p99 %.1f ms, "
              "max %.1f ms\n", kKiosks, ms.size(), p50, p99, ms.back());
  EXPECT_LT(p99, 30000.0) << "no batch waited as long as the kiosk's own timeout";
}

}  // namespace
}  // namespace stem::test
