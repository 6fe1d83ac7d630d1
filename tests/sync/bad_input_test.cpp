// Hostile and broken requests to a real hub: each gets a clear 4xx and stores nothing.
#include <functional>

#include "sync/client/http_transport.h"
#include "sync/protocol/batch_codec.h"
#include "sync/protocol/gzip.h"
#include "sync/protocol/hash.h"
#include "sync/protocol/messages.h"
#include "tests/sync/sync_fixture.h"

namespace stem::test {
namespace {

using sync::HttpRequest;
using sync::HttpResponse;

class BadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    hub_ = std::make_unique<HubProcess>(dir_.File("hub.db"), std::vector<std::string>{"--max-batch-bytes", "65536"});
    ASSERT_GT(hub_->Start(), 0);
    kiosk_ = MakeKiosk(dir_, "k1", 12);
    std::string code = hub_->AddDevice("Front desk");
    transport_ = sync::MakeCurlTransport({});
    Result<HttpResponse> r = transport_->Send(
        {"POST", hub_->url() + "/v1/enroll", {}, sync::EncodeEnrollRequest({code, DeviceId()})});
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->status, 201) << r->body;
    token_ = sync::DecodeEnrollResponse(r->body)->token;
  }

  std::string DeviceId() { return Store::Open(kiosk_)->device_id(); }

  sync::Batch KioskBatch() {
    std::vector<sync::BatchRecord> records;
    Result<Store> store = Store::Open(kiosk_);
    Result<std::vector<StoredRecord>> page = store->OutboxPage(0, 100, 1 << 20);
    EXPECT_TRUE(page.ok());
    for (const StoredRecord& r : page.value()) records.push_back(sync::ToBatchRecord(r));
    return sync::MakeBatch(store->device_id(), records).value();
  }

  HttpRequest Upload(const std::string& body, const std::string& sha, const std::string& key) {
    return {"POST",
            hub_->url() + "/v1/batches",
            {{"Authorization", "Bearer " + token_},
             {"Content-Type", sync::kBatchContentType},
             {"X-Content-SHA256", sha},
             {"Idempotency-Key", key}},
            body};
  }
  HttpRequest Upload(const sync::EncodedBatch& e) { return Upload(e.body, e.sha256, e.idempotency_key); }

  // Sends, expects `status` and error `reason`, and that the hub still holds nothing.
  void ExpectRefused(const char* name, const HttpRequest& req, int status, const std::string& reason) {
    Result<HttpResponse> r = transport_->Send(req);
    ASSERT_TRUE(r.ok()) << name << ": " << r.status().ToString();
    EXPECT_EQ(r->status, status) << name << ": " << r->body;
    nlohmann::json body = nlohmann::json::parse(r->body, nullptr, false);
    EXPECT_EQ(body.value("error", ""), reason) << name << ": " << r->body;
    EXPECT_EQ(HubCount(hub_->db(), "records"), 0) << name;
    EXPECT_EQ(HubCount(hub_->db(), "rejections"), 0) << name;
  }

  TempDir dir_;
  std::unique_ptr<HubProcess> hub_;
  std::string kiosk_;
  std::string token_;
  std::unique_ptr<sync::HttpTransport> transport_;
};

