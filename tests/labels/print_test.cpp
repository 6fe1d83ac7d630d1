// Printing from the kiosk's store headless (`kioskctl print`, in-process): to PDF files read
// back with poppler and zbar, and through a real CUPS scheduler (cups_sandbox.sh) whose
// queues keep each job: printed, paused, refused, missing, and CUPS not running; every
// print and reprint of a student's label kept as an audit record.
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "data/store/store.h"
#include "kiosk/ctl/kioskctl.h"
#include "tests/labels/command_output.h"

namespace stem {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string Output(const std::string& command) { return test::CommandOutput(command); }

std::string PdfText(const std::string& path) { return Output("pdftotext '" + path + "' - 2>&1"); }

std::string QrOf(const std::string& pdf, const std::string& png_base) {
  std::system(("pdftoppm -png -r 300 -f 1 -l 1 -singlefile '" + pdf + "' '" + png_base + "'").c_str());
  return Output("zbarimg -q --raw '" + png_base + ".png' 2>/dev/null");
}

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

class Printing : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/print-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    // The CUPS backend runs as lp: it must reach the sandbox's folder of jobs.
    fs::permissions(dir_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
    env_.vars["STEM_KIOSK_DB"] = dir_ + "/kiosk.db";
    ASSERT_EQ(Ctl({"init"}).code, 0);
    json e = Json({"event", "create", "--name", "Robot Camp", "--kind", "camp", "--start",
                   "2026-07-06", "--end", "2026-07-10", "--use"});
    ASSERT_EQ(Json({"roster", "import", std::string(STEM_SOURCE_DIR) + "/data/samples/demo-roster.csv"})
                  ["students_added"], 20);
  }
  void TearDown() override {
    if (cups_) {
      std::system(("bash " + Sandbox() + " stop '" + dir_ + "/cups'").c_str());
      unsetenv("CUPS_SERVER");
    }
    fs::remove_all(dir_);
  }

  static std::string Sandbox() { return std::string(STEM_SOURCE_DIR) + "/tests/labels/cups_sandbox.sh"; }

  Outcome Ctl(std::vector<std::string> args) {
    std::ostringstream out, err;
    int code = ctl::Run(args, out, err, env_);
    return {code, out.str(), err.str()};
  }
  json Json(std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    Outcome o = Ctl(args);
    EXPECT_EQ(o.code, 0) << o.err;
    return o.code == 0 ? json::parse(o.out) : json();
  }
  // The reason of a command that must fail.
  std::string Refused(std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    Outcome o = Ctl(args);
    EXPECT_EQ(o.code, 1) << o.out;
    json e = json::parse(o.err, nullptr, false);
    return e.is_object() ? e.value("error", "") : o.err;
  }
  // Starts a real cupsd with the queue "Labels"; libcups in this process talks to it.
  void StartCups() {
    ASSERT_EQ(std::system(("bash " + Sandbox() + " start '" + dir_ + "/cups' Labels").c_str()), 0);
    cups_ = true;
    setenv("CUPS_SERVER", (dir_ + "/cups/cups.sock").c_str(), 1);
  }
  void Cups(const std::string& command) {
    ASSERT_EQ(std::system(("CUPS_SERVER='" + dir_ + "/cups/cups.sock' " + command).c_str()), 0);
  }
  // The document of the queue's job `job`, waiting up to 10 s for the backend to keep it.
  std::string Job(int job) {
    std::string path = dir_ + "/cups/jobs/Labels-" + std::to_string(job) + ".pdf";
    for (int i = 0; i < 200 && !fs::exists(path); ++i) usleep(50000);
    return path;
  }
  int JobsKept() {
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir_ + "/cups/jobs")) n += e.path().extension() == ".pdf";
    return n;
  }
  // The label_printed audit records of the store, oldest first.
  std::vector<json> Prints() {
    auto store = Store::Open(dir_ + "/kiosk.db");
    EXPECT_TRUE(store.ok());
    std::vector<json> out;
    (void)store->ForEachRecord([&](const StoredRecord& r) {
      if (r.type != "audit") return;
      json p = json::parse(r.payload);
      if (p["action"] == "label_printed") {
        p["detail"]["person_id"] = r.person_id;
        out.push_back(p["detail"]);
      }
    });
    return out;
  }

  std::string dir_;
  ctl::Environment env_;
  bool cups_ = false;
};

TEST_F(Printing, ABadgeAndAPickupStubGoToAPdfFile) {
  json in = Json({"checkin", "RG7K3"});  // Sofía, with an allergy on the sample roster
  std::string code = in["pickup_code"];
  std::string pdf = dir_ + "/labels.pdf";
  json out = Json({"print", "labels", "RG7K3", "--out", pdf, "--stock", "62x100mm"});
  EXPECT_EQ(out["stock"], "62x100mm");
  std::string text = PdfText(pdf);
  EXPECT_NE(text.find("Sofía"), std::string::npos) << text;
  EXPECT_NE(text.find("García"), std::string::npos);
  EXPECT_NE(text.find("ALLERGY"), std::string::npos);
  EXPECT_NE(text.find("Robot Camp"), std::string::npos);
  EXPECT_NE(text.find(code), std::string::npos);
  EXPECT_NE(text.find("Pickup code"), std::string::npos);
  EXPECT_NE(Output("pdfinfo '" + pdf + "'").find("Pages:           2"), std::string::npos);
  EXPECT_EQ(QrOf(pdf, dir_ + "/qr"), "RG7K3\n");
  // In Spanish, the stub alone.
  Json({"print", "stub", "RG7K3", "--out", pdf, "--language", "es"});
  text = PdfText(pdf);
  EXPECT_NE(text.find("Código de recogida"), std::string::npos) << text;
  EXPECT_NE(text.find(code), std::string::npos);
  // A file is not a print: nothing is recorded.
  EXPECT_TRUE(Prints().empty());
}

