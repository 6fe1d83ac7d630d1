// stem-kiosk's command line: flags, the store path default shared with kioskctl, mistakes.
#include "kiosk/app/core/app_args.h"

#include <gtest/gtest.h>

namespace stem::kiosk {
namespace {

using Env = std::map<std::string, std::string>;

TEST(AppArgsTest, Table) {
  struct Case {
    std::vector<std::string> args;
    Env env;
    std::string db;  // expected path, or "" for an error
    bool windowed;
    std::string lang;
  };
  const std::vector<Case> cases = {
      {{}, {{"HOME", "/h"}}, "/h/.local/share/stem-kiosk/kiosk.db", false, ""},
      {{}, {{"HOME", "/h"}, {"XDG_DATA_HOME", "/x"}}, "/x/stem-kiosk/kiosk.db", false, ""},
      {{}, {{"STEM_KIOSK_DB", "/e.db"}, {"HOME", "/h"}}, "/e.db", false, ""},
      {{"--db", "/a.db", "--windowed"}, {{"STEM_KIOSK_DB", "/e.db"}}, "/a.db", true, ""},
      {{"--db=/b.db", "--lang", "es"}, {}, "/b.db", false, "es"},
      {{"--db"}, {}, "", false, ""},
      {{"--db="}, {}, "", false, ""},
      {{"--lang", "fr"}, {}, "", false, ""},
      {{"--bogus"}, {}, "", false, ""},
  };
  for (const Case& c : cases) {
    std::string joined;
    for (const auto& a : c.args) joined += a + " ";
    SCOPED_TRACE(joined);
    Result<AppArgs> r = ParseAppArgs(c.args, c.env);
    if (c.db.empty()) {
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.status().reason(), "usage");
      EXPECT_EQ(r.status().detail().find('\n'), std::string::npos);
      continue;
    }
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->db_path, c.db);
    EXPECT_EQ(r->windowed, c.windowed);
    EXPECT_EQ(r->language, c.lang);
  }
}

TEST(AppArgsTest, Help) {
  Result<AppArgs> r = ParseAppArgs({"--help"}, {});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->help);
  EXPECT_NE(std::string(AppUsage()).find("--windowed"), std::string::npos);
}

}  // namespace
}  // namespace stem::kiosk
