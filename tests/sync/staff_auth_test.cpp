// Signing in to the staff pages, on a real hub database with a fake clock: sessions end after
// 8 idle hours (and when the account is disabled or reset), a role change applies at once, the
// throttle counts only the last 10 minutes, sign-in links expire after 72 hours and work once;
// and the people search's words (accents, phone digits, codes, a renamed person).
#include "sync/hub/web/staff_auth.h"

#include "sync/hub/accounts/accounts.h"
#include "sync/hub/storage/sql_hub_storage.h"
#include <regex>

#include "sync/hub/web/renderer.h"
#include "sync/hub/web/web_files.h"
#include "tests/sync/sync_fixture.h"

namespace stem::test {
namespace {

using namespace std::chrono_literals;
namespace accounts = hub::accounts;

class StaffAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = hub::SqlHubStorage::Open(location_, true, &clock_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    storage_ = std::move(s).value();
    auto r = hub::web::Renderer::Load();
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    renderer_ = std::move(r).value();
    auth_ = std::make_unique<hub::web::StaffAuth>(*storage_, *renderer_, clock_, false);
    ASSERT_TRUE(storage_->AddUser("ana@example.org", "staff", "x", "test").ok());
  }

  // A request for a page of `access` carrying `cookie` (and for a POST, `csrf`).
  std::optional<hub::http::Response> Call(hub::http::Access access, const std::string& cookie,
                                          const std::string& method = "GET",
                                          const std::string& csrf = "") {
    hub::http::Route route{method, "/devices", access, nullptr};
    hub::http::Request req;
    req.method = method;
    req.path = "/devices";
    req.headers["cookie"] = std::string(hub::web::kSessionCookie) + "=" + cookie;
    if (!csrf.empty()) req.body = "csrf=" + csrf;
    return auth_->Authorize(route, req);
  }

  TempDir dir_;
  std::string location_ = HubLocation(dir_.File("hub.db"));  // a file, or PostgreSQL
  FakeClock clock_{std::chrono::system_clock::now()};
  std::unique_ptr<hub::SqlHubStorage> storage_;
  std::unique_ptr<hub::web::Renderer> renderer_;
  std::unique_ptr<hub::web::StaffAuth> auth_;
};

TEST_F(StaffAuthTest, SessionsEndAfterEightIdleHoursAndWithTheAccount) {
  std::string cookie = accounts::NewToken();
  ASSERT_TRUE(storage_->StartSession(accounts::TokenHash(cookie), "ana@example.org", "tok", "1.2.3.4").ok());
  EXPECT_FALSE(Call(hub::http::Access::kStaff, cookie).has_value());
  clock_.Advance(7h);  // used within 8 hours: still signed in, and used again now
  EXPECT_FALSE(Call(hub::http::Access::kStaff, cookie).has_value());
  clock_.Advance(7h + 59min);
  EXPECT_FALSE(Call(hub::http::Access::kStaff, cookie).has_value());
  clock_.Advance(8h + 1min);
  std::optional<hub::http::Response> out = Call(hub::http::Access::kStaff, cookie);
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->status, 303);

  std::string again = accounts::NewToken();
  ASSERT_TRUE(storage_->StartSession(accounts::TokenHash(again), "ana@example.org", "tok", "1.2.3.4").ok());
  // A role change applies to the session at once.
  ASSERT_TRUE(storage_->SetUserRole("ana@example.org", "viewer", "test").ok());
  EXPECT_EQ(Call(hub::http::Access::kStaff, again)->status, 403);
  EXPECT_FALSE(Call(hub::http::Access::kViewer, again).has_value());
  // A state change needs the session's own token.
  EXPECT_EQ(Call(hub::http::Access::kViewer, again, "POST")->status, 403);
  EXPECT_EQ(Call(hub::http::Access::kViewer, again, "POST", "tik")->status, 403);
  EXPECT_FALSE(Call(hub::http::Access::kViewer, again, "POST", "tok").has_value());
  // Disabling the account signs it out.
  ASSERT_TRUE(storage_->DisableUser("ana@example.org", "test").ok());
  EXPECT_EQ(Call(hub::http::Access::kViewer, again)->status, 303);
  EXPECT_EQ(storage_->FindSession(accounts::TokenHash(again), "").status().reason(), "no_session");
}

