// Draft sealing (data/drafts/draft_seal.h): the right code and birth date open a draft, any
// other pair or any change to the bytes does not, and codes have the pickup codes' shape.
#include "data/drafts/draft_seal.h"

#include <gtest/gtest.h>

#include <set>

#include "data/pickup_code.h"
#include "tests/data/store_fixture.h"

namespace stem::test {
namespace {

TEST(DraftSeal, OnlyTheRightCodeAndBirthDateOpenADraft) {
  ScriptedRandom random;
  STEM_ASSERT_OK_AND_ASSIGN(drafts::Sealed sealed,
                            drafts::Seal("BCD234", "2016-04-03", "{\"income\":\"under_25k\"}", random));
  EXPECT_EQ(sealed.salt.size(), drafts::kSaltBytes);
  EXPECT_EQ(sealed.box.find("under_25k"), std::string::npos);
  struct Try {
    const char* code;
    const char* birth_date;
    bool opens;
  };
  const Try kTries[] = {
      {"BCD234", "2016-04-03", true},
      {"BCD234", "2016-03-04", false},  // day and month swapped
      {"BCD235", "2016-04-03", false},  // one character off
      {"bcd234", "2016-04-03", false},  // the store normalizes before; the key does not
      {"BCD234", "", false},
      {"", "2016-04-03", false},
      {"BCD2342016-04-03", "", false},  // the separator keeps the two factors apart
  };
  for (const Try& t : kTries) {
    STEM_ASSERT_OK_AND_ASSIGN(drafts::DraftKey key,
                              drafts::DraftKey::Derive(t.code, t.birth_date, sealed.salt));
    Result<std::string> opened = key.Open(sealed.box);
    EXPECT_EQ(opened.ok(), t.opens) << t.code << " / " << t.birth_date;
    EXPECT_EQ(key.Proves(sealed.proof), t.opens) << t.code << " / " << t.birth_date;
    if (t.opens) {
      EXPECT_EQ(*opened, "{\"income\":\"under_25k\"}");
    } else {
      EXPECT_TRUE(HasStatus(opened, Status::Code::kDenied, "cannot_open"));
    }
  }
}

TEST(DraftSeal, AnyChangedByteOrAnotherDraftsSaltIsRefused) {
  ScriptedRandom random;
  STEM_ASSERT_OK_AND_ASSIGN(drafts::Sealed a, drafts::Seal("BCD234", "2016-04-03", "answers", random));
  STEM_ASSERT_OK_AND_ASSIGN(drafts::Sealed b, drafts::Seal("BCD234", "2016-04-03", "answers", random));
  EXPECT_NE(a.salt, b.salt);
  EXPECT_NE(a.box, b.box);  // same inputs, different salt and nonce
  STEM_ASSERT_OK_AND_ASSIGN(drafts::DraftKey key, drafts::DraftKey::Derive("BCD234", "2016-04-03", a.salt));
  EXPECT_FALSE(key.Open(b.box).ok());
  for (size_t i = 0; i < a.box.size(); ++i) {
    std::string changed = a.box;
    changed[i] = static_cast<char>(changed[i] ^ 0x01);
    EXPECT_FALSE(key.Open(changed).ok()) << "byte " << i;
  }
  EXPECT_FALSE(key.Open(a.box.substr(0, 20)).ok());
  EXPECT_FALSE(key.Open("").ok());
}

TEST(DraftSeal, LookupTagsDependOnTheCodeAndTheKiosk) {
  std::string salt_a(drafts::kSaltBytes, 'a');
  std::string salt_b(drafts::kSaltBytes, 'b');
  STEM_ASSERT_OK_AND_ASSIGN(std::string t1, drafts::LookupTag("BCD234", salt_a));
  STEM_ASSERT_OK_AND_ASSIGN(std::string t2, drafts::LookupTag("BCD234", salt_a));
  STEM_ASSERT_OK_AND_ASSIGN(std::string t3, drafts::LookupTag("BCD235", salt_a));
  STEM_ASSERT_OK_AND_ASSIGN(std::string t4, drafts::LookupTag("BCD234", salt_b));
  EXPECT_EQ(t1, t2);
  EXPECT_EQ(t1.size(), 64u);
  EXPECT_NE(t1, t3);
  EXPECT_NE(t1, t4);  // a code typed on another kiosk finds nothing there
  EXPECT_FALSE(drafts::LookupTag("BCD234", "short").ok());
}

TEST(DraftSeal, ResumeCodesHaveThePickupAlphabetsShape) {
  ScriptedRandom random;
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string code = drafts::NewResumeCode(random, [&](const std::string& c) { return seen.count(c) > 0; });
    ASSERT_TRUE(drafts::IsResumeCodeShape(code)) << code;
    EXPECT_FALSE(IsBlockedPickupCode(code)) << code;
    seen.insert(code);
  }
  EXPECT_EQ(seen.size(), 200u);
  for (const char* bad : {"", "BCD23", "BCD2345", "BCD23O", "bcd234", "BCD 34", "ÑCD234"}) {
    EXPECT_FALSE(drafts::IsResumeCodeShape(bad)) << bad;
  }
  EXPECT_EQ(drafts::NewResumeCode(random, [](const std::string&) { return true; }), "");
}

}  // namespace
}  // namespace stem::test
