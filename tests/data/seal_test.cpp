// Sealed answers: only the private key opens them; a wrong key or any change fails cleanly.
#include "data/seal.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

namespace stem::seal {
namespace {

using nlohmann::json;

TEST(Seal, RoundTripsAnswersOfEveryShape) {
  KeyPair keys = Generate();
  const std::vector<json> answers = {
      "Peanut allergy; carries an EpiPen", 42, 3.5, true, json::array({"a", "b"}),
      json{{"nested", "value"}}, "مرحبا 👋 \"quoted\" '; DROP TABLE records; --",
      std::string(10000, 'x')};
  for (const json& a : answers) {
    SCOPED_TRACE(a.dump().substr(0, 40));
    json sealed = SealAnswer(keys.public_key, a);
    ASSERT_TRUE(IsSealedAnswer(sealed));
    EXPECT_EQ(sealed["key_id"], keys.public_key.id);
    // The ciphertext does not contain the answer.
    if (a.is_string()) {
      EXPECT_EQ(sealed["sealed"].get<std::string>().find(a.get<std::string>().substr(0, 8)),
                std::string::npos);
    }
    Result<json> opened = OpenAnswer(keys, sealed);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    EXPECT_EQ(*opened, a);
  }
}

TEST(Seal, SealingTwiceGivesDifferentCiphertexts) {
  KeyPair keys = Generate();
  EXPECT_NE(Seal(keys.public_key, "same"), Seal(keys.public_key, "same"));
}

TEST(Seal, WrongKeyFailsCleanly) {
  KeyPair right = Generate();
  KeyPair wrong = Generate();
  EXPECT_NE(right.public_key.id, wrong.public_key.id);
  json sealed = SealAnswer(right.public_key, "income band 2");
  Result<json> by_id = OpenAnswer(wrong, sealed);
  ASSERT_FALSE(by_id.ok());
  EXPECT_EQ(by_id.status().reason(), "wrong_key");
  // Even with the key id forged to match, the box does not open.
  sealed["key_id"] = wrong.public_key.id;
  Result<json> forged = OpenAnswer(wrong, sealed);
  ASSERT_FALSE(forged.ok());
  EXPECT_EQ(forged.status().reason(), "cannot_open");
}

TEST(Seal, TamperedCiphertextIsDetected) {
  KeyPair keys = Generate();
  std::string box = Seal(keys.public_key, "household income: under $25,000");
  int detected = 0;
  // Flip one base64 character at a time across the whole ciphertext.
  for (size_t i = 0; i + 2 < box.size(); ++i) {
    std::string t = box;
    t[i] = t[i] == 'A' ? 'B' : 'A';
    Result<std::string> r = Open(keys, t);
    if (!r.ok()) {
      ++detected;
      EXPECT_EQ(r.status().reason(), "cannot_open");
    }
  }
  EXPECT_EQ(detected, static_cast<int>(box.size() - 2));
  EXPECT_FALSE(Open(keys, box.substr(0, box.size() - 8)).ok());
  EXPECT_FALSE(Open(keys, "").ok());
  EXPECT_FALSE(Open(keys, "not base64 at all!").ok());
}

TEST(Seal, ParsePublicKeyRejectsGarbage) {
  KeyPair keys = Generate();
  Result<PublicKey> ok = ParsePublicKey(keys.public_key.Base64());
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->id, keys.public_key.id);
  for (const char* bad : {"", "abc", "AAAA", "not-a-key", "////////////////////////////////////"
                                                           "//////////////////"}) {
    EXPECT_FALSE(ParsePublicKey(bad).ok()) << bad;
  }
}

TEST(Seal, OpenSealedAnswersWalksRepeatEntries) {
  KeyPair keys = Generate();
  json answers = {{"guardian", "Ana"},
                  {"children", json::array({{{"name", "Luz"}, {"medical", SealAnswer(keys.public_key, "asthma")}},
                                            {{"name", "Sol"}}})},
                  {"income", SealAnswer(keys.public_key, "band_2")}};
  Result<json> opened = OpenSealedAnswers(keys, answers);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ((*opened)["children"][0]["medical"], "asthma");
  EXPECT_EQ((*opened)["income"], "band_2");
  EXPECT_EQ((*opened)["guardian"], "Ana");
  EXPECT_FALSE(OpenSealedAnswers(Generate(), answers).ok());
}

TEST(Seal, PrivateKeyFileIsPrivateAndNeverOverwritten) {
  char tmpl[] = "/tmp/seal-test-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  std::string path = std::string(tmpl) + "/nonprofit.key";
  KeyPair keys = Generate();
  ASSERT_TRUE(WritePrivateKeyFile(path, keys).ok());
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  Status again = WritePrivateKeyFile(path, Generate());
  EXPECT_FALSE(again.ok());
  Result<KeyPair> read = ReadPrivateKeyFile(path);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->public_key.id, keys.public_key.id);
  json sealed = SealAnswer(keys.public_key, "x");
  EXPECT_TRUE(OpenAnswer(*read, sealed).ok());

  // A file whose secret key does not belong to its public key is refused.
  json doc;
  std::ifstream(path) >> doc;
  doc["public_key"] = Generate().public_key.Base64();
  std::string mixed = std::string(tmpl) + "/mixed.key";
  std::ofstream(mixed) << doc.dump();
  EXPECT_FALSE(ReadPrivateKeyFile(mixed).ok());
  std::ofstream(std::string(tmpl) + "/junk.key") << "{\"format\": 1";
  EXPECT_FALSE(ReadPrivateKeyFile(std::string(tmpl) + "/junk.key").ok());
  EXPECT_FALSE(ReadPrivateKeyFile(std::string(tmpl) + "/missing.key").ok());
  std::remove(path.c_str());
  std::remove(mixed.c_str());
  std::remove((std::string(tmpl) + "/junk.key").c_str());
  rmdir(tmpl);
}

}  // namespace
}  // namespace stem::seal
