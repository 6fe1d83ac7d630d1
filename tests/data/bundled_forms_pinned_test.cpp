// A bundled form that changes keeps its version number only at a price: every kiosk that
// installed the old content would refuse to open its store after the upgrade ("version N of
// form X is already installed with different content"). This test pins the content of each
// bundled form's current version, so a change without a new version number fails here first.
#include <gtest/gtest.h>
#include <sodium.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "data/forms/bundled_forms.h"

namespace stem {
namespace {

// "form-id@version" -> SHA-256 of the form as the store keeps it (parsed and dumped again).
// When you change a bundled form: raise its "version" and replace its line here.
const std::map<std::string, std::string> kPinned = {
    {"post-event-survey@1",
     "a8ba6e3f25f9c70fed29826d39bdf7611622a12da4b9fdc28253ca34a85309d7"},
    {"scholarship-application@2",
     "74a58ca3b541e5202cc2d67918581ccc41d3ea47f028d5fa2f8a804c10198d98"},
    {"student-registration@4",
     "60bf8c089feff9d076cd6ddfc242277d610e50b1a7af46043217023c630269af"},
};

// Earlier versions (data/forms/earlier/) never change: responses answered with them are read
// by the hub with exactly these questions.
const std::map<std::string, std::string> kEarlier = {
    {"scholarship-application@1",
     "b700873d894bffd56212295d0c9e60c13e1b8173ec37b3ce62da96ffa9ffe1db"},
    {"student-registration@1",
     "14badb25b99a9b78c1868aa68e478eca5edc376c94343061ac0d5afd9eae6089"},
    {"student-registration@2",
     "ec40909ca0da6364b1869582ee6c56b97576ebabc75eee885370028d2734433f"},
    {"student-registration@3",
     "9b5639b82e997a2be2335725dd27c3dd1b19aca335251d57f52c5a289710e492"},
};

std::string Sha256Hex(const std::string& text) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

TEST(BundledForms, EachChangeComesWithANewVersionNumber) {
  ASSERT_EQ(BundledForms().size(), kPinned.size());
  for (const BundledForm& form : BundledForms()) {
    nlohmann::json spec = nlohmann::json::parse(form.json);
    std::string key = spec.at("id").get<std::string>() + "@" +
                      std::to_string(spec.at("version").get<int>());
    SCOPED_TRACE(std::string(form.file));
    auto pinned = kPinned.find(key);
    ASSERT_NE(pinned, kPinned.end()) << key << " is not pinned: add its line to kPinned";
    EXPECT_EQ(pinned->second, Sha256Hex(spec.dump()))
        << key << " changed without a new version number; kiosks that installed it would "
        << "refuse to start. Raise its \"version\" and pin the new content.";
  }
}

TEST(BundledForms, EveryEarlierVersionIsKeptUnchanged) {
  std::map<std::string, std::string> earlier;
  for (const BundledForm& form : EarlierBundledForms()) {
    nlohmann::json spec = nlohmann::json::parse(form.json);
    earlier[spec.at("id").get<std::string>() + "@" +
            std::to_string(spec.at("version").get<int>())] = Sha256Hex(spec.dump());
  }
  EXPECT_EQ(earlier, kEarlier);
  // A bundled form at version N has versions 1 .. N-1 among the earlier ones.
  for (const BundledForm& form : BundledForms()) {
    nlohmann::json spec = nlohmann::json::parse(form.json);
    for (int v = 1; v < spec.at("version").get<int>(); ++v) {
      std::string key = spec.at("id").get<std::string>() + "@" + std::to_string(v);
      EXPECT_TRUE(earlier.count(key)) << key << " is missing from data/forms/earlier/";
    }
  }
}

}  // namespace
}  // namespace stem
