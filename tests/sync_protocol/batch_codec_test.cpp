// The batch codec: round trips, determinism, and every way a hostile body is refused.
#include "sync/protocol/batch_codec.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sync/protocol/gzip.h"
#include "sync/protocol/hash.h"

namespace stem::sync {
namespace {

const char* kDevice = "0192f0c1-7a3b-7c4d-8e5f-0123456789ab";

BatchRecord Rec(int64_t seq) {
  char id[40];
  std::snprintf(id, sizeof id, "0192f0c1-7a3b-7c4d-8e5f-%012lld", static_cast<long long>(seq));
  // Payload text with odd spacing and escapes: it must come back byte for byte.
  return BatchRecord{seq,         id,
                     "form_response", "ev-1",
                     "p-" + std::to_string(seq), "",
                     "2026-11-22T14:03:07.123Z",
                     "{\"answers\": {\"name\":\"Nguy\\u1ec5n \xc3\xa9\"},  \"form_id\":\"x\"}"};
}

Batch MakeTestBatch(int64_t first, int64_t n) {
  std::vector<BatchRecord> rs;
  for (int64_t i = 0; i < n; ++i) rs.push_back(Rec(first + i));
  return MakeBatch(kDevice, rs).value();
}

TEST(BatchCodec, RoundTripsRecordsByteExact) {
  Batch b = MakeTestBatch(5, 3);
  Result<EncodedBatch> e = EncodeBatch(b);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->sha256, Sha256Hex(e->body));
  EXPECT_EQ(e->idempotency_key, std::string(kDevice) + ":5-7:" + e->sha256);
  Result<Batch> d = DecodeBatch(e->body, e->sha256, BatchLimits{});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->device_id, kDevice);
  EXPECT_EQ(d->first_seq, 5);
  EXPECT_EQ(d->last_seq, 7);
  ASSERT_EQ(d->records.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(d->records[i], b.records[i]);
}

// The hand-written encoder writes exactly what a nlohmann tree dump writes, for every ASCII
// byte, multi-byte UTF-8 and (through the fallback) bytes that are not UTF-8 at all.
TEST(BatchCodec, BatchJsonIsByteForByteTheJsonTreeDump) {
  std::vector<std::string> texts = {"", "plain", "Nguy\xe1\xbb\x85n \xc3\xa9 \xf0\x9f\x9a\x80 \x7f",
                                    "\xff", "ab\xc3", "\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                                    "x\xe2\x82", "\xf0\x9f\x9a"};
  std::string all;
  for (int c = 0; c < 0x80; ++c) all += static_cast<char>(c);
  texts.push_back(all);
  for (const std::string& t : texts) {
    BatchRecord r = Rec(1);
    r.payload = t;
    r.person_id = t + "\"/";
    Batch b = MakeBatch(kDevice, {r}).value();
    nlohmann::json rec = {{"seq", r.seq},         {"id", r.id},
                          {"type", r.type},       {"event_id", r.event_id},
                          {"person_id", r.person_id}, {"supersedes", r.supersedes},
                          {"created_at", r.created_at}, {"payload", r.payload}};
    nlohmann::json doc = {{"format", kBatchFormat}, {"device_id", kDevice}, {"first_seq", 1},
                          {"last_seq", 1},           {"records", nlohmann::json::array({rec})}};
    EXPECT_EQ(BatchJson(b), doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
        << "text of " << t.size() << " bytes";
  }
}

TEST(BatchCodec, EncodingIsDeterministicSoRetriesResendTheSameBytes) {
  Result<EncodedBatch> a = EncodeBatch(MakeTestBatch(1, 50));
  Result<EncodedBatch> b = EncodeBatch(MakeTestBatch(1, 50));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->body, b->body);
  EXPECT_EQ(a->idempotency_key, b->idempotency_key);
  Result<EncodedBatch> c = EncodeBatch(MakeTestBatch(1, 51));
  ASSERT_TRUE(c.ok());
  EXPECT_NE(a->idempotency_key, c->idempotency_key);
}

TEST(BatchCodec, CompressesRealisticRecords) {
  Result<EncodedBatch> e = EncodeBatch(MakeTestBatch(1, 200));
  ASSERT_TRUE(e.ok());
  EXPECT_LT(e->body.size() * 4, BatchJson(MakeTestBatch(1, 200)).size());
}

TEST(BatchCodec, MakeBatchRefusesGapsAndEmpty) {
  EXPECT_EQ(MakeBatch(kDevice, {}).status().reason(), "empty_batch");
  EXPECT_EQ(MakeBatch(kDevice, {Rec(1), Rec(3)}).status().reason(), "not_contiguous");
}

// Builds a gzip body from a JSON document edited by `edit`, with its correct hash.
struct Body {
  std::string body;
  std::string sha;
};
Body FromJson(const std::function<void(nlohmann::json&)>& edit) {
  nlohmann::json doc = nlohmann::json::parse(BatchJson(MakeTestBatch(1, 2)));
  edit(doc);
  std::string gz = GzipCompress(doc.dump()).value();
  return {gz, Sha256Hex(gz)};
}
Body FromText(const std::string& text) {
  std::string gz = GzipCompress(text).value();
  return {gz, Sha256Hex(gz)};
}

struct BadCase {
  const char* name;
  std::function<Body()> make;
  const char* reason;
};

TEST(BatchCodec, RefusesEveryMalformedBody) {
  using nlohmann::json;
  Body good = FromJson([](json&) {});
  std::vector<BadCase> cases = {
      {"truncated", [&] { Body b = good; b.body.resize(b.body.size() / 2); b.sha = Sha256Hex(b.body); return b; }, "bad_gzip"},
      {"bit flipped, hash of original", [&] { Body b = good; b.body[b.body.size() / 2] ^= 0x10; return b; }, "hash_mismatch"},
      {"bit flipped, rehashed", [&] { Body b = good; b.body[b.body.size() / 2] ^= 0x10; b.sha = Sha256Hex(b.body); return b; }, "bad_gzip"},
      {"trailing garbage", [&] { Body b = good; b.body += "xx"; b.sha = Sha256Hex(b.body); return b; }, "bad_gzip"},
      {"not gzip", [] { return Body{"hello", Sha256Hex("hello")}; }, "bad_gzip"},
      {"empty body", [] { return Body{"", Sha256Hex("")}; }, "bad_gzip"},
      {"wrong hash", [&] { Body b = good; b.sha = Sha256Hex("other"); return b; }, "hash_mismatch"},
      {"uppercase hash", [&] { Body b = good; for (char& c : b.sha) c = static_cast<char>(toupper(c)); return b; }, "bad_hash"},
      {"short hash", [&] { Body b = good; b.sha.resize(10); return b; }, "bad_hash"},
      {"not json", [] { return FromText("{not json"); }, "bad_json"},
      {"array doc", [] { return FromText("[]"); }, "bad_batch"},
      {"deep nesting", [] { return FromText(std::string(100, '[') + std::string(100, ']')); }, "bad_json"},
      {"unknown top field", [] { return FromJson([](json& d) { d["extra"] = 1; }); }, "bad_batch"},
      {"missing records", [] { return FromJson([](json& d) { d.erase("records"); }); }, "bad_batch"},
      {"wrong format", [] { return FromJson([](json& d) { d["format"] = "stem-batch/9"; }); }, "bad_batch"},
      {"device not uuid", [] { return FromJson([](json& d) { d["device_id"] = "kiosk"; }); }, "bad_batch"},
      {"seq as string", [] { return FromJson([](json& d) { d["first_seq"] = "1"; }); }, "bad_batch"},
      {"seq as float", [] { return FromJson([](json& d) { d["last_seq"] = 2.5; }); }, "bad_batch"},
      {"zero first", [] { return FromJson([](json& d) { d["first_seq"] = 0; }); }, "bad_batch"},
      {"range mismatch", [] { return FromJson([](json& d) { d["last_seq"] = 3; }); }, "bad_batch"},
      {"records not array", [] { return FromJson([](json& d) { d["records"] = json::object(); }); }, "bad_batch"},
      {"record unknown field", [] { return FromJson([](json& d) { d["records"][0]["x"] = 1; }); }, "bad_batch"},
      {"record missing field", [] { return FromJson([](json& d) { d["records"][1].erase("payload"); }); }, "bad_batch"},
      {"payload as object", [] { return FromJson([](json& d) { d["records"][0]["payload"] = json::object(); }); }, "bad_batch"},
      {"record seq out of order", [] { return FromJson([](json& d) { std::swap(d["records"][0], d["records"][1]); }); }, "bad_batch"},
      {"negative seq", [] { return FromJson([](json& d) { d["records"][0]["seq"] = -1; }); }, "bad_batch"},
      {"null type", [] { return FromJson([](json& d) { d["records"][0]["type"] = nullptr; }); }, "bad_batch"},
  };
  for (const BadCase& c : cases) {
    Body b = c.make();
    Result<Batch> d = DecodeBatch(b.body, b.sha, BatchLimits{});
    EXPECT_FALSE(d.ok()) << c.name;
    EXPECT_EQ(d.status().reason(), c.reason) << c.name << ": " << d.status().ToString();
  }
}

TEST(BatchCodec, RefusesOversizedBodiesBeforeHashing) {
  Result<EncodedBatch> e = EncodeBatch(MakeTestBatch(1, 20));
  ASSERT_TRUE(e.ok());
  BatchLimits small;
  small.max_compressed_bytes = e->body.size() - 1;
  EXPECT_EQ(DecodeBatch(e->body, e->sha256, small).status().reason(), "too_large_compressed");
  BatchLimits few;
  few.max_records = 19;
  EXPECT_EQ(DecodeBatch(e->body, e->sha256, few).status().reason(), "too_many_records");
}

TEST(BatchCodec, RefusesAGzipBombWithoutInflatingIt) {
  // 64 MiB of zeros compresses to about 64 KiB.
  std::string zeros(64u << 20, '0');
  std::string bomb = GzipCompress(zeros).value();
  zeros.clear();
  zeros.shrink_to_fit();
  ASSERT_LT(bomb.size(), 200u * 1024);
  Result<Batch> d = DecodeBatch(bomb, Sha256Hex(bomb), BatchLimits{});
  EXPECT_EQ(d.status().reason(), "too_large_decompressed");
  Result<std::string> raw = GzipDecompress(bomb, 1u << 20);
  EXPECT_EQ(raw.status().reason(), "too_large_decompressed");
}

TEST(Gzip, RoundTripsAndDetectsTruncation) {
  std::string text = "hello hello hello hello";
  std::string gz = GzipCompress(text).value();
  EXPECT_EQ(GzipDecompress(gz, 1000).value(), text);
  for (size_t cut : {size_t{1}, size_t{10}, gz.size() - 1}) {
    EXPECT_EQ(GzipDecompress(gz.substr(0, cut), 1000).status().reason(), "bad_gzip") << cut;
  }
}

struct RecordCase {
  const char* name;
  std::function<void(BatchRecord&)> edit;
  const char* reason;  // "" for valid
};

TEST(ValidateRecord, TableOfRecordValues) {
  std::vector<RecordCase> cases = {
      {"valid", [](BatchRecord&) {}, ""},
      {"every known type", [](BatchRecord& r) { r.type = "checkout"; }, ""},
      {"unknown type", [](BatchRecord& r) { r.type = "payment"; }, "unknown_type"},
      {"id not uuid", [](BatchRecord& r) { r.id = "abc"; }, "bad_id"},
      {"uppercase id", [](BatchRecord& r) { r.id = "0192F0C1-7A3B-7C4D-8E5F-000000000001"; }, "bad_id"},
      {"bad time", [](BatchRecord& r) { r.created_at = "yesterday"; }, "bad_created_at"},
      {"payload array", [](BatchRecord& r) { r.payload = "[1,2]"; }, "bad_payload"},
      {"payload not json", [](BatchRecord& r) { r.payload = "{"; }, "bad_payload"},
      {"payload too deep", [](BatchRecord& r) { r.payload = std::string(40, '[') + std::string(40, ']'); }, "bad_payload"},
      {"event id with space", [](BatchRecord& r) { r.event_id = "a b"; }, "bad_reference"},
      {"person id control", [](BatchRecord& r) { r.person_id = "a\n"; }, "bad_reference"},
  };
  for (const RecordCase& c : cases) {
    BatchRecord r = Rec(1);
    c.edit(r);
    Status s = ValidateRecord(r);
    EXPECT_EQ(s.ok() ? std::string() : s.reason(), c.reason) << c.name;
  }
}

}  // namespace
}  // namespace stem::sync
