// stem-hub export with the nonprofit's private key: sealed answers are opened only then.
#include "data/seal.h"
#include "sync/client/http_transport.h"
#include "sync/protocol/batch_codec.h"
#include "tests/sync/sync_fixture.h"

namespace stem::test {
namespace {

// A hub with one enrolled kiosk, to which a test uploads records of its own making.
class HubExport : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GT(hub_.Start(), 0);
    std::string kiosk = MakeKiosk(dir_, "k1", 0);
    device_id_ = Store::Open(kiosk)->device_id();
    std::string out, err;
    ASSERT_EQ(Kioskctl(kiosk, {"enroll", hub_.url(), hub_.AddDevice("Desk")}, &out, &err), 0)
        << err;
    token_ = Store::Open(kiosk)->GetSyncSettings()->device_token;
  }

  // Uploads one record (a form response unless told) as this kiosk's record `seq`.
  void Upload(int64_t seq, const nlohmann::json& payload, const std::string& type = "form_response",
              const std::string& event_id = "") {
    char id[40];
    std::snprintf(id, sizeof id, "0192f0c1-7a3b-7c4d-8e5f-%012lld", static_cast<long long>(seq));
    sync::BatchRecord r{seq, id, type, event_id, "", "", "2026-11-22T12:00:00.000Z",
                        payload.dump()};
    sync::EncodedBatch e = sync::EncodeBatch(sync::MakeBatch(device_id_, {r}).value()).value();
    auto transport = sync::MakeCurlTransport({});
    Result<sync::HttpResponse> res = transport->Send(
        {"POST", hub_.url() + "/v1/batches",
         {{"Authorization", "Bearer " + token_}, {"Content-Type", sync::kBatchContentType},
          {"X-Content-SHA256", e.sha256}, {"Idempotency-Key", e.idempotency_key}},
         e.body});
    ASSERT_TRUE(res.ok());
    ASSERT_EQ(res->status, 200) << res->body;
  }

  TempDir dir_;
  HubProcess hub_{dir_.File("hub.db")};
  std::string device_id_;
  std::string token_;
};

TEST_F(HubExport, OpensSealedAnswersOnlyWithThePrivateKey) {
  HubProcess& hub = hub_;
  TempDir& dir = dir_;
  std::string out, err;
  seal::KeyPair keys = seal::Generate();
  ASSERT_TRUE(seal::WritePrivateKeyFile(dir.File("nonprofit.key"), keys).ok());
  Upload(1, {{"form_id", "scholarship-application"}, {"form_version", 1},
             {"answers", {{"household_income", seal::SealAnswer(keys.public_key, "40k_to_60k")},
                          {"student_first_name", "Ana"}}}});

  ASSERT_EQ(hub.Admin({"export", "--format", "json"}, &out, &err), 0) << err;
  EXPECT_EQ(out.find("40k_to_60k"), std::string::npos);
  EXPECT_NE(out.find("\"sealed\""), std::string::npos);
  ASSERT_EQ(hub.Admin({"export", "--format", "csv", "--out", dir.File("sealed")}, &out, &err), 0)
      << err;
  std::string csv = ReadBytes(dir.File("sealed/scholarship-application.csv"));
  EXPECT_EQ(csv.find("40k_to_60k"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"[sealed]\""), std::string::npos) << csv;
  ASSERT_EQ(hub.Admin({"export", "--format", "csv", "--private-key", dir.File("nonprofit.key"),
                       "--out", dir.File("open")}, &out, &err), 0) << err;
  csv = ReadBytes(dir.File("open/scholarship-application.csv"));
  EXPECT_NE(csv.find("\"40k_to_60k\""), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"Ana\""), std::string::npos);

  // With another key the export fails and leaves no file behind.
  seal::KeyPair other = seal::Generate();
  ASSERT_TRUE(seal::WritePrivateKeyFile(dir.File("other.key"), other).ok());
  EXPECT_EQ(hub.Admin({"export", "--format", "json", "--private-key", dir.File("other.key"),
                       "--out", dir.File("bad.json")}, &out, &err), 1);
  EXPECT_FALSE(Exists(dir.File("bad.json")));
  EXPECT_FALSE(Exists(dir.File("bad.json.partial")));
  for (const char* format : {"csv", "xlsx"}) {
    std::string target = dir.File(std::string("bad.") + format);
    EXPECT_EQ(hub.Admin({"export", "--format", format, "--private-key", dir.File("other.key"),
                         "--out", target}, &out, &err), 1);
    EXPECT_NE(err.find("does not open with this private key"), std::string::npos) << err;
    EXPECT_FALSE(Exists(target)) << format;
  }
}

