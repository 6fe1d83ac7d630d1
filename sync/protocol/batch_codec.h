// Encoding and decoding batches for the wire (and for USB files).
//
// EncodeBatch is deterministic: the same batch gives the same bytes, hash and key, so a retry
// resends exactly what was sent before. DecodeBatch is the hub's gate for untrusted bytes: it
// checks, in order and before doing more work, the compressed size cap, the SHA-256 of the
// compressed body against the claimed hash, the decompressed size cap (inflating in bounded
// chunks), then the JSON structure: exactly the known fields with the right JSON types,
// a contiguous seq range matching first_seq/last_seq, at most max_records records. Values
// inside records are checked separately by ValidateRecord, so one bad record can be rejected
// without refusing its batch.
// Thread safety: pure functions. Errors: InvalidArgument with a stable reason:
// "too_large_compressed", "bad_hash", "hash_mismatch", "bad_gzip", "too_large_decompressed",
// "bad_json", "bad_batch", "too_many_records".
#pragma once

#include <string>
#include <string_view>

#include "sync/protocol/batch.h"

namespace stem::sync {

struct EncodedBatch {
  std::string device_id;
  int64_t first_seq = 0;
  int64_t last_seq = 0;
  size_t record_count = 0;
  std::string body;    // gzip of the JSON document
  std::string sha256;  // of `body`, lowercase hex
  std::string idempotency_key;
};

inline constexpr const char* kBatchFormat = "stem-batch/1";
inline constexpr const char* kBatchContentType = "application/vnd.stem-batch+gzip";

// The JSON document (before compression).
std::string BatchJson(const Batch& batch);
Result<EncodedBatch> EncodeBatch(const Batch& batch);
Result<Batch> DecodeBatch(std::string_view body, std::string_view claimed_sha256,
                          const BatchLimits& limits);
// DecodeBatch's last step, on the inflated text: the JSON structure (batch_json_reader.cpp).
Result<Batch> ParseBatchJson(std::string_view text, const BatchLimits& limits);

}  // namespace stem::sync
