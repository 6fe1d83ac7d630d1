// kioskctl driven in-process through ctl::Run (and, for exit codes and streams, as the real
// binary), on real store files in a temporary directory.
#include "kiosk/ctl/kioskctl.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace stem::ctl {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

class Kioskctl : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/kioskctl-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    env_.vars["STEM_KIOSK_DB"] = dir_ + "/kiosk.db";
  }
  void TearDown() override { fs::remove_all(dir_); }

  Outcome Ctl(std::vector<std::string> args) {
    std::ostringstream out, err;
    int code = ctl::Run(args, out, err, env_);
    return {code, out.str(), err.str()};
  }
  // Runs a command that must succeed with --json and returns its document.
  json Json(std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    Outcome o = Ctl(args);
    EXPECT_EQ(o.code, 0) << o.err;
    EXPECT_TRUE(o.err.empty()) << o.err;
    return json::parse(o.out);
  }
  // Answers of the bundled registration form for Rosa Quispe's `children` (a JSON list), in
  // reg.json; the kiosk seals to a new key, nonprofit.key in the test folder.
  std::string SealedFamily(const std::string& children) {
    json keys = Json({"keys", "generate", "--out", dir_ + "/nonprofit.key"});
    Json({"keys", "use", keys["public_key"]});
    return Write("reg.json", R"({"children": )" + children + R"(,
    "guardian_first_name": "Rosa", "guardian_last_name": "Quispe", "guardian_relationship": "parent",
    "guardian_phone": "5557771234", "preferred_language": "es", "how_heard": "school",
    "emergency_name": "Ana", "emergency_phone": "5550001111", "photo_consent": false,
    "liability_consent": true,
    "others_pick_up": false,
    "guardian_signature": {"width": 100, "height": 50, "strokes": [[[1, 2], [3, 4]]]}})");
  }
  std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  std::string Write(const std::string& name, const std::string& content) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  // A store with a current camp and the sample roster.
  void SetUpCamp() {
    ASSERT_EQ(Ctl({"init"}).code, 0);
    json e = Json({"event", "create", "--name", "Camp", "--kind", "camp", "--start", "2026-07-06",
                   "--end", "2026-07-10", "--use"});
    event_id_ = e["id"];
    json r = Json({"roster", "import", std::string(STEM_SOURCE_DIR) + "/data/samples/demo-roster.csv"});
    ASSERT_EQ(r["students_added"], 20);
  }
  std::string RecordsCsv() {
    Outcome o = Ctl({"export", "--format", "records"});
    EXPECT_EQ(o.code, 0) << o.err;
    return o.out;
  }

  std::string dir_;
  Environment env_;
  std::string event_id_;
};

TEST_F(Kioskctl, DefaultPathFollowsEnvironmentThenXdgThenHome) {
  Environment e;
  e.vars = {{"HOME", "/home/ana"}};
  EXPECT_EQ(DefaultStorePath(e), "/home/ana/.local/share/stem-kiosk/kiosk.db");
  e.vars["XDG_DATA_HOME"] = "/data";
  EXPECT_EQ(DefaultStorePath(e), "/data/stem-kiosk/kiosk.db");
  e.vars["STEM_KIOSK_DB"] = "/x/k.db";
  EXPECT_EQ(DefaultStorePath(e), "/x/k.db");
}

TEST_F(Kioskctl, DbOptionOverridesEnvironment) {
  std::string other = dir_ + "/other/store.db";
  ASSERT_EQ(Ctl({"--db", other, "init"}).code, 0);
  EXPECT_TRUE(fs::exists(other));
  EXPECT_FALSE(fs::exists(dir_ + "/kiosk.db"));
}

