// PINs: shape checks, hashing (never the PIN in clear) and verification.
#include "kiosk/app/core/pin.h"

#include <gtest/gtest.h>

namespace stem::kiosk {
namespace {

TEST(PinTest, ShapeTable) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"1234", ""}, {"12345678", ""}, {"123", "pin_too_short"}, {"123456789", "pin_too_long"},
      {"12a4", "pin_not_digits"}, {"", "pin_too_short"}, {"12 34", "pin_not_digits"},
  };
  for (const auto& [pin, reason] : cases) {
    SCOPED_TRACE(pin);
    Status s = CheckPinShape(pin);
    EXPECT_EQ(s.ok(), reason.empty());
    if (!reason.empty()) {
      EXPECT_EQ(s.reason(), reason);
    }
  }
}

TEST(PinTest, HashVerifiesOnlyTheSamePinAndHidesIt) {
  Result<std::string> hash = HashPin("4821");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->find("4821"), std::string::npos);
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPin(*hash, "4821"));
  EXPECT_FALSE(VerifyPin(*hash, "4822"));
  EXPECT_FALSE(VerifyPin(*hash, ""));
  EXPECT_FALSE(VerifyPin("", "4821"));
  EXPECT_FALSE(VerifyPin("garbage", "4821"));
  Result<std::string> again = HashPin("4821");
  ASSERT_TRUE(again.ok());
  EXPECT_NE(*again, *hash);  // salted
}

TEST(PinTest, BadPinIsNotHashed) {
  EXPECT_EQ(HashPin("12").status().reason(), "pin_too_short");
}

}  // namespace
}  // namespace stem::kiosk
