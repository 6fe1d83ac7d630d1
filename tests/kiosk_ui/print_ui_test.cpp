// Labels at the desk, through a real CUPS scheduler (tests/labels/cups_sandbox.sh) with the
// admin's printer chosen: checking a child in prints the badge and the pickup stub after the
// check-in is saved; with the queue paused the check-in is still saved, the desk says the
// printer is paused and offers Reprint, which prints once the queue is resumed. Every print
// and reprint is an audit record about the child.
#include <gtest/gtest.h>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

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

// Fault injection: a slow print server. Each connection to `path` waits `delay` before it is
// joined to cupsd's own socket, byte for byte both ways.
class SlowCupsSocket {
 public:
  SlowCupsSocket(std::string path, std::string cups, std::chrono::milliseconds delay)
      : path_(std::move(path)), cups_(std::move(cups)), delay_(delay) {
    listener_ = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un a = Address(path_);
    unlink(path_.c_str());
    if (bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(listener_, 8) != 0) {
      close(listener_);
      listener_ = -1;
      return;
    }
    thread_ = std::thread([this] { Accept(); });
  }
  ~SlowCupsSocket() {
    stop_ = true;
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    if (thread_.joinable()) thread_.join();
    for (std::thread& t : pipes_) t.join();
  }
  bool ok() const { return listener_ >= 0; }

 private:
  static sockaddr_un Address(const std::string& path) {
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::snprintf(a.sun_path, sizeof a.sun_path, "%s", path.c_str());
    return a;
  }
  void Accept() {
    while (!stop_) {
      int client = accept(listener_, nullptr, nullptr);
      if (client < 0) return;
      pipes_.emplace_back([this, client] {
        std::this_thread::sleep_for(delay_);
        int server = socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un a = Address(cups_);
        if (connect(server, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) Splice(client, server, stop_);
        close(server);
        close(client);
      });
    }
  }
  // Until either side closes, or the socket is taken away (libcups keeps its connection open
  // for as long as the desk's print worker lives).
  static void Splice(int a, int b, const std::atomic<bool>& stop) {
    pollfd fds[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
    char buf[65536];
    while (!stop && poll(fds, 2, 100) >= 0) {
      for (int i = 0; i < 2; ++i) {
        if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
        ssize_t n = read(fds[i].fd, buf, sizeof buf);
        if (n <= 0 || write(fds[1 - i].fd, buf, static_cast<size_t>(n)) != n) return;
      }
    }
  }

  std::string path_, cups_;
  std::chrono::milliseconds delay_;
  int listener_ = -1;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::vector<std::thread> pipes_;
};

// A volunteer checks one child in and goes straight on to the next while the first child's
// labels are still on their way to a slow print server: the second child's labels queue
// behind them on the print worker, and both print.
TEST_F(DeskPrintTest, TwoChildrenCheckedInBackToBackBothPrint) {
  SlowCupsSocket slow(cups_ + "/slow.sock", cups_ + "/cups.sock", std::chrono::milliseconds(1500));
  ASSERT_TRUE(slow.ok());
  setenv("CUPS_SERVER", (cups_ + "/slow.sock").c_str(), 1);  // read by the print worker's thread
  OpenDeskAndPick("jose");
  Tap("checkin");
  ASSERT_TRUE(PumpUntilDone([&] { return !LabelOf("pickup_code_shown").empty(); }));
  EXPECT_EQ(LabelOf("print_status").utf8_string(), "Printing…");  // José's, still on its way
  Desk()->Scanned("RG7K3");  // Sofía, at once
  ASSERT_TRUE(PumpUntilDone([&] { return LabelOf("selected_name").utf8_string() == "Sofía García"; }));
  Tap("checkin");
  EXPECT_EQ(PrintSaid(), "Printed.");
  std::string first = JobText(1), second = JobText(2);
  EXPECT_NE(first.find("José"), std::string::npos) << first;
  EXPECT_NE(second.find("Sofía"), std::string::npos) << second;
  EXPECT_EQ(Prints().size(), 4u);
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
