// A batch: records of one device with a contiguous sequence range, the unit of upload.
//
// Wire form (see batch_codec.h): UTF-8 JSON, gzip-compressed, identified by the SHA-256 of
// the compressed bytes. Each record's payload travels as the exact JSON text stored on the
// kiosk, so what the hub stores is byte-identical to what the kiosk saved.
// Plain values; thread safety as for any value type.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "data/store/records.h"
#include "data/status.h"

namespace stem::sync {

struct BatchRecord {
  int64_t seq = 0;
  std::string id;          // UUIDv7
  std::string type;        // registration, checkin, checkout, form_response, audit
  std::string event_id;    // "" when none
  std::string person_id;   // "" when none
  std::string supersedes;  // "" when none
  std::string created_at;  // "2026-11-22T14:03:07.123Z"
  std::string payload;     // JSON object text, exactly as stored
  bool operator==(const BatchRecord&) const = default;
};

struct Batch {
  std::string device_id;
  int64_t first_seq = 0;
  int64_t last_seq = 0;
  std::vector<BatchRecord> records;  // seq first_seq..last_seq, in order, none missing
};

// Caps the hub applies before and while decoding.
struct BatchLimits {
  size_t max_compressed_bytes = 4u << 20;
  size_t max_decompressed_bytes = 16u << 20;
  size_t max_records = 2000;
};

BatchRecord ToBatchRecord(const StoredRecord& r);
BatchRecord ToBatchRecord(StoredRecord&& r);
// Builds a batch from records of one device in increasing, contiguous seq order.
// InvalidArgument "not_contiguous" / "mixed_devices" / "empty_batch" otherwise.
Result<Batch> MakeBatch(const std::string& device_id, std::vector<BatchRecord> records);

// Checks one record's values (the structure was checked by the decoder). Ok, or
// InvalidArgument whose reason says why the hub rejects it: "bad_id", "unknown_type",
// "bad_created_at", "bad_payload", "bad_reference".
Status ValidateRecord(const BatchRecord& record);

// The idempotency key of a batch: "<device>:<first>-<last>:<sha256 of the compressed body>".
std::string IdempotencyKey(const std::string& device_id, int64_t first_seq, int64_t last_seq,
                           const std::string& sha256_hex);

}  // namespace stem::sync
