// The shipped nginx site file (installer/nginx/stem-hub.conf) in front of the real hub on
// loopback, with Debian's nginx: the configuration passes `nginx -t`, a kiosk enrolls and
// syncs through it over TLS, and the hub sees the kiosk's address (X-Forwarded-For from its
// trusted proxy) in its log and throttles.
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "tests/sync/sync_fixture.h"

namespace stem::test {
namespace {

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    close(fd);
    return -1;
  }
  close(fd);
  return ntohs(a.sin_port);
}

// The shipped site file made to run here: loopback ports, the test's certificate, the hub's
// port. Everything else (limits, buffering, headers) is used as shipped.
std::string LocalSite(const std::string& shipped, int https_port, int http_port, int hub_port,
                      const std::string& cert, const std::string& key) {
  std::string site = shipped;
  auto replace = [&](const std::string& from, const std::string& to) {
    size_t at = site.find(from);
    EXPECT_NE(at, std::string::npos) << "the site file no longer has: " << from;
    if (at != std::string::npos) site.replace(at, from.size(), to);
  };
  replace("listen 443 ssl;", "listen 127.0.0.1:" + std::to_string(https_port) + " ssl;");
  replace("listen [::]:443 ssl;", "");
  replace("listen 80;", "listen 127.0.0.1:" + std::to_string(http_port) + ";");
  replace("listen [::]:80;", "");
  replace("server 127.0.0.1:8443;", "server 127.0.0.1:" + std::to_string(hub_port) + ";");
  site = std::regex_replace(site, std::regex("ssl_certificate /etc/[^;]*;"), "ssl_certificate " + cert + ";");
  site = std::regex_replace(site, std::regex("ssl_certificate_key /etc/[^;]*;"),
                            "ssl_certificate_key " + key + ";");
  return site;
}

TEST(Nginx, AKioskSyncsThroughTheShippedSiteFile) {
  const std::string nginx = "/usr/sbin/nginx";
  if (!std::filesystem::exists(nginx) || !std::filesystem::exists("/usr/bin/openssl")) {
    GTEST_SKIP() << "nginx or openssl not installed (installer/install-deps.sh installs both)";
  }
  TempDir dir;
  std::string cert = dir.File("cert.pem"), key = dir.File("key.pem");
  ASSERT_EQ(RunProcess({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
                        "subjectAltName=IP:127.0.0.1"}),
            0);
  HubProcess hub(dir.File("hub.db"), {"--trusted-proxy", "127.0.0.1"});
  ASSERT_GT(hub.Start(), 0);

  int https_port = FreePort(), http_port = FreePort();
  std::string shipped = ReadBytes(std::string(STEM_SOURCE_DIR) + "/installer/nginx/stem-hub.conf");
  WriteBytes(dir.File("site.conf"), LocalSite(shipped, https_port, http_port, hub.port(), cert, key));
  std::filesystem::create_directories(dir.File("tmp"));
  WriteBytes(dir.File("nginx.conf"),
             "daemon off;\nmaster_process off;\nworker_processes 1;\npid " + dir.File("nginx.pid") +
                 ";\nerror_log " + dir.File("error.log") + " warn;\nevents {}\nhttp {\n"
                 "  access_log " + dir.File("access.log") + ";\n"
                 "  client_body_temp_path " + dir.File("tmp") + ";\n"
                 "  proxy_temp_path " + dir.File("tmp") + ";\n"
                 "  include " + dir.File("site.conf") + ";\n}\n");
  std::string out, err;
  ASSERT_EQ(RunProcess({nginx, "-t", "-p", dir.path().string(), "-c", dir.File("nginx.conf")}, &out, &err), 0)
      << err;

  pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    execl(nginx.c_str(), nginx.c_str(), "-p", dir.path().c_str(), "-c",
          dir.File("nginx.conf").c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  std::string url = "https://127.0.0.1:" + std::to_string(https_port);
  // nginx is up once its port answers.
  bool up = false;
  for (int i = 0; i < 100 && !up; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(https_port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    up = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    close(fd);
  }
  ASSERT_TRUE(up) << ReadBytes(dir.File("error.log"));

  std::string kiosk = MakeKiosk(dir, "k1", 400);  // two batches of 250 at most
  ASSERT_EQ(Kioskctl(kiosk, {"enroll", url, hub.AddDevice("Front desk"), "--ca-file", cert}, &out, &err), 0)
      << err << ReadBytes(dir.File("error.log"));
  ASSERT_EQ(Kioskctl(kiosk, {"sync"}, &out, &err), 0) << err;
  EXPECT_EQ(Waiting(kiosk), 0);
  ExpectExactlyOnce(hub.db(), {kiosk});

  // nginx's plain port sends everyone to https.
  std::string headers;
  ASSERT_EQ(RunProcess({"/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}",
                        "http://127.0.0.1:" + std::to_string(http_port) + "/v1/health"},
                       &headers),
            0);
  EXPECT_EQ(headers.rfind("301 https://", 0), 0u) << headers;

  // A client at 127.0.0.5 through nginx is 127.0.0.5 to the hub; one at 127.0.0.6 that
  // forges X-Forwarded-For straight to the hub (not a trusted proxy) stays 127.0.0.6.
  ASSERT_EQ(RunProcess({"/usr/bin/curl", "-s", "--interface", "127.0.0.5", "--cacert", cert,
                        url + "/v1/health"}, &out),
            0);
  EXPECT_EQ(out, R"({"status":"ok"})");
  ASSERT_EQ(RunProcess({"/usr/bin/curl", "-s", "--interface", "127.0.0.6", "-H",
                        "X-Forwarded-For: 203.0.113.9", hub.url() + "/v1/health"}, &out),
            0);
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  std::string log = ReadBytes(dir.File("hub.db.log"));
  EXPECT_NE(log.find("127.0.0.1 POST /v1/batches 200"), std::string::npos) << log;
  EXPECT_NE(log.find("caller=Front desk"), std::string::npos) << log;
  EXPECT_NE(log.find("127.0.0.5 GET /v1/health 200"), std::string::npos) << log;
  EXPECT_NE(log.find("127.0.0.6 GET /v1/health 200"), std::string::npos) << log;
  EXPECT_EQ(log.find("203.0.113.9"), std::string::npos) << log;
}

}  // namespace
}  // namespace stem::test
