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
    {"student-registration@2",
     "ec40909ca0da6364b1869582ee6c56b97576ebabc75eee885370028d2734433f"},
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

}  // namespace
}  // namespace stem