TEST_F(Kioskctl, CommandsBeforeInitSayWhatToDo) {
  Outcome o = Ctl({"status"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("kioskctl init"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(dir_ + "/kiosk.db"));
}

TEST_F(Kioskctl, InitTwiceKeepsTheDevice) {
  json a = Json({"init"});
  json b = Json({"init"});
  EXPECT_EQ(a["device_id"], b["device_id"]);
}

TEST_F(Kioskctl, EveryErrorIsOneLineAndNonZero) {
  SetUpCamp();
  std::string not_json = Write("bad.json", "{\"a\": ");
  std::string bad_csv = Write("bad.csv", "first_name,last_name\nAna,Ruiz\nBen\n");
  const std::vector<std::pair<std::vector<std::string>, int>> cases = {
      {{"frobnicate"}, 2},
      {{"event", "create", "--name", "X"}, 2},
      {{"event", "create", "--name", "X", "--kind", "party", "--start", "2026-01-01"}, 1},
      {{"event", "create", "--name", "X", "--kind", "fair", "--start", "2026-02-30"}, 1},
      {{"event", "use", "no-such-event"}, 1},
      {{"roster", "import", dir_ + "/missing.csv"}, 1},
      {{"roster", "import", bad_csv}, 1},
      {{"roster", "search", "jo", "--limit", "0"}, 2},
      {{"checkin", "NOSUCHCODE"}, 1},
      {{"checkout", "RG7K2", "--code", "BCDF"}, 1},
      {{"submit", "--form", "survey", "--answers", not_json}, 1},
      {{"submit", "--form", "Bad Form", "--answers", not_json}, 1},
      {{"export", "--format", "xlsx"}, 2},
      {{"purge", "--days", "-3"}, 2},
      {{"status", "--bogus"}, 2},
  };
  for (const auto& [args, want] : cases) {
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    SCOPED_TRACE(joined);
    Outcome o = Ctl(args);
    EXPECT_EQ(o.code, want);
    ASSERT_FALSE(o.err.empty());
    EXPECT_EQ(o.err.find('\n'), o.err.size() - 1) << "more than one line: " << o.err;
    EXPECT_EQ(o.err.rfind("kioskctl: ", 0), 0u);
  }
  // None of those failures wrote a record: only the event's creation and the roster import
  // are there (audit records).
  json status = Json({"status"});
  EXPECT_EQ(status["records"], json({{"audit", 2}}));
}

TEST_F(Kioskctl, BadRosterRowNamesItsLineAndImportsNothing) {
  ASSERT_EQ(Ctl({"init"}).code, 0);
  Json({"event", "create", "--name", "Fair", "--kind", "fair", "--start", "2026-05-02", "--use"});
  std::string csv = Write("roster.csv",
                          "First name,Last name,Phone\n"
                          "Ana,Ruiz,555-201-0001\n"
                          "Bea,\"Lopez, Jr.\",555-201-0002\n"
                          "Carl,Moe,12\n");
  Outcome o = Ctl({"roster", "import", csv});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("line 4"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("phone"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("nothing was imported"), std::string::npos) << o.err;
  EXPECT_EQ(Json({"status"})["event"]["roster_students"], 0);
  EXPECT_EQ(Json({"roster", "search", "ana"}).size(), 0u);
}

TEST_F(Kioskctl, CampDayCheckInAndOutWithPickupCode) {
  SetUpCamp();
  json hits = Json({"roster", "search", "jose"});
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0]["given_name"], "Jos\xc3\xa9");
  std::string person = hits[0]["id"];

  json in = Json({"checkin", person, "--volunteer", "Dana"});
  std::string code = in["pickup_code"];
  EXPECT_EQ(code.size(), 4u);
  EXPECT_EQ(Json({"roster", "search", "jose"})[0]["checked_in"], true);

  Outcome again = Ctl({"checkin", person});
  EXPECT_EQ(again.code, 1);
  EXPECT_NE(again.err.find("already checked in at "), std::string::npos) << again.err;
  // Who recorded it: this kiosk (not enrolled, so its short id) and the volunteer.
  EXPECT_NE(again.err.find("(this kiosk) by Dana"), std::string::npos) << again.err;
  std::string device = Json({"status"})["device_id"];
  EXPECT_NE(again.err.find("on kiosk " + device.substr(device.size() - 8) + " (this kiosk)"),
            std::string::npos)
      << again.err;
  EXPECT_NE(again.err.find(in["record_id"].get<std::string>()), std::string::npos) << again.err;

  Outcome wrong = Ctl({"checkout", person, "--code", code == "BCDF" ? "BCDG" : "BCDF"});
  EXPECT_EQ(wrong.code, 1);
  EXPECT_NE(wrong.err.find("pickup code does not match"), std::string::npos);
  EXPECT_EQ(Json({"status"})["event"]["checked_in_now"], 1);

  json out = Json({"checkout", person, "--code", code});
  EXPECT_EQ(out["method"], "pickup_code");
  EXPECT_EQ(out["checkin_id"], in["record_id"]);
  json status = Json({"status"});
  EXPECT_EQ(status["event"]["checked_in_now"], 0);
  EXPECT_EQ(status["records"]["checkin"], 1);
  EXPECT_EQ(status["records"]["checkout"], 1);
}

TEST_F(Kioskctl, DuplicateCheckInOverrideIsRecorded) {
  SetUpCamp();
  Json({"checkin", "RG7K2"});
  json second = Json({"checkin", "RG7K2", "--override", "lost the pickup slip"});
  EXPECT_EQ(second["override"], true);
  EXPECT_NE(RecordsCsv().find("lost the pickup slip"), std::string::npos);
  json out = Json({"checkout", "RG7K2", "--override", "aunt showed ID"});
  EXPECT_EQ(out["method"], "override");
  EXPECT_EQ(out["checkin_id"], second["record_id"]);
}

TEST_F(Kioskctl, SubmitPrintsTheCommittedRecordId) {
  SetUpCamp();
  std::string answers = Write("a.json", R"({"liked_most": "Zoë \"Z\" O'Brien; DROP TABLE records; --",
    "recommend": 9, "child_had_fun": "5", "improve": "مرحبا 👋"})");
  Outcome o = Ctl({"submit", "--form", "post-event-survey", "--answers", answers});
  ASSERT_EQ(o.code, 0) << o.err;
  std::string id = o.out.substr(0, o.out.size() - 1);
  EXPECT_EQ(id.size(), 36u);
  std::string csv = RecordsCsv();
  EXPECT_NE(csv.find(id), std::string::npos);
  EXPECT_NE(csv.find("مرحبا 👋"), std::string::npos);
  // A correction supersedes the original; a second correction of it is refused.
  json fix = Json({"submit", "--form", "post-event-survey", "--answers", answers, "--corrects", id});
  EXPECT_NE(fix["record_id"], id);
  EXPECT_EQ(Ctl({"submit", "--form", "post-event-survey", "--answers", answers, "--corrects", id}).code,
            1);
}