TEST_F(BadInput, EveryBrokenUploadIsRefusedWithAClear4xx) {
  sync::Batch batch = KioskBatch();
  sync::EncodedBatch good = sync::EncodeBatch(batch).value();
  auto rehash = [](std::string body) {
    std::string sha = sync::Sha256Hex(body);
    return std::make_pair(body, sha);
  };
  std::string half = good.body.substr(0, good.body.size() / 2);
  std::string flipped = good.body;
  flipped[flipped.size() / 2] ^= 0x04;
  ExpectRefused("truncated", Upload(half, good.sha256, good.idempotency_key), 400, "hash_mismatch");
  ExpectRefused("truncated rehashed", Upload(half, sync::Sha256Hex(half), good.idempotency_key), 400, "bad_gzip");
  ExpectRefused("bit flipped", Upload(flipped, good.sha256, good.idempotency_key), 400, "hash_mismatch");
  ExpectRefused("wrong hash", Upload(good.body, sync::Sha256Hex("x"), good.idempotency_key), 400, "hash_mismatch");
  ExpectRefused("no hash", Upload(good.body, "", good.idempotency_key), 400, "bad_hash");
  ExpectRefused("wrong key", Upload(good.body, good.sha256, "k"), 400, "bad_idempotency_key");

  std::string bomb = sync::GzipCompress(std::string(64u << 20, ' ')).value();
  ExpectRefused("gzip bomb", Upload(bomb, sync::Sha256Hex(bomb), "k"), 413, "too_large_decompressed");
  std::string big(70000, 'x');
  ExpectRefused("oversized", Upload(big, sync::Sha256Hex(big), "k"), 413, "too_large_compressed");

  auto edited = [&](const std::function<void(nlohmann::json&)>& edit) {
    nlohmann::json doc = nlohmann::json::parse(sync::BatchJson(batch));
    edit(doc);
    auto [body, sha] = rehash(sync::GzipCompress(doc.dump()).value());
    return Upload(body, sha, sync::IdempotencyKey(batch.device_id, batch.first_seq, batch.last_seq, sha));
  };
  ExpectRefused("unknown field", edited([](nlohmann::json& d) { d["admin"] = true; }), 400, "bad_batch");
  ExpectRefused("unknown record field", edited([](nlohmann::json& d) { d["records"][0]["x"] = 1; }), 400, "bad_batch");
  ExpectRefused("wrong type", edited([](nlohmann::json& d) { d["records"][0]["seq"] = "1"; }), 400, "bad_batch");
  ExpectRefused("other device", edited([](nlohmann::json& d) { d["device_id"] = "0192f0c1-7a3b-7c4d-8e5f-0123456789ab"; }), 403, "wrong_device");

  HttpRequest no_token = Upload(good);
  no_token.headers[0].second = "Bearer " + std::string(64, 'a');
  ExpectRefused("wrong token", no_token, 401, "bad_token");
  no_token.headers[0].second = "Basic abc";
  ExpectRefused("no bearer", no_token, 401, "missing_token");
  HttpRequest encoded = Upload(good);
  encoded.headers.push_back({"Content-Encoding", "gzip"});
  ExpectRefused("content encoding", encoded, 415, "bad_content_encoding");
  HttpRequest wrong_type = Upload(good);
  wrong_type.headers[1].second = "application/json";
  ExpectRefused("content type", wrong_type, 415, "bad_content_type");

  ASSERT_EQ(hub_->Admin({"device", "revoke", "Front desk"}), 0);
  ExpectRefused("revoked", Upload(good), 401, "revoked");
  ExpectRefused("revoked status", {"GET", hub_->url() + "/v1/device", {{"Authorization", "Bearer " + token_}}, ""}, 401, "revoked");
  ExpectRefused("bad enroll", {"POST", hub_->url() + "/v1/enroll", {}, "{\"code\":1}"}, 400, "bad_message");
}

TEST_F(BadInput, TheSameGoodBatchTwiceIsStoredOnceAndAnsweredDuplicate) {
  sync::EncodedBatch good = sync::EncodeBatch(KioskBatch()).value();
  Result<HttpResponse> first = transport_->Send(Upload(good));
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->status, 200) << first->body;
  Result<sync::Ack> a1 = sync::DecodeAck(first->body);
  ASSERT_TRUE(a1.ok());
  EXPECT_EQ(a1->acked_through, 12);
  for (const auto& r : a1->results) EXPECT_EQ(r.outcome, sync::RecordOutcome::kStored);
  Result<HttpResponse> second = transport_->Send(Upload(good));
  ASSERT_TRUE(second.ok());
  Result<sync::Ack> a2 = sync::DecodeAck(second->body);
  ASSERT_TRUE(a2.ok());
  for (const auto& r : a2->results) EXPECT_EQ(r.outcome, sync::RecordOutcome::kDuplicate);
  EXPECT_EQ(HubCount(hub_->db(), "records"), 12);

  // Different content under a known (device, seq): a conflict, kept apart, never overwriting.
  sync::Batch changed = KioskBatch();
  changed.records[3].payload = "{\"changed\":true}";
  sync::EncodedBatch e = sync::EncodeBatch(changed).value();
  Result<HttpResponse> third = transport_->Send(Upload(e));
  ASSERT_TRUE(third.ok());
  Result<sync::Ack> a3 = sync::DecodeAck(third->body);
  ASSERT_TRUE(a3.ok()) << third->body;
  EXPECT_EQ(a3->results[3].outcome, sync::RecordOutcome::kConflict);
  EXPECT_EQ(a3->results[2].outcome, sync::RecordOutcome::kDuplicate);
  EXPECT_EQ(HubCount(hub_->db(), "conflicts"), 1);
  EXPECT_TRUE(HubRecords(hub_->db()) == KioskRecords(kiosk_)) << "the conflict overwrote a record";
}

}  // namespace
}  // namespace stem::test