TEST_F(Printing, BadInputIsRefusedAndWritesNothing) {
  std::string pdf = dir_ + "/x.pdf";
  EXPECT_EQ(Refused({"print", "stub", "RG7K3", "--out", pdf}), "no_pickup_code");  // not checked in
  EXPECT_EQ(Refused({"print", "badge", "NOPE1", "--out", pdf}), "unknown_person");
  EXPECT_EQ(Refused({"print", "badge", "RG7K3", "--out", pdf, "--stock", "A7"}), "unknown_label_stock");
  EXPECT_EQ(Refused({"print", "badge", "RG7K3", "--out", pdf, "--language", "fr"}), "unknown_language");
  EXPECT_EQ(Ctl({"print", "poster", "RG7K3"}).code, 2);
  EXPECT_EQ(Ctl({"print", "badge", "RG7K3", "--out", pdf, "--printer", "Q"}).code, 2);
  EXPECT_EQ(Refused({"print", "badge", "RG7K3", "--out", dir_ + "/no/such/dir/x.pdf"}), "io_error");
  EXPECT_FALSE(fs::exists(pdf));
  // No printer chosen: refused in words, and the attempt is kept.
  Outcome o = Ctl({"print", "badge", "RG7K3"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("no printer chosen"), std::string::npos) << o.err;
  ASSERT_EQ(Prints().size(), 1u);
  EXPECT_EQ(Prints()[0]["outcome"], "no_printer_chosen");
}

TEST_F(Printing, ThroughCupsPrintedPausedResumedAndRefusedEachKept) {
  StartCups();
  json list = Json({"printer", "list"});
  ASSERT_EQ(list["printers"].size(), 1u);
  EXPECT_EQ(list["printers"][0]["name"], "Labels");
  EXPECT_EQ(list["printers"][0]["state"], "none");
  EXPECT_EQ(list["printer"], "");
  EXPECT_EQ(Refused({"printer", "use", "Nope"}), "print_no_such_printer");
  EXPECT_EQ(Refused({"printer", "use", "Labels", "--stock", "A7"}), "unknown_label_stock");
  Json({"printer", "use", "Labels", "--stock", "62x29mm"});
  EXPECT_EQ(Json({"printer", "list"})["printer"], "Labels");

  std::string code = Json({"checkin", "RG7K2"})["pickup_code"];  // José
  json printed = Json({"print", "labels", "RG7K2", "--volunteer", "Dana"});
  EXPECT_EQ(printed["printer"], "Labels");
  std::string job = Job(printed["job"].get<int>());
  std::string text = PdfText(job);
  EXPECT_NE(text.find("José"), std::string::npos) << text;
  EXPECT_NE(text.find(code), std::string::npos);
  EXPECT_NE(Output("pdfinfo '" + job + "'").find("175.748 x 82.2047 pts"), std::string::npos);
  EXPECT_EQ(QrOf(job, dir_ + "/qr"), "RG7K2\n");

  // Paused: nothing is sent (it would print later, unasked, beside the reprint).
  Cups("cupsdisable Labels");
  EXPECT_EQ(Refused({"print", "badge", "RG7K2"}), "print_paused");
  Outcome o = Ctl({"print", "badge", "RG7K2"});
  EXPECT_NE(o.err.find("the printer is paused"), std::string::npos) << o.err;
  EXPECT_EQ(Json({"printer", "list"})["printers"][0]["state"], "paused");
  Cups("cupsenable Labels");
  json again = Json({"print", "badge", "RG7K2", "--reprint", "torn", "--volunteer", "Dana"});
  EXPECT_NE(PdfText(Job(again["job"].get<int>())).find("José"), std::string::npos);
  // Not accepting jobs; a queue that is gone; then no CUPS at all.
  Cups("cupsreject Labels");
  EXPECT_EQ(Refused({"print", "badge", "RG7K2"}), "print_refused");
  Cups("cupsaccept Labels");
  EXPECT_EQ(Refused({"print", "badge", "RG7K2", "--printer", "Gone"}), "print_no_such_printer");
  std::system(("bash " + Sandbox() + " stop '" + dir_ + "/cups'").c_str());
  EXPECT_EQ(Refused({"print", "badge", "RG7K2"}), "print_no_print_system");
  EXPECT_EQ(JobsKept(), 2);

  // Every attempt kept about José: which label, first print or reprint and why, by whom,
  // where, and what happened.
  std::vector<json> prints = Prints();
  ASSERT_EQ(prints.size(), 8u);
  std::vector<std::string> outcomes;
  for (const json& p : prints) {
    outcomes.push_back(p["outcome"]);
    EXPECT_FALSE(p["person_id"].get<std::string>().empty());
    EXPECT_EQ(p["person_id"], prints[0]["person_id"]);
  }
  EXPECT_EQ(outcomes, (std::vector<std::string>{"sent", "sent", "paused", "paused", "sent",
                                                "refused", "no_such_printer", "no_print_system"}));
  EXPECT_EQ(prints[0]["label"], "badge");
  EXPECT_EQ(prints[1]["label"], "stub");
  EXPECT_EQ(prints[0]["reprint"], false);
  EXPECT_EQ(prints[0]["volunteer"], "Dana");
  EXPECT_EQ(prints[0]["printer"], "Labels");
  EXPECT_EQ(prints[4]["reprint"], true);
  EXPECT_EQ(prints[4]["reason"], "torn");
}

}  // namespace
}  // namespace stem
