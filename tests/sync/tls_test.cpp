// stem-hub over TLS (libmicrohttpd with GnuTLS, Debian's build): the kiosk verifies the
// hub's certificate against the CA file it was given, and refuses the hub without it.
#include <filesystem>

#include "tests/sync/sync_fixture.h"

namespace stem::test {
namespace {

TEST(HubTls, KioskSyncsOverVerifiedTlsAndRefusesAnUnknownCertificate) {
  if (!std::filesystem::exists("/usr/bin/openssl")) GTEST_SKIP() << "openssl CLI not installed";
  TempDir dir;
  std::string cert = dir.File("cert.pem"), key = dir.File("key.pem");
  ASSERT_EQ(RunProcess({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                        "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"}),
            0);
  HubProcess hub(dir.File("hub.db"), {"--tls-cert", cert, "--tls-key", key});
  ASSERT_GT(hub.Start(), 0);
  std::string url = "https://127.0.0.1:" + std::to_string(hub.port());
  std::string kiosk = MakeKiosk(dir, "k1", 15);
  std::string code = hub.AddDevice("Front desk");
  std::string out, err;
  // Without the CA the certificate cannot be verified: nothing is sent, the code stays usable.
  EXPECT_EQ(Kioskctl(kiosk, {"enroll", url, code}, &out, &err), 1);
  EXPECT_NE(err.find("certificate"), std::string::npos) << err;
  ASSERT_EQ(Kioskctl(kiosk, {"enroll", url, code, "--ca-file", cert}, &out, &err), 0) << err;
  ASSERT_EQ(Kioskctl(kiosk, {"sync"}, &out, &err), 0) << err;
  EXPECT_EQ(Waiting(kiosk), 0);
  ExpectExactlyOnce(hub.db(), {kiosk});
}

}  // namespace
}  // namespace stem::test
