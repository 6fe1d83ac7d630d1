// Guessing enrollment codes against a real stem-hub process: after five failures an address
// gets 429 with Retry-After (even with the right code), other addresses still enroll, the
// code never reaches the log, and codes expire.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <fstream>
#include <sstream>

#include "sync/protocol/messages.h"
#include "tests/sync/sync_fixture.h"

namespace stem::test {
namespace {

struct Answer {
  int status = 0;
  std::string retry_after;
  std::string body;
};

// POST /v1/enroll over a plain socket bound to `from` (any 127.x address reaches the hub on
// 127.0.0.1), so the test chooses the client address the hub sees.
Answer EnrollFrom(const std::string& from, int port, const std::string& code,
                  const std::string& device_id) {
  Answer a;
  int fd = ConnectFrom(from, port);
  if (fd < 0) return a;
  std::string body = sync::EncodeEnrollRequest({code, device_id});
  std::string req = "POST /v1/enroll HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n"
                    "Connection: close\r\nContent-Length: " + std::to_string(body.size()) +
                    "\r\n\r\n" + body;
  if (write(fd, req.data(), req.size()) != static_cast<ssize_t>(req.size())) {
    close(fd);
    return a;
  }
  std::string raw;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) raw.append(buf, static_cast<size_t>(n));
  close(fd);
  if (raw.rfind("HTTP/1.1 ", 0) != 0) return a;
  a.status = std::stoi(raw.substr(9, 3));
  size_t ra = raw.find("Retry-After: ");
  if (ra != std::string::npos) a.retry_after = raw.substr(ra + 13, raw.find("\r\n", ra) - ra - 13);
  size_t end = raw.find("\r\n\r\n");
  if (end != std::string::npos) a.body = raw.substr(end + 4);
  return a;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class EnrollLimit : public ::testing::Test {
 protected:
  TempDir dir_;
};

TEST_F(EnrollLimit, GuessingIsHeldBackPerAddressWithRetryAfter) {
  HubProcess hub(dir_.File("hub.db"));
  ASSERT_GT(hub.Start(), 0);
  std::string code = hub.AddDevice("Front desk");
  std::string other = hub.AddDevice("Self service");
  const std::string kiosk_a = "0192f0c1-7a3b-7c4d-8e5f-00000000000a";
  const std::string kiosk_b = "0192f0c1-7a3b-7c4d-8e5f-00000000000b";
  for (int i = 0; i < 5; ++i) {
    Answer a = EnrollFrom("127.0.0.1", hub.port(), "WRONG-GUES" + std::to_string(i), kiosk_a);
    EXPECT_EQ(a.status, 401) << i << " " << a.body;
  }
  // The sixth try from the same address is refused before the code is looked at, even
  // though this one is right.
  Answer held = EnrollFrom("127.0.0.1", hub.port(), code, kiosk_a);
  EXPECT_EQ(held.status, 429) << held.body;
  EXPECT_NE(held.body.find("too_many_enrollment_attempts"), std::string::npos) << held.body;
  ASSERT_FALSE(held.retry_after.empty());
  int wait = std::stoi(held.retry_after);
  EXPECT_GT(wait, 500);
  EXPECT_LE(wait, 600);
  // Another address is not held back by this one's failures, and the right code still works
  // there; the held code was not used up by the refused try either.
  Answer b = EnrollFrom("127.0.0.2", hub.port(), other, kiosk_b);
  EXPECT_EQ(b.status, 201) << b.body;
  std::string kiosk = MakeKiosk(dir_, "k", 0);
  std::string out, err;
  EXPECT_NE(Kioskctl(kiosk, {"enroll", hub.url(), code}, &out, &err), 0);
  EXPECT_NE(err.find("too many wrong codes"), std::string::npos) << err;
  EXPECT_EQ(HubCount(hub.db(), "devices WHERE kiosk_id IS NOT NULL"), 1);
  hub.Kill(SIGTERM);
  // Every refusal is logged with its reason, never with the code that was tried.
  std::string log = ReadFile(hub.log_path());
  EXPECT_NE(log.find("429"), std::string::npos) << log;
  EXPECT_NE(log.find("error=too_many_enrollment_attempts"), std::string::npos) << log;
  EXPECT_NE(log.find("error=bad_enrollment_code"), std::string::npos) << log;
  EXPECT_EQ(log.find("WRONG"), std::string::npos) << log;
  EXPECT_EQ(log.find(code), std::string::npos) << log;
  // After a restart (the limit is in memory) the right code enrolls the first kiosk.
  ASSERT_GT(hub.Start(), 0);
  EXPECT_EQ(Kioskctl(kiosk, {"enroll", hub.url(), code}, &out, &err), 0) << err;
}

TEST_F(EnrollLimit, ACodeExpiresAfterSevenDays) {
  HubProcess hub(dir_.File("hub.db"));
  ASSERT_GT(hub.Start(), 0);
  std::string code = hub.AddDevice("Front desk");
  {
    std::unique_ptr<hub::db::Connection> db = OpenHubDb(hub.db());
    ASSERT_NE(db, nullptr);
    ASSERT_TRUE(db->Exec("UPDATE devices SET created_at = '2020-01-01T00:00:00.000Z'").ok());
  }
  Answer a = EnrollFrom("127.0.0.1", hub.port(), code, "0192f0c1-7a3b-7c4d-8e5f-00000000000a");
  EXPECT_EQ(a.status, 401);
  EXPECT_NE(a.body.find("expired_enrollment_code"), std::string::npos) << a.body;
  EXPECT_EQ(HubCount(hub.db(), "devices WHERE kiosk_id IS NOT NULL"), 0);
}

}  // namespace
}  // namespace stem::test
