// stem-hub --config FILE: the settings file the hub's service reads, validated line by line.
#include "sync/hub/hub_config.h"
#include "tests/sync/sync_fixture.h"

namespace stem::test {
namespace {

TEST(HubConfig, ReadsKeysCommentsAndBlankLines) {
  Result<std::map<std::string, std::string>> c = hub::ParseHubConfig(
      "# the hub\n\n  db = /var/lib/stem-hub/hub.db \nlisten=0.0.0.0:8443\r\n"
      "tls-cert = /etc/stem-hub/cert.pem\ntls-key = /etc/stem-hub/key.pem\n"
      "max-batch-bytes = 2048",
      "hub.conf");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  std::map<std::string, std::string> expected = {{"--db", "/var/lib/stem-hub/hub.db"},
                                                 {"--listen", "0.0.0.0:8443"},
                                                 {"--tls-cert", "/etc/stem-hub/cert.pem"},
                                                 {"--tls-key", "/etc/stem-hub/key.pem"},
                                                 {"--max-batch-bytes", "2048"}};
  EXPECT_EQ(*c, expected);
  EXPECT_TRUE(hub::ParseHubConfig("", "empty.conf")->empty());
}

TEST(HubConfig, RefusesBadLinesNamingTheLine) {
  struct Case {
    std::string text;
    const char* message;
  };
  std::vector<Case> cases = {
      {"db = a.db\nlisten 127.0.0.1:1\n", "c.conf line 2: expected key = value"},
      {"# ok\nport = 80\n", "c.conf line 2: unknown setting \"port\""},
      {"db =\n", "c.conf line 1: db is empty"},
      {"db = a\n\ndb = b\n", "c.conf line 3: db is set twice"},
      {"--db = a\n", "unknown setting"},
      {std::string(70000, '#'), "larger than 64 KiB"},
  };
  for (const Case& c : cases) {
    Result<std::map<std::string, std::string>> r = hub::ParseHubConfig(c.text, "c.conf");
    ASSERT_FALSE(r.ok()) << c.text.substr(0, 40);
    EXPECT_EQ(r.status().reason(), "bad_config");
    EXPECT_NE(r.status().ToString().find(c.message), std::string::npos) << r.status().ToString();
  }
}

TEST(HubConfig, TheCommandLineReadsItAndWinsOverIt) {
  TempDir dir;
  std::string out, err;
  WriteBytes(dir.File("hub.conf"), "db = " + dir.File("from-config.db") + "\n");
  ASSERT_EQ(RunProcess({STEM_HUB_PATH, "device", "add", "Desk", "--config", dir.File("hub.conf")},
                       &out, &err), 0) << err;
  EXPECT_TRUE(Exists(dir.File("from-config.db")));
  ASSERT_EQ(RunProcess({STEM_HUB_PATH, "device", "add", "Gym", "--config", dir.File("hub.conf"),
                        "--db", dir.File("from-line.db")}, &out, &err), 0) << err;
  ASSERT_EQ(RunProcess({STEM_HUB_PATH, "device", "list", "--db", dir.File("from-line.db")}, &out,
                       &err), 0) << err;
  EXPECT_EQ(out.rfind("Gym\t", 0), 0u) << out;

  // A bad file or a missing one: one line naming it, nothing created.
  WriteBytes(dir.File("bad.conf"), "db = " + dir.File("never.db") + "\nlisten = 127.0.0.1:0\nporte = 1\n");
  EXPECT_EQ(RunProcess({STEM_HUB_PATH, "serve", "--config", dir.File("bad.conf")}, &out, &err), 1);
  EXPECT_NE(err.find("bad.conf line 3: unknown setting"), std::string::npos) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  EXPECT_EQ(RunProcess({STEM_HUB_PATH, "status", "--config", dir.File("none.conf")}, &out, &err), 1);
  EXPECT_NE(err.find("cannot read the config file"), std::string::npos) << err;
  EXPECT_FALSE(Exists(dir.File("never.db")));
}

}  // namespace
}  // namespace stem::test
