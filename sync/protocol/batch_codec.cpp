#include "sync/protocol/batch_codec.h"

#include <nlohmann/json.hpp>

#include "data/text.h"
#include "data/uuid.h"
#include "data/validate.h"
#include "sync/protocol/gzip.h"
#include "sync/protocol/hash.h"

namespace stem::sync {
namespace {

using nlohmann::json;

// Appends `s` as a JSON string, byte for byte what nlohmann's dump(-1, ' ', false, replace)
// writes: the two-letter escapes, other control characters as \u00xx, UTF-8 as is. Text that
// is not valid UTF-8 goes through nlohmann itself, which replaces the bad bytes.
void AppendJsonString(std::string& out, std::string_view s) {
  if (!IsValidUtf8(s)) {
    out += json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t run = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xf];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

}  // namespace

// Written field by field rather than through a json tree: encoding is on the upload path of
// every batch, and the tree costs more than the compression. Strings are escaped exactly as
// a tree dump would (AppendJsonString).
std::string BatchJson(const Batch& batch) {
  auto str = [](std::string& out, const std::string& s) { AppendJsonString(out, s); };
  std::string out;
  size_t estimate = 160;
  for (const BatchRecord& r : batch.records) estimate += r.payload.size() + 300;
  out.reserve(estimate);
  out += "{\"device_id\":";
  str(out, batch.device_id);
  out += ",\"first_seq\":" + std::to_string(batch.first_seq);
  out += ",\"format\":";
  str(out, kBatchFormat);
  out += ",\"last_seq\":" + std::to_string(batch.last_seq) + ",\"records\":[";
  for (size_t i = 0; i < batch.records.size(); ++i) {
    const BatchRecord& r = batch.records[i];
    out += i == 0 ? "{\"created_at\":" : ",{\"created_at\":";
    str(out, r.created_at);
    out += ",\"event_id\":";
    str(out, r.event_id);
    out += ",\"id\":";
    str(out, r.id);
    out += ",\"payload\":";
    str(out, r.payload);
    out += ",\"person_id\":";
    str(out, r.person_id);
    out += ",\"seq\":" + std::to_string(r.seq) + ",\"supersedes\":";
    str(out, r.supersedes);
    out += ",\"type\":";
    str(out, r.type);
    out += "}";
  }
  out += "]}";
  return out;
}

Result<EncodedBatch> EncodeBatch(const Batch& batch) {
  if (batch.records.empty()) return Status::InvalidArgument("empty_batch", "a batch needs a record");
  EncodedBatch e;
  e.device_id = batch.device_id;
  e.first_seq = batch.first_seq;
  e.last_seq = batch.last_seq;
  e.record_count = batch.records.size();
  STEM_ASSIGN_OR_RETURN(e.body, GzipCompress(BatchJson(batch)));
  e.sha256 = Sha256Hex(e.body);
  e.idempotency_key = IdempotencyKey(e.device_id, e.first_seq, e.last_seq, e.sha256);
  return e;
}

Result<Batch> DecodeBatch(std::string_view body, std::string_view claimed_sha256,
                          const BatchLimits& limits) {
  if (body.size() > limits.max_compressed_bytes) {
    return Status::InvalidArgument("too_large_compressed",
                                   "the batch is larger than " +
                                       std::to_string(limits.max_compressed_bytes) + " bytes");
  }
  if (!IsSha256Hex(claimed_sha256)) {
    return Status::InvalidArgument("bad_hash", "the content hash must be 64 lowercase hex digits");
  }
  if (Sha256Hex(body) != claimed_sha256) {
    return Status::InvalidArgument("hash_mismatch", "the body does not match its content hash");
  }
  STEM_ASSIGN_OR_RETURN(std::string text, GzipDecompress(body, limits.max_decompressed_bytes));
  if (!validate::JsonNestingWithin(text, 4)) {
    return Status::InvalidArgument("bad_json", "the batch document nests too deeply");
  }
  return ParseBatchJson(text, limits);
}

}  // namespace stem::sync
