// Staff accounts: the rules on their own, and `stem-hub user ...` / `audit` against a real
// hub database.
#include "sync/hub/accounts/accounts.h"

#include <regex>

#include "tests/sync/sync_fixture.h"

namespace stem::test {
namespace {

namespace accounts = hub::accounts;

TEST(Accounts, EmailsRolesAndPasswordRules) {
  EXPECT_EQ(accounts::NormalizeEmail("Ana.Ruiz@Example.ORG").value(), "ana.ruiz@example.org");
  for (const char* bad : {"", "ana", "@example.org", "ana@", "ana@@example.org", "ana ruiz@x.org",
                          "ana@x..org", "ana@.x.org", "<ana@x.org>", "ana@x.org\n"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(accounts::NormalizeEmail(bad).status().reason(), "bad_email");
  }
  EXPECT_EQ(accounts::ParseRole("reviewer").value(), accounts::Role::kReviewer);
  EXPECT_EQ(accounts::ParseRole("root").status().reason(), "bad_role");
  EXPECT_TRUE(accounts::Includes(accounts::Role::kAdmin, accounts::Role::kStaff));
  EXPECT_TRUE(accounts::Includes(accounts::Role::kReviewer, accounts::Role::kViewer));
  EXPECT_FALSE(accounts::Includes(accounts::Role::kReviewer, accounts::Role::kStaff));

  struct Case {
    const char* password;
    const char* reason;  // "" when accepted
  } cases[] = {
      {"short1!", "password_too_short"},
      {"ñandú1234", "password_too_short"},  // 9 characters, 11 bytes
      {"ñandú12345", ""},
      {"Password123", "password_too_common"},
      {"QWERTYUIOP", "password_too_common"},
      {"aaaaaaaaaaaa", "password_too_common"},
      {"robots on the moon", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.password);
    EXPECT_EQ(accounts::CheckNewPassword(c.password).reason(), c.reason);
  }
  EXPECT_EQ(accounts::CheckNewPassword(std::string(1025, 'x') + "y").reason(), "password_too_long");

  Result<std::string> hash = accounts::HashPassword("robots on the moon");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_TRUE(accounts::VerifyPassword("robots on the moon", *hash));
  EXPECT_FALSE(accounts::VerifyPassword("robots on the moon ", *hash));
  EXPECT_FALSE(accounts::VerifyPassword("robots on the moon", ""));

  std::string a = accounts::NewToken(), b = accounts::NewToken();
  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, b);
  EXPECT_TRUE(std::regex_match(a, std::regex("[A-Za-z0-9_-]{43}")));
  EXPECT_EQ(accounts::TokenHash(a).size(), 64u);
}

TEST(HubUsers, AccountsFromTheCommandLineAreAuditedAndKeepNoSecretInTheClear) {
  TempDir dir;
  HubProcess hub(dir.File("hub.db"));
  std::string out, err;
  WriteBytes(dir.File("pw.txt"), "robots on the moon\n");
  ASSERT_EQ(hub.Admin({"user", "add", "Dana@Example.org", "--role", "admin", "--password-file",
                       dir.File("pw.txt")}, &out, &err), 0) << err;
  EXPECT_NE(out.find("added dana@example.org (admin)"), std::string::npos) << out;
  ASSERT_EQ(hub.Admin({"user", "add", "lee@example.org", "--role", "reviewer"}, &out, &err), 0) << err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(out, m, std::regex("/welcome\\?token=([A-Za-z0-9_-]{43})"))) << out;
  std::string token = m[1].str();

