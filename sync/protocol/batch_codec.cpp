#include "sync/protocol/batch_codec.h"

#include <nlohmann/json.hpp>

#include "data/uuid.h"
#include "data/validate.h"
#include "sync/protocol/gzip.h"
#include "sync/protocol/hash.h"

namespace stem::sync {
namespace {

using nlohmann::json;

// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF), the same rule nlohmann's serializer applies.
bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // truncated sequence
    unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    if (c1 < lo || c1 > hi) return false;
    for (size_t k = 2; k <= n; ++k) {
      unsigned char ck = static_cast<unsigned char>(s[i + k]);
      if (ck < 0x80 || ck > 0xBF) return false;
    }
    i += n + 1;
  }
  return true;
}

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