TEST_F(StaffAuthTest, APagesOwnPollingDoesNotKeepASessionAlive) {
  std::string cookie = accounts::NewToken();
  ASSERT_TRUE(storage_->StartSession(accounts::TokenHash(cookie), "ana@example.org", "tok", "1.2.3.4").ok());
  hub::http::Route route{"GET", "/overview.json", hub::http::Access::kViewer, nullptr};
  auto poll = [&] {
    hub::http::Request req;
    req.method = "GET";
    req.path = "/overview.json";
    req.headers["cookie"] = std::string(hub::web::kSessionCookie) + "=" + cookie;
    return auth_->Authorize(route, req);
  };
  for (int i = 0; i < 9 * 6; ++i) {  // every 10 minutes for 9 hours, nobody at the screen
    clock_.Advance(10min);
    if (poll().has_value()) break;
  }
  std::optional<hub::http::Response> out = poll();
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->status, 401);  // a JSON poll is told, not redirected
}

TEST_F(StaffAuthTest, TheThrottleCountsTheLastTenMinutesOnly) {
  ASSERT_TRUE(storage_->ResetUser("ana@example.org", "test").ok());
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(auth_->CheckPassword("ana@example.org", "wrong", "10.0.0.1").reason(), "wrong_password");
    clock_.Advance(1min);
  }
  EXPECT_FALSE(auth_->ThrottledMinutes("ana@example.org", "10.0.0.1").has_value());
  EXPECT_FALSE(auth_->CheckPassword("ana@example.org", "wrong", "10.0.0.1").ok());
  // Five within 10 minutes: held until the oldest of them is 10 minutes old (6 more).
  EXPECT_EQ(auth_->ThrottledMinutes("ana@example.org", "10.0.0.9"), 6);
  EXPECT_EQ(auth_->ThrottledMinutes("lee@example.org", "10.0.0.1"), std::nullopt);
  clock_.Advance(5min);
  EXPECT_EQ(auth_->ThrottledMinutes("ana@example.org", "10.0.0.9"), 1);
  clock_.Advance(61s);
  EXPECT_EQ(auth_->ThrottledMinutes("ana@example.org", "10.0.0.9"), std::nullopt);

  // Twenty from one address, over several accounts, hold that address back.
  for (int i = 0; i < 20; ++i) {
    (void)auth_->CheckPassword("user" + std::to_string(i) + "@example.org", "wrong", "10.0.0.2");
  }
  EXPECT_EQ(auth_->ThrottledMinutes("someone@example.org", "10.0.0.2"), 10);
  EXPECT_EQ(auth_->ThrottledMinutes("someone@example.org", "10.0.0.3"), std::nullopt);
}

TEST_F(StaffAuthTest, SignInLinksExpireAfterSeventyTwoHoursAndWorkOnce) {
  std::string token = accounts::NewToken();
  ASSERT_TRUE(storage_->AddSignInLink("ana@example.org", accounts::TokenHash(token),
                                      FormatUtc(clock_.Now() + accounts::kSignInLinkLifetime)).ok());
  clock_.Advance(71h);
  EXPECT_EQ(storage_->SignInLinkEmail(accounts::TokenHash(token)).value(), "ana@example.org");
  clock_.Advance(1h + 1s);
  EXPECT_EQ(storage_->UseSignInLink(accounts::TokenHash(token), "h").status().reason(), "expired_link");

  std::string fresh = accounts::NewToken();
  ASSERT_TRUE(storage_->AddSignInLink("ana@example.org", accounts::TokenHash(fresh),
                                      FormatUtc(clock_.Now() + accounts::kSignInLinkLifetime)).ok());
  EXPECT_EQ(storage_->UseSignInLink(accounts::TokenHash(token), "h").status().reason(), "bad_link");
  EXPECT_EQ(storage_->UseSignInLink(accounts::TokenHash(fresh), "h2").value(), "ana@example.org");
  EXPECT_EQ(storage_->UserCredentials("ana@example.org")->password_hash, "h2");
  EXPECT_EQ(storage_->UseSignInLink(accounts::TokenHash(fresh), "h3").status().reason(), "bad_link");
}