TEST_F(Kioskctl, SubmittedRegistrationPutsItsChildrenOnTheRoster) {
  SetUpCamp();
  std::string answers = SealedFamily(R"([
      {"student_first_name": "Ximena", "student_last_name": "Quispe", "student_dob": "2016-02-03",
       "grade": "4", "has_allergies": false},
      {"student_first_name": "Tupac", "student_last_name": "Quispe", "student_dob": "2018-09-10",
       "grade": "2", "has_allergies": true, "medical_notes": "asthma"}])");
  json saved = Json({"submit", "--form", "student-registration", "--answers", answers});
  ASSERT_EQ(saved["registered"].size(), 2u);
  json hits = Json({"roster", "search", "ximena"});
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0]["confirmation_code"], saved["registered"][0]["confirmation_code"]);
  EXPECT_EQ(Json({"roster", "search", "5557771234"}).size(), 2u);  // found by the guardian's phone
  // Checked in at once, like any roster student.
  json in = Json({"checkin", saved["registered"][1]["confirmation_code"]});
  EXPECT_EQ(in["pickup_code"].get<std::string>().size(), 4u);
}

TEST_F(Kioskctl, ExportWritesTheHubsTablesForACampWithNoHub) {
  SetUpCamp();
  std::string answers = SealedFamily(R"([{"student_first_name": "Ximena", "student_last_name": "=Quispe",
                  "student_dob": "2016-02-03", "grade": "4", "has_allergies": true,
                  "medical_notes": "bee stings"}])");
  json saved = Json({"submit", "--form", "student-registration", "--answers", answers});
  Json({"checkin", saved["registered"][0]["confirmation_code"]});
  json done = Json({"export", "--format", "csv", "--out", dir_ + "/tables",
                    "--private-key", dir_ + "/nonprofit.key"});
  EXPECT_EQ(done["responses"]["student-registration"], 1);
  EXPECT_EQ(done["attendance"], 1);
  std::string people = ReadAll(dir_ + "/tables/people.csv");
  EXPECT_NE(people.find("\"Jos\xc3\xa9\""), std::string::npos) << people;  // the imported roster
  EXPECT_NE(people.find("\"'=Quispe\""), std::string::npos) << people;   // the registration
  std::string kids = ReadAll(dir_ + "/tables/student-registration-children.csv");
  EXPECT_NE(kids.find("bee stings"), std::string::npos) << kids;
  EXPECT_TRUE(fs::exists(dir_ + "/tables/signatures"));
  // An Excel workbook too; an existing output is refused without --force, and left alone.
  Json({"export", "--format", "xlsx", "--out", dir_ + "/camp.xlsx"});
  EXPECT_GT(fs::file_size(dir_ + "/camp.xlsx"), 1000u);
  Outcome again = Ctl({"export", "--format", "xlsx", "--out", dir_ + "/camp.xlsx"});
  EXPECT_EQ(again.code, 1);
  EXPECT_NE(again.err.find("--force"), std::string::npos) << again.err;
  Json({"export", "--format", "xlsx", "--out", dir_ + "/camp.xlsx", "--force"});
}

