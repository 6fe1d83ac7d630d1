// The hub's front door under slow, idle and crowding connections, against the real stem-hub
// on loopback: /v1/health and a kiosk's sync keep answering within a second while 64 idle
// connections and 64 that trickle a header byte a second are open (from one address, then
// from several), and the deadline closes them.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "sync/client/http_transport.h"
#include "tests/sync/sync_fixture.h"

namespace stem::test {
namespace {

using Clock = std::chrono::steady_clock;

// Whether the hub closed the connection (end of stream or reset) within `wait`.
bool ClosedByHub(int fd, std::chrono::milliseconds wait) {
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(wait.count())) <= 0) return false;
  char c;
  return recv(fd, &c, 1, MSG_DONTWAIT) <= 0;
}

struct Probe {
  double worst_health_ms = 0;
  double worst_sync_ms = 0;
  int failures = 0;
};

class FrontDoor : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GT(hub_.Start(), 0);
    kiosk_ = MakeKiosk(dir_, "k1", 3);
    std::string out, err;
    ASSERT_EQ(Kioskctl(kiosk_, {"enroll", hub_.url(), hub_.AddDevice("Desk")}, &out, &err), 0)
        << err;
  }

  // Health checks every 100 ms and a sync pass (with a new record) every 500 ms, from
  // 127.0.0.1, for `how_long`.
  Probe ProbeFor(std::chrono::milliseconds how_long) {
    Probe p;
    auto transport = sync::MakeCurlTransport({});
    Clock::time_point end = Clock::now() + how_long;
    int round = 0;
    while (Clock::now() < end) {
      Clock::time_point t0 = Clock::now();
      Result<sync::HttpResponse> r = transport->Send({"GET", hub_.url() + "/v1/health", {}, ""});
      double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      p.worst_health_ms = std::max(p.worst_health_ms, ms);
      if (!r.ok() || r->status != 200) ++p.failures;
      if (++round % 5 == 0) {
        Store::Open(kiosk_)->Audit("probe", {{"round", round}}).status();
        std::string out, err;
        t0 = Clock::now();
        int code = Kioskctl(kiosk_, {"sync", "--attempts", "1"}, &out, &err);
        ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        p.worst_sync_ms = std::max(p.worst_sync_ms, ms);
        if (code != 0) ++p.failures;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return p;
  }

  // Opens 64 idle and 64 trickling connections from `addresses` (in turn), probes while they
  // hang on, and checks the hub answered throughout and closed them by the deadline.
  void Attack(const std::vector<std::string>& addresses) {
    std::vector<int> idle, trickle;
    for (int i = 0; i < 64; ++i) {
      idle.push_back(ConnectFrom(addresses[i % addresses.size()], hub_.port()));
      trickle.push_back(ConnectFrom(addresses[(i + 1) % addresses.size()], hub_.port()));
    }
    std::atomic<bool> stop{false};
    std::thread trickler([&] {
      const std::string head = "GET /v1/health HTTP/1.1\r\nHost: hub\r\nX-Slow: ";
      for (size_t i = 0; !stop; ++i) {
        for (int fd : trickle) {
          if (fd >= 0) (void)send(fd, &head[i % head.size()], 1, MSG_NOSIGNAL | MSG_DONTWAIT);
        }
        for (int t = 0; t < 10 && !stop; ++t) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
    Probe p = ProbeFor(std::chrono::milliseconds(4000));
    stop = true;
    trickler.join();
    EXPECT_EQ(p.failures, 0);
    EXPECT_LT(p.worst_health_ms, 1000.0);
    EXPECT_LT(p.worst_sync_ms, 1000.0);
    std::printf("FrontDoor: %zu address(es): worst health %.1f ms, worst sync pass %.1f ms\n",
                addresses.size(), p.worst_health_ms, p.worst_sync_ms);
    // The head deadline (2 s here) has passed for all of them: each is closed.
    int still_open = 0;
    for (int fd : idle) still_open += fd >= 0 && !ClosedByHub(fd, std::chrono::milliseconds(1500));
    for (int fd : trickle) still_open += fd >= 0 && !ClosedByHub(fd, std::chrono::milliseconds(1500));
    EXPECT_EQ(still_open, 0);
    for (int fd : idle) close(fd);
    for (int fd : trickle) close(fd);
  }

  TempDir dir_;
  HubProcess hub_{dir_.File("hub.db"),
                  {"--head-deadline-ms", "2000", "--connections-per-address", "32"}};
  std::string kiosk_;
};

TEST_F(FrontDoor, SlowAndIdleConnectionsFromOneAddressFreezeNothing) {
  Attack({"127.0.0.2"});
  std::string log = ReadBytes(dir_.File("hub.db.log"));
  // At most 32 of the 128 were let in (the limit per address); the rest were refused, and the
  // ones let in were cut by the head deadline, each logged once with its reason.
  EXPECT_NE(log.find("127.0.0.2 - - refused error=too_many_connections"), std::string::npos);
  EXPECT_NE(log.find("error=head_too_slow"), std::string::npos) << log.substr(0, 2000);
}

TEST_F(FrontDoor, SlowAndIdleConnectionsFromManyAddressesFreezeNothing) {
  std::vector<std::string> addresses;
  for (int i = 2; i < 10; ++i) addresses.push_back("127.0.0." + std::to_string(i));
  Attack(addresses);
  std::string log = ReadBytes(dir_.File("hub.db.log"));
  EXPECT_EQ(log.find("refused"), std::string::npos) << "16 each: under the limit per address";
  size_t cut = 0;
  for (size_t at = log.find("error=head_too_slow"); at != std::string::npos;
       at = log.find("error=head_too_slow", at + 1)) {
    ++cut;
  }
  EXPECT_EQ(cut, 128u);
}

// A body that arrives slower than the minimum rate is cut; one at a modest rate is not.
TEST_F(FrontDoor, ABodyFarBelowTheMinimumRateIsCut) {
  int fd = ConnectFrom("127.0.0.3", hub_.port());
  ASSERT_GE(fd, 0);
  std::string head = "POST /v1/enroll HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n"
                     "Content-Length: 4000\r\n\r\n";
  ASSERT_EQ(send(fd, head.data(), head.size(), MSG_NOSIGNAL), static_cast<ssize_t>(head.size()));
  // The grace period is 10 s plus 2 s for 4000 bytes at 2 KB/s; a byte a second never gets there.
  bool closed = false;
  for (int i = 0; i < 16 && !closed; ++i) {
    (void)send(fd, "{", 1, MSG_NOSIGNAL);
    closed = ClosedByHub(fd, std::chrono::milliseconds(1000));
  }
  EXPECT_TRUE(closed);
  close(fd);
  // The line is written just after the cut.
  std::string log;
  for (int i = 0; i < 20 && log.find("error=body_too_slow") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    log = ReadBytes(dir_.File("hub.db.log"));
  }
  EXPECT_NE(log.find("error=body_too_slow"), std::string::npos) << log;
}

}  // namespace
}  // namespace stem::test