TEST_F(StaffAuthTest, PeopleAreFoundByFoldedNamesPhoneDigitsAndCodes) {
  Result<hub::HubEvent> ev = storage_->CreateEvent({"", "Fair", "fair", "2026-05-01", "2026-05-01"});
  ASSERT_TRUE(ev.ok()) << ev.status().ToString();
  std::string csv =
      "First name,Last name,Date of birth,Grade,Guardian first name,Guardian last name,Phone,"
      "Confirmation code\n"
      "José,Núñez-García,2014-03-12,6,María,Núñez,(555) 201-4410,RG7K2\n"
      "Joseph,Smith,2015-01-01,5,Ann,Smith,555 777 1234,SM1TH\n"
      "O'Brien,Ng,2016-02-02,4,Wen,Ng,555 888 9999,OB4NG\n";
  ASSERT_TRUE(storage_->ImportRoster(ev->id, csv).ok());
  auto names = [&](const std::string& q) {
    Result<std::vector<hub::PersonRow>> found = storage_->SearchPeople(q, 10);
    std::vector<std::string> out;
    if (!found.ok()) {
      ADD_FAILURE() << found.status().ToString();
      return out;
    }
    for (const hub::PersonRow& p : *found) out.push_back(p.given_name + " " + p.family_name);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(names("jose"), (V{"José Núñez-García", "Joseph Smith"}));
  EXPECT_EQ(names("JOSÉ garcia"), V{"José Núñez-García"});
  // Guardians are people too: María shares the family name and the phone.
  EXPECT_EQ(names("nunez"), (V{"María Núñez", "José Núñez-García"}));
  EXPECT_EQ(names("4410"), (V{"María Núñez", "José Núñez-García"}));
  EXPECT_EQ(names("5552014410 jose"), V{"José Núñez-García"});
  EXPECT_EQ(names("rg7k2"), V{"José Núñez-García"});
  EXPECT_EQ(names("o'brien"), V{"O'Brien Ng"});
  EXPECT_EQ(names("brien"), V{"O'Brien Ng"});
  for (const char* none : {"' OR 1=1 --", "%", "_", "jose ng", "", "   ", "zz"}) {
    SCOPED_TRACE(none);
    EXPECT_EQ(names(none), V{});
  }
  // A re-import renames him: the old name finds nobody, the new one finds him.
  ASSERT_TRUE(storage_->ImportRoster(ev->id, "First name,Last name,Date of birth,Confirmation code\n"
                                              "Pepe,Núñez-García,2014-03-12,RG7K2\n").ok());
  EXPECT_EQ(names("pepe"), V{"Pepe Núñez-García"});
  EXPECT_EQ(names("jose"), V{"Joseph Smith"});
  EXPECT_EQ(storage_->SearchPeople("n", 2)->size(), 2u);  // the limit holds
}

// Every word a template asks for ({{t.key}}) exists in every language.
TEST(WebFiles, EveryWordATemplateUsesIsTranslated) {
  auto renderer = hub::web::Renderer::Load();
  ASSERT_TRUE(renderer.ok()) << renderer.status().ToString();
  int words = 0;
  for (std::string_view name : hub::web::WebFileNames()) {
    if (name.rfind("templates/", 0) != 0) continue;
    std::string text(hub::web::WebFile(name));
    std::regex word("\\{\\{[#^/]?t\\.([a-z0-9_]+)\\}\\}");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), word); it != std::sregex_iterator(); ++it) {
      std::string key = (*it)[1].str();
      ++words;
      for (const char* lang : hub::web::kLanguages) {
        EXPECT_NE((*renderer)->Text(lang, key), key) << name << " uses " << key << ", missing in " << lang;
      }
    }
  }
  EXPECT_GT(words, 50);
}

}  // namespace
}  // namespace stem::test