TEST_F(Kioskctl, ExportToFileIsCsvWithFormulaGuard) {
  SetUpCamp();
  std::string answers = Write("a.json", R"j({"child_had_fun": "4", "improve": "=HYPERLINK(\"http://x\")"})j");
  Outcome saved = Ctl({"submit", "--form", "post-event-survey", "--answers", answers});
  ASSERT_EQ(saved.code, 0) << saved.err;
  std::string path = dir_ + "/out/records.csv";
  fs::create_directories(dir_ + "/out");
  json done = Json({"export", "--format", "records", "--out", path});
  EXPECT_EQ(done["records"], 3);  // the event's creation, the roster import, the survey
  std::ifstream in(path);
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header, "seq,id,device_id,type,event_id,person_id,supersedes,created_at,acked,payload\r");
  EXPECT_FALSE(fs::exists(path + ".partial"));
}

TEST_F(Kioskctl, PurgeKeepsUnsyncedRecords) {
  SetUpCamp();
  Json({"checkin", "RG7K2"});
  json p = Json({"purge", "--days", "0"});
  EXPECT_EQ(p["purged"], 0);
  EXPECT_EQ(p["outbox_depth"], 3);  // the event's creation, the roster import, the check-in
  EXPECT_EQ(Json({"retention", "--days", "14"})["retention_days"], 14);
}

TEST_F(Kioskctl, RefusesAFileThatIsNotAStoreAndLeavesItAlone) {
  std::string path = Write("notes.db", "these are my notes, not a database\n");
  env_.vars["STEM_KIOSK_DB"] = path;
  for (const char* verb : {"status", "init"}) {
    Outcome o = Ctl({verb});
    EXPECT_EQ(o.code, 1) << verb;
    EXPECT_NE(o.err.find("not a kiosk store"), std::string::npos) << o.err;
  }
  std::ifstream in(path);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "these are my notes, not a database\n");
}

// The real binary: exit status, and that errors go to stderr only.
TEST_F(Kioskctl, BinaryReportsThroughExitCodeAndStderr) {
  std::string cmd = std::string("STEM_KIOSK_DB='") + dir_ + "/kiosk.db' '" + STEM_KIOSKCTL_PATH +
                    "' status 2>'" + dir_ + "/err' >'" + dir_ + "/out'";
  int rc = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(rc));
  EXPECT_EQ(WEXITSTATUS(rc), 1);
  std::ifstream err(dir_ + "/err"), out(dir_ + "/out");
  std::string e((std::istreambuf_iterator<char>(err)), {}), o((std::istreambuf_iterator<char>(out)), {});
  EXPECT_TRUE(o.empty());
  EXPECT_EQ(std::count(e.begin(), e.end(), '\n'), 1) << e;

  cmd = std::string("'") + STEM_KIOSKCTL_PATH + "' --help >/dev/null";
  rc = std::system(cmd.c_str());
  EXPECT_EQ(WEXITSTATUS(rc), 0);
}

}  // namespace
}  // namespace stem::ctl
