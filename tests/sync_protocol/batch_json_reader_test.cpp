// ParseBatchJson against the tree decoder it replaced (kept here as the oracle): the same
// batches come out, and broken documents get the same reasons, over thousands of mutations.
#include <gtest/gtest.h>

#include <initializer_list>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "data/uuid.h"
#include "sync/protocol/batch_codec.h"

namespace stem::sync {
namespace {

using nlohmann::json;

Status Bad(const std::string& d) { return Status::InvalidArgument("bad_batch", d); }
bool Exactly(const json& o, std::initializer_list<const char*> keys) {
  if (o.size() != keys.size()) return false;
  for (const char* k : keys) {
    if (!o.contains(k)) return false;
  }
  return true;
}
bool Int(const json& o, const char* k, int64_t* out) {
  if (!o.at(k).is_number_integer()) return false;
  *out = o.at(k).get<int64_t>();
  return true;
}
bool Str(const json& o, const char* k, size_t max, std::string* out) {
  if (!o.at(k).is_string() || o.at(k).get_ref<const std::string&>().size() > max) return false;
  *out = o.at(k).get<std::string>();
  return true;
}

// The decoder as it was before ParseBatchJson (a json tree).
Result<Batch> TreeDecode(const std::string& text, const BatchLimits& limits) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return Status::InvalidArgument("bad_json", "");
  if (!doc.is_object() || !Exactly(doc, {"format", "device_id", "first_seq", "last_seq", "records"})) {
    return Bad("fields");
  }
  if (!doc["format"].is_string() || doc["format"].get<std::string>() != kBatchFormat) return Bad("format");
  Batch b;
  if (!Str(doc, "device_id", 64, &b.device_id) || !IsCanonicalUuid(b.device_id)) return Bad("device");
  if (!Int(doc, "first_seq", &b.first_seq) || !Int(doc, "last_seq", &b.last_seq) ||
      b.first_seq < 1 || b.last_seq < b.first_seq) {
    return Bad("range");
  }
  const json& records = doc["records"];
  if (!records.is_array()) return Bad("array");
  if (records.size() > limits.max_records) return Status::InvalidArgument("too_many_records", "");
  if (static_cast<int64_t>(records.size()) != b.last_seq - b.first_seq + 1) return Bad("count");
  for (const json& j : records) {
    if (!j.is_object() || !Exactly(j, {"seq", "id", "type", "event_id", "person_id", "supersedes",
                                       "created_at", "payload"})) {
      return Bad("record fields");
    }
    BatchRecord r;
    if (!Int(j, "seq", &r.seq) || r.seq < 1) return Bad("seq");
    if (!Str(j, "id", 64, &r.id) || !Str(j, "type", 64, &r.type) ||
        !Str(j, "event_id", 256, &r.event_id) || !Str(j, "person_id", 256, &r.person_id) ||
        !Str(j, "supersedes", 256, &r.supersedes) || !Str(j, "created_at", 64, &r.created_at) ||
        !Str(j, "payload", 16u << 20, &r.payload)) {
      return Bad("strings");
    }
    if (r.seq != b.first_seq + static_cast<int64_t>(b.records.size())) return Bad("order");
    b.records.push_back(std::move(r));
  }
  return b;
}

std::string GoodDocument() {
  std::vector<BatchRecord> rs;
  for (int i = 0; i < 3; ++i) {
    rs.push_back({7 + i, "0192f0c1-7a3b-7c4d-8e5f-00000000000" + std::to_string(i), "form_response",
                  "ev-1", "p-\"q\"\\", "", "2026-11-22T14:03:07.123Z",
                  "{\"a\":\"Nguy\xe1\xbb\x85n \\u00e9 \xf0\x9f\x9a\x80\",\"n\":[1,2.5,-3e2,true,null]}"});
  }
  return BatchJson(MakeBatch("0192f0c1-7a3b-7c4d-8e5f-0123456789ab", rs).value());
}

void ExpectSame(const std::string& text, const BatchLimits& limits) {
  Result<Batch> tree = TreeDecode(text, limits);
  Result<Batch> fast = ParseBatchJson(text, limits);
  ASSERT_EQ(tree.ok(), fast.ok()) << text << "\n" << fast.status().ToString();
  if (tree.ok()) {
    EXPECT_EQ(fast->device_id, tree->device_id);
    EXPECT_EQ(fast->first_seq, tree->first_seq);
    EXPECT_EQ(fast->last_seq, tree->last_seq);
    EXPECT_TRUE(fast->records == tree->records) << text;
  } else {
    EXPECT_EQ(fast.status().reason(), tree.status().reason()) << text << "\n" << fast.status().ToString();
  }
}

TEST(BatchJsonReader, ReadsWhatTheTreeReads) {
  BatchLimits limits;
  ExpectSame(GoodDocument(), limits);
  json doc = json::parse(GoodDocument());
  // Other key orders, white space, escapes the encoder never writes.
  ExpectSame(doc.dump(2), limits);
  ExpectSame(R"({"records":[],"last_seq":1,"first_seq":1,"device_id":"0192f0c1-7a3b-7c4d-8e5f-0123456789ab","format":"stem-batch/1"})", limits);
  std::string escaped = GoodDocument();
  escaped.replace(escaped.find("ev-1"), 4, "\\u0065\\/v\\ud83d\\ude80");
  ExpectSame(escaped, limits);
}

TEST(BatchJsonReader, RefusesWhatTheTreeRefusesWithTheSameReason) {
  BatchLimits limits;
  limits.max_records = 2;
  std::string good = GoodDocument();
  for (const std::string& text :
       {good, std::string(""), std::string("[]"), std::string("{}"), std::string("42"),
        good + "x", good + " ", std::string("{\"format\":1}"), std::string("\"\\ud83d\""),
        std::string("{\"a\":\"\\udc00\"}"), std::string("{\"a\":01}"),
        std::string("{\"a\":1.}"), std::string("{\"a\":\"\xc0\x80\"}"),
        std::string("{\"a\":\"\t\"}"), std::string("{\"a\":tru}"),
        std::string("{\"a\":[1,]}"), std::string("{,}")}) {
    ExpectSame(text, limits);
  }
}

TEST(BatchJsonReader, AgreesWithTheTreeOnNumbersAtTheEdges) {
  BatchLimits limits;
  std::string good = GoodDocument();
  // seq 7 of the first record, then first_seq 7, as numbers the tree reads as integers,
  // unsigned integers, floats, or not at all.
  for (const char* number :
       {"7", "-0", "0", "7.0", "7e0", "9223372036854775807", "9223372036854775808",
        "18446744073709551615", "18446744073709551616", "-9223372036854775809", "1e400", "-1",
        "true", "null", "\"7\"", "[7]", "{\"a\":7}"}) {
    std::string in_record = good;
    in_record.replace(in_record.find("\"seq\":7") + 6, 1, number);
    ExpectSame(in_record, limits);
    std::string in_batch = good;
    in_batch.replace(in_batch.find("\"first_seq\":7") + 12, 1, number);
    ExpectSame(in_batch, limits);
  }
}

// Where the reader is stricter than the tree was.
TEST(BatchJsonReader, RefusesAKeyGivenTwiceAByteOrderMarkAndDeepNesting) {
  BatchLimits limits;
  std::string good = GoodDocument();
  ASSERT_TRUE(ParseBatchJson(good, limits).ok());

  std::string twice_in_batch = good;
  twice_in_batch.insert(1, "\"first_seq\":7,");
  ASSERT_TRUE(TreeDecode(twice_in_batch, limits).ok());  // the tree kept the last one
  EXPECT_EQ(ParseBatchJson(twice_in_batch, limits).status().reason(), "bad_batch");

  std::string twice_in_record = good;
  twice_in_record.insert(twice_in_record.find("\"seq\":7"), "\"type\":\"audit\",");
  Result<Batch> r = ParseBatchJson(twice_in_record, limits);
  EXPECT_EQ(r.status().reason(), "bad_batch");
  EXPECT_NE(r.status().ToString().find("exactly the fields seq"), std::string::npos);

  EXPECT_EQ(ParseBatchJson("\xEF\xBB\xBF" + good, limits).status().reason(), "bad_json");

  std::string deep = good;
  deep.replace(deep.find("\"payload\":"), 10,
               "\"x\":" + std::string(70, '[') + std::string(70, ']') + ",\"payload\":");
  EXPECT_EQ(ParseBatchJson(deep, limits).status().reason(), "bad_json");
  std::string shallow = good;
  shallow.replace(shallow.find("\"payload\":"), 10,
                  "\"x\":" + std::string(50, '[') + std::string(50, ']') + ",\"payload\":");
  EXPECT_EQ(ParseBatchJson(shallow, limits).status().reason(), "bad_batch");
}

TEST(BatchJsonReader, AgreesWithTheTreeOnThousandsOfMutations) {
  std::mt19937 gen(20261122);
  std::string good = GoodDocument();
  const std::string special = "{}[]\",:\\-0123456789.eE tfnu\x01\xc3\xff";
  BatchLimits limits;
  for (int i = 0; i < 20000; ++i) {
    std::string t = good;
    int edits = 1 + static_cast<int>(gen() % 3);
    for (int e = 0; e < edits; ++e) {
      size_t at = gen() % t.size();
      switch (gen() % 3) {
        case 0: t[at] = special[gen() % special.size()]; break;
        case 1: t.erase(at, 1 + gen() % 4); break;
        default: t.insert(at, 1, special[gen() % special.size()]);
      }
      if (t.empty()) t = "{";
    }
    limits.max_records = 1 + gen() % 4;
    ExpectSame(t, limits);
    if (HasFailure()) break;
  }
}

}  // namespace
}  // namespace stem::sync