  // Refusals: one line, exit 1 (2 for a usage mistake), nothing changed.
  WriteBytes(dir.File("weak.txt"), "password123");
  struct Refusal {
    std::vector<std::string> args;
    const char* says;
    int code = 1;
  } refusals[] = {
      {{"user", "add", "lee@example.org", "--role", "viewer"}, "exists"},
      {{"user", "add", "kim@example.org", "--role", "owner"}, "viewer, reviewer, staff or admin"},
      {{"user", "add", "not-an-address", "--role", "viewer"}, "e-mail"},
      {{"user", "add", "kim@example.org"}, "--role", 2},
      {{"user", "add", "kim@example.org", "--role", "viewer", "--password-file", dir.File("weak.txt")},
       "commonest"},
      {{"user", "add", "kim@example.org", "--role", "viewer", "--password-file", dir.File("none.txt")},
       "cannot open"},
      {{"user", "role", "nobody@example.org", "staff"}, "no account"},
      {{"user", "disable", "nobody@example.org"}, "no account"},
      {{"user", "sensitive-data", "nobody@example.org", "yes"}, "no account"},
      {{"user", "sensitive-data", "dana@example.org", "maybe"}, "yes|no", 2},
      {{"user", "sensitive-data", "dana@example.org", "yes"}, "only a staff account"},
      {{"audit", "--limit", "0"}, "--limit", 2},
  };
  for (const Refusal& r : refusals) {
    SCOPED_TRACE(r.args[1]);
    EXPECT_EQ(hub.Admin(r.args, &out, &err), r.code);
    EXPECT_NE(err.find(r.says), std::string::npos) << err;
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  }

  ASSERT_EQ(hub.Admin({"user", "role", "lee@example.org", "staff"}, &out, &err), 0) << err;
  ASSERT_EQ(hub.Admin({"user", "list"}, &out, &err), 0) << err;
  EXPECT_NE(out.find("dana@example.org\tadmin\tactive"), std::string::npos) << out;
  EXPECT_NE(out.find("lee@example.org\tstaff\tinvited"), std::string::npos) << out;
  ASSERT_EQ(hub.Admin({"user", "disable", "dana@example.org"}, &out, &err), 0) << err;
  ASSERT_EQ(hub.Admin({"user", "reset", "lee@example.org"}, &out, &err), 0) << err;
  ASSERT_TRUE(std::regex_search(out, m, std::regex("/welcome\\?token=([A-Za-z0-9_-]{43})"))) << out;
  EXPECT_NE(m[1].str(), token) << "a reset makes a new link";
  ASSERT_EQ(hub.Admin({"user", "list"}, &out, &err), 0) << err;
  EXPECT_NE(out.find("dana@example.org\tadmin\tdisabled"), std::string::npos) << out;

  ASSERT_EQ(hub.Admin({"audit"}, &out, &err), 0) << err;
  for (const char* action : {"user_added", "role_changed", "user_disabled", "user_reset"}) {
    EXPECT_NE(out.find(action), std::string::npos) << action << "\n" << out;
  }
  EXPECT_NE(out.find("command line ("), std::string::npos) << out;
  EXPECT_LT(out.find("user_reset"), out.find("user_added")) << "newest first";

  // Neither the password nor a link's token is stored or shown: in the database's own bytes
  // (SQLite), or in every table that holds them (either backend).
  std::string db;
  if (!HubOnPostgres()) db = ReadBytes(dir.File("hub.db")) + ReadBytes(dir.File("hub.db-wal"));
  {
    std::unique_ptr<hub::db::Connection> conn = OpenHubDb(hub.db());
    ASSERT_NE(conn, nullptr);
    for (const char* sql : {"SELECT email || password_hash FROM users",
                            "SELECT token_hash || email FROM signin_links",
                            "SELECT actor || action || detail FROM audit_log"}) {
      Result<hub::db::Statement> s = conn->Prepare(sql);
      ASSERT_TRUE(s.ok()) << s.status().ToString();
      while (true) {
        Result<bool> row = s->Step();
        ASSERT_TRUE(row.ok()) << row.status().ToString();
        if (!*row) break;
        db += s->Text(0) + "\n";
      }
    }
  }
  EXPECT_EQ(db.find("robots on the moon"), std::string::npos);
  EXPECT_EQ(db.find(token), std::string::npos);
  EXPECT_NE(db.find("$argon2id$"), std::string::npos);
  EXPECT_EQ(out.find(token), std::string::npos);
}

}  // namespace
}  // namespace stem::test
