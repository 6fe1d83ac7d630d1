// KioskConfig on a real store file: defaults, validated setters, PINs stored hashed.
#include "kiosk/app/core/kiosk_config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "data/forms/bundled_forms.h"

namespace stem::kiosk {
namespace {

class KioskConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("kiosk-config-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    Result<Store> s = Store::Create((dir_ / "kiosk.db").string());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_.emplace(std::move(s).value());
    ASSERT_TRUE(InstallBundledForms(*store_).ok());
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::optional<Store> store_;
};

TEST_F(KioskConfigTest, DefaultsEnableEveryInstalledForm) {
  Result<KioskConfig> c = KioskConfig::Load(*store_);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->idle_timeout_s, 60);
  EXPECT_EQ(c->default_language, "en");
  EXPECT_EQ(c->enabled_forms.size(), BundledForms().size());
  EXPECT_FALSE(c->has_admin_pin);
  EXPECT_FALSE(c->has_volunteer_pin);
}

TEST_F(KioskConfigTest, SettersValidateAndBadValuesChangeNothing) {
  EXPECT_TRUE(SaveIdleTimeout(*store_, 90).ok());
  EXPECT_EQ(SaveIdleTimeout(*store_, 5).reason(), "idle_timeout_range");
  EXPECT_EQ(SaveIdleTimeout(*store_, 601).reason(), "idle_timeout_range");
  EXPECT_TRUE(SaveDefaultLanguage(*store_, "es").ok());
  EXPECT_EQ(SaveDefaultLanguage(*store_, "fr").reason(), "unknown_language");
  EXPECT_TRUE(SaveEnabledForms(*store_, {"post-event-survey"}).ok());
  EXPECT_EQ(SaveEnabledForms(*store_, {"nope"}).reason(), "unknown_form");
  Result<KioskConfig> c = KioskConfig::Load(*store_);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->idle_timeout_s, 90);
  EXPECT_EQ(c->default_language, "es");
  EXPECT_EQ(c->enabled_forms, (std::set<std::string>{"post-event-survey"}));
}

TEST_F(KioskConfigTest, PinsAreStoredHashedAndChecked) {
  ASSERT_TRUE(SavePin(*store_, PinRole::kVolunteer, "2468").ok());
  EXPECT_EQ(SavePin(*store_, PinRole::kAdmin, "12").reason(), "pin_too_short");
  Result<std::optional<std::string>> raw = store_->KioskSetting("volunteer_pin_hash");
  ASSERT_TRUE(raw.ok() && raw->has_value());
  EXPECT_EQ((*raw)->find("2468"), std::string::npos);
  EXPECT_TRUE(CheckPin(*store_, PinRole::kVolunteer, "2468").value());
  EXPECT_FALSE(CheckPin(*store_, PinRole::kVolunteer, "2469").value());
  EXPECT_FALSE(CheckPin(*store_, PinRole::kAdmin, "2468").value());  // no admin PIN yet
  Result<KioskConfig> c = KioskConfig::Load(*store_);
  EXPECT_TRUE(c->has_volunteer_pin);
  EXPECT_FALSE(c->has_admin_pin);
}

TEST_F(KioskConfigTest, SettingNamesAreChecked) {
  EXPECT_EQ(store_->SetKioskSetting("Bad Name", "x").reason(), "invalid_setting_name");
  EXPECT_EQ(store_->KioskSetting("").status().reason(), "invalid_setting_name");
  EXPECT_FALSE(store_->SetKioskSetting("x", std::string(5000, 'a')).ok());
  Result<std::optional<std::string>> v = store_->KioskSetting("x");
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->has_value());
}

}  // namespace
}  // namespace stem::kiosk
