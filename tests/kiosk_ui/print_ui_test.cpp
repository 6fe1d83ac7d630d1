// Labels at the desk, through a real CUPS scheduler (tests/labels/cups_sandbox.sh) with the
// admin's printer chosen: checking a child in prints the badge and the pickup stub after the
// check-in is saved; with the queue paused the check-in is still saved, the desk says the
// printer is paused and offers Reprint, which prints once the queue is resumed. Every print
// and reprint is an audit record about the child.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "kiosk/app/ui/desk_screen.h"
#include "kiosk/labels/desk_labels.h"
#include "tests/labels/command_output.h"
#include "ui_harness.h"

namespace stem::kiosk {
namespace {

namespace fs = std::filesystem;

std::string Output(const std::string& command) { return test::CommandOutput(command); }

class DeskPrintTest : public UiTest {
 protected:
  void SetUp() override {
    UiTest::SetUp();
    sandbox_ = std::string(STEM_SOURCE_DIR) + "/tests/labels/cups_sandbox.sh";
    cups_ = (dir_ / "cups").string();
    ASSERT_EQ(std::system(("bash '" + sandbox_ + "' start '" + cups_ + "' Labels").c_str()), 0);
    setenv("CUPS_SERVER", (cups_ + "/cups.sock").c_str(), 1);
    ASSERT_TRUE(labels::SavePrintSettings(ctx_->store(), "Labels", "62x29mm").ok());
  }
  void TearDown() override {
    std::system(("bash '" + sandbox_ + "' stop '" + cups_ + "'").c_str());
    unsetenv("CUPS_SERVER");
    UiTest::TearDown();
  }
  void Cups(const std::string& command) {
    ASSERT_EQ(std::system(("CUPS_SERVER='" + cups_ + "/cups.sock' " + command).c_str()), 0);
  }
  DeskScreen* Desk() { return dynamic_cast<DeskScreen*>(frame_->screen()); }
  void OpenDeskAndPick(const std::string& who) {
    Tap("volunteer");
    TypeOnKeyboard(kVolunteerPin);
    Tap("pin_ok");
    ASSERT_EQ(ScreenName(), "desk");
    TypeOnKeyboard(who);
    Advance(std::chrono::milliseconds(200));
    ASSERT_TRUE(PumpUntilDone([&] { return Find("result:0") != nullptr; }));
    Tap("result:0");
  }
  // Waits until the desk has said how printing went.
  std::string PrintSaid() {
    EXPECT_TRUE(PumpUntilDone([&] {
      std::string s = LabelOf("print_status").utf8_string();
      return !s.empty() && s != "Printing…";
    }));
    wxString s = LabelOf("print_status");
    s.Replace("\n", " ");
    return s.utf8_string();
  }
  // The text of the queue's job `n`, once the backend kept it.
  std::string JobText(int n) {
    std::string path = cups_ + "/jobs/Labels-" + std::to_string(n) + ".pdf";
    for (int i = 0; i < 200 && !fs::exists(path); ++i) Pump(1);
    return Output("pdftotext '" + path + "' - 2>&1");
  }
  std::vector<nlohmann::json> Prints() {
    Result<Store> store = Store::Open(store_path_);
    std::vector<nlohmann::json> out;
    (void)store->ForEachRecord([&](const StoredRecord& r) {
      nlohmann::json p = nlohmann::json::parse(r.payload);
      if (r.type == "audit" && p["action"] == "label_printed") out.push_back(p["detail"]);
    });
    return out;
  }