// A kiosk of an older release never reported a form it had installed: its responses are
// stored, listed as such and in the raw export, until the nonprofit publishes the form.
TEST_F(HubExport, AResponseToAnUnknownFormVersionIsKeptListedThenTabled) {
  Upload(1, {{"form_id", "robotics-club"}, {"form_version", 1},
             {"answers", {{"nombre", "Ada"}, {"nivel", 3}}}});
  std::string out, err;
  ASSERT_EQ(hub_.Admin({"forms", "list"}, &out, &err), 0) << err;
  EXPECT_NE(out.find("robotics-club\tversion 1\tunknown\t1 response(s) only in the JSON export"),
            std::string::npos) << out;
  ASSERT_EQ(hub_.Admin({"export", "--format", "json"}, &out, &err), 0) << err;
  EXPECT_NE(out.find("0192f0c1-7a3b-7c4d-8e5f-000000000001"), std::string::npos);
  ASSERT_EQ(hub_.Admin({"export", "--format", "csv", "--out", dir_.File("before")}, &out, &err), 0)
      << err;
  EXPECT_NE(out.find("version 1 of form robotics-club are not in these tables"), std::string::npos)
      << out;
  EXPECT_FALSE(Exists(dir_.File("before/robotics-club.csv")));

  WriteBytes(dir_.File("club.json"), R"({
    "id": "robotics-club", "version": 1, "kind": "survey", "languages": ["en"],
    "title": {"en": "Robotics club"},
    "items": [{"id": "nombre", "type": "text", "label": {"en": "Name"}},
              {"id": "nivel", "type": "integer", "label": {"en": "Level"}}]})");
  ASSERT_EQ(hub_.Admin({"forms", "install", dir_.File("club.json")}, &out, &err), 0) << err;
  ASSERT_EQ(hub_.Admin({"forms", "list"}, &out, &err), 0) << err;
  EXPECT_NE(out.find("robotics-club\tversion 1\tsurvey\thub"), std::string::npos) << out;
  EXPECT_EQ(out.find("unknown"), std::string::npos) << out;
  ASSERT_EQ(hub_.Admin({"export", "--format", "csv", "--out", dir_.File("after")}, &out, &err), 0)
      << err;
  std::string csv = ReadBytes(dir_.File("after/robotics-club.csv"));
  EXPECT_NE(csv.find("\"Ada\",3"), std::string::npos) << csv;
}

// Events a kiosk made reach the hub's event list by their audit record; an odd one (another
// event's id, an unknown kind, dates backwards) stays in its record alone.
TEST_F(HubExport, EventsMadeOnAKioskAreListedAndOddOnesIgnored) {
  auto made = [](const std::string& id, const std::string& kind, const std::string& start,
                 const std::string& end) {
    return nlohmann::json{{"action", "event_created"},
                          {"detail", {{"id", id}, {"name", "Fair " + id}, {"kind", kind},
                                      {"starts_on", start}, {"ends_on", end},
                                      {"venue", "Library"}}}};
  };
  Upload(1, made("ev-good", "fair", "2026-05-02", "2026-05-03"), "audit", "ev-good");
  Upload(2, made("ev-other", "fair", "2026-05-02", "2026-05-02"), "audit", "ev-mismatch");
  Upload(3, made("ev-party", "party", "2026-05-02", "2026-05-02"), "audit", "ev-party");
  Upload(4, made("ev-back", "camp", "2026-05-09", "2026-05-02"), "audit", "ev-back");
  std::string out, err;
  ASSERT_EQ(hub_.Admin({"event", "list"}, &out, &err), 0) << err;
  EXPECT_NE(out.find("ev-good\tFair ev-good\tfair\t2026-05-02..2026-05-03\tmade on kiosk Desk"
                     "\trecords=1\tLibrary"),
            std::string::npos) << out;
  for (const char* odd : {"ev-mismatch", "ev-party", "ev-back"}) {
    EXPECT_NE(out.find(std::string(odd) + "\t(no name: only records name it)"), std::string::npos)
        << odd << "\n" << out;
  }
  EXPECT_EQ(out.find("ev-other"), std::string::npos) << out;
}

}  // namespace
}  // namespace stem::test
