// stem-hub export with the nonprofit's private key: sealed answers are opened only then.
#include "data/seal.h"
#include "sync/client/http_transport.h"
#include "sync/protocol/batch_codec.h"
#include "tests/sync/sync_fixture.h"

namespace stem::test {
namespace {

TEST(HubExport, OpensSealedAnswersOnlyWithThePrivateKey) {
  TempDir dir;
  HubProcess hub(dir.File("hub.db"));
  ASSERT_GT(hub.Start(), 0);
  std::string kiosk = MakeKiosk(dir, "k1", 0);
  std::string device_id = Store::Open(kiosk)->device_id();
  std::string out, err;
  ASSERT_EQ(Kioskctl(kiosk, {"enroll", hub.url(), hub.AddDevice("Desk")}, &out, &err), 0) << err;
  std::string token = Store::Open(kiosk)->GetSyncSettings()->device_token;

  seal::KeyPair keys = seal::Generate();
  ASSERT_TRUE(seal::WritePrivateKeyFile(dir.File("nonprofit.key"), keys).ok());
  nlohmann::json payload = {{"form_id", "scholarship-application"}, {"form_version", 1},
                            {"answers", {{"household_income", seal::SealAnswer(keys.public_key, "40k_to_60k")},
                                         {"student_first_name", "Ana"}}}};
  sync::BatchRecord r{1, "0192f0c1-7a3b-7c4d-8e5f-000000000001", "form_response", "", "", "",
                      "2026-11-22T12:00:00.000Z", payload.dump()};
  sync::EncodedBatch e = sync::EncodeBatch(sync::MakeBatch(device_id, {r}).value()).value();
  auto transport = sync::MakeCurlTransport({});
  Result<sync::HttpResponse> res = transport->Send(
      {"POST", hub.url() + "/v1/batches",
       {{"Authorization", "Bearer " + token}, {"Content-Type", sync::kBatchContentType},
        {"X-Content-SHA256", e.sha256}, {"Idempotency-Key", e.idempotency_key}},
       e.body});
  ASSERT_TRUE(res.ok());
  ASSERT_EQ(res->status, 200) << res->body;

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

}  // namespace
}  // namespace stem::test