  std::string sandbox_;
  std::string cups_;
};

TEST_F(DeskPrintTest, CheckInPrintsTheBadgeAndStubAfterSaving) {
  OpenDeskAndPick("jose");
  Tap("checkin");
  ASSERT_TRUE(PumpUntilDone([&] { return !LabelOf("pickup_code_shown").empty(); }));
  std::string code = LabelOf("pickup_code_shown").utf8_string();
  EXPECT_EQ(PrintSaid(), "Printed.");
  Shot("printed");
  std::string text = JobText(1);
  EXPECT_NE(text.find("José"), std::string::npos) << text;
  EXPECT_NE(text.find("RG7K2"), std::string::npos);  // the badge's code, under its QR
  EXPECT_NE(text.find(code), std::string::npos);     // the stub's pickup code
  ASSERT_EQ(Prints().size(), 2u);
  EXPECT_EQ(Prints()[0]["outcome"], "sent");
  EXPECT_EQ(Prints()[0]["reprint"], false);
}

TEST_F(DeskPrintTest, APausedPrinterIsToldAndReprintPrintsOnceResumed) {
  Cups("cupsdisable Labels");
  OpenDeskAndPick("sofia");
  Tap("checkin");
  EXPECT_EQ(PrintSaid(), "Not printed: the printer is paused. Resume it, then Reprint.");
  // Saved all the same.
  Result<Store> store = Store::Open(store_path_);
  EXPECT_EQ(store->Summary()->records_by_type["checkin"], 1);
  ASSERT_NE(Find("reprint"), nullptr);
  EXPECT_TRUE(Find("reprint")->IsEnabled());
  Shot("paused");
  Cups("cupsenable Labels");
  Tap("reprint");
  EXPECT_EQ(PrintSaid(), "Printed.");
  EXPECT_NE(JobText(1).find("Sofía"), std::string::npos);
  Shot("reprinted");
  std::vector<nlohmann::json> prints = Prints();
  ASSERT_EQ(prints.size(), 4u);  // badge and stub, paused; then both reprinted
  EXPECT_EQ(prints[0]["outcome"], "paused");
  EXPECT_EQ(prints[2]["outcome"], "sent");
  EXPECT_EQ(prints[2]["reprint"], true);
  EXPECT_EQ(prints[2]["reason"], "not printed: paused");
  EXPECT_EQ(prints[2]["volunteer"], "desk");
}

// The admin's Labels section: the queues CUPS has (listed off the UI thread), a label size, a
// test label on the chosen printer, both saved with Save.
TEST_F(DeskPrintTest, TheAdminChoosesThePrinterAndSizeAndPrintsATestLabel) {
  ASSERT_TRUE(labels::SavePrintSettings(ctx_->store(), "", "62x29mm").ok());
  Tap("admin");
  TypeOnKeyboard(kAdminPin);
  Tap("pin_ok");
  ASSERT_EQ(ScreenName(), "admin_screen");
  ASSERT_TRUE(PumpUntilDone([&] { return Find("printer:Labels") != nullptr; }));
  EXPECT_TRUE(LabelOf("printer:Labels").Contains("Test label printer Labels"));
  ASSERT_NE(Find("printer:none"), nullptr);
  Tap("print_test");  // none chosen yet
  EXPECT_EQ(LabelOf("print_message").utf8_string().substr(0, 12), "Not printed:");
  Tap("printer:Labels");
  Tap("stock:4x6in");
  Tap("print_test");
  ASSERT_TRUE(PumpUntilDone([&] { return LabelOf("print_message") == "Printed."; }));
  std::string job = cups_ + "/jobs/Labels-1.pdf";
  for (int i = 0; i < 200 && !fs::exists(job); ++i) Pump(1);
  std::string text = Output("pdftotext '" + job + "' -");
  EXPECT_NE(text.find("Test"), std::string::npos) << text;
  EXPECT_NE(text.find("Labels"), std::string::npos) << text;  // the printer it names
  EXPECT_NE(Output("pdfinfo '" + job + "'").find("288 x 432 pts"), std::string::npos);
  if (auto* settings = dynamic_cast<wxScrolledWindow*>(Find("settings"))) {
    settings->Scroll(0, 100000);  // down to the Labels section
    Pump();
  }
  Shot("labels-section");
  Tap("save");
  EXPECT_EQ(LabelOf("admin_message"), "Saved.");
  Result<labels::PrintSettings> saved = labels::LoadPrintSettings(ctx_->store());
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ(saved->printer, "Labels");
  EXPECT_EQ(saved->stock->id, "4x6in");
}

}  // namespace
}  // namespace stem::kiosk
