// stem-hub's command line as a process: help, usage mistakes, refused files, exit codes.
#include "tests/sync/sync_fixture.h"

namespace stem::test {
namespace {

TEST(HubCli, HelpUsageMistakesAndRefusedFilesGetTheRightExitCodes) {
  TempDir dir;
  std::string out, err;
  EXPECT_EQ(RunProcess({STEM_HUB_PATH, "--help"}, &out, &err), 0);
  EXPECT_NE(out.find("device add NAME"), std::string::npos);
  EXPECT_EQ(RunProcess({STEM_HUB_PATH}, &out, &err), 2);
  struct Case {
    std::vector<std::string> args;
    int code;
    const char* message;
  };
  std::string db = dir.File("hub.db");
  WriteBytes(dir.File("notes.txt"), "not a database at all, just some words in a text file......");
  std::vector<Case> cases = {
      {{"frobnicate", "--db", db}, 2, "unknown command"},
      {{"serve", "--db", db}, 2, "--listen"},
      {{"serve", "--db", db, "--listen", "localhost"}, 2, "ADDR:PORT"},
      {{"serve", "--db", db, "--listen", "127.0.0.1:99999"}, 2, "ADDR:PORT"},
      {{"serve", "--db", db, "--listen", "127.0.0.1:0", "--tls-cert", "x.pem"}, 2, "go together"},
      {{"device", "add", "--db", db}, 2, "device add NAME"},
      {{"device", "list", "--bogus", "1", "--db", db}, 2, "unknown option"},
      {{"device", "revoke", "Nobody", "--db", db}, 1, "no device named"},
      {{"export", "--format", "xml", "--db", db}, 2, "xlsx, csv or json"},
      {{"device", "list", "--db", dir.File("notes.txt")}, 1, "not a hub database"},
      {{"event", "create", "--name", "X", "--kind", "party", "--start", "2026-01-01", "--db", db}, 1, "fair or camp"},
      {{"import", dir.File("nowhere"), "--db", db}, 1, "cannot read"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> argv = {STEM_HUB_PATH};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    EXPECT_EQ(RunProcess(argv, &out, &err), c.code) << c.args[0] << " " << err;
    EXPECT_NE(err.find(c.message), std::string::npos) << c.args[0] << ": " << err;
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  }
  EXPECT_EQ(ReadBytes(dir.File("notes.txt")).substr(0, 10), "not a data");
  // A device name is unique.
  ASSERT_EQ(RunProcess({STEM_HUB_PATH, "device", "add", "Desk", "--db", db}, &out, &err), 0);
  EXPECT_EQ(out.size(), 12u) << out;  // "XXXXX-XXXXX\n"
  EXPECT_EQ(RunProcess({STEM_HUB_PATH, "device", "add", "Desk", "--db", db}, &out, &err), 1);
  EXPECT_NE(err.find("exists"), std::string::npos);
}

TEST(HubCli, StopsCleanlyOnSigterm) {
  TempDir dir;
  HubProcess hub(dir.File("hub.db"));
  ASSERT_GT(hub.Start(), 0);
  EXPECT_EQ(hub.Kill(SIGTERM), 0);
}

}  // namespace
}  // namespace stem::test
