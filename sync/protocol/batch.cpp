#include "sync/protocol/batch.h"

#include <array>

#include "data/clock.h"
#include "data/uuid.h"
#include "data/validate.h"

namespace stem::sync {
namespace {

constexpr size_t kMaxPayloadBytes = 256 * 1024;
constexpr int kMaxPayloadDepth = 16;

bool IsKnownType(const std::string& type) {
  static constexpr std::array<const char*, 5> kTypes = {"registration", "checkin", "checkout",
                                                        "form_response", "audit"};
  for (const char* t : kTypes) {
    if (type == t) return true;
  }
  return false;
}

// References are ids made by the kiosk: printable ASCII, short.
bool IsReference(const std::string& text) {
  if (text.size() > 64) return false;
  for (char c : text) {
    if (c <= ' ' || c > '~') return false;
  }
  return true;
}

}  // namespace

BatchRecord ToBatchRecord(const StoredRecord& r) {
  return BatchRecord{r.seq,        r.id,         r.type,    r.event_id, r.person_id,
                     r.supersedes, r.created_at, r.payload};
}

BatchRecord ToBatchRecord(StoredRecord&& r) {
  return BatchRecord{r.seq,
                     std::move(r.id),
                     std::move(r.type),
                     std::move(r.event_id),
                     std::move(r.person_id),
                     std::move(r.supersedes),
                     std::move(r.created_at),
                     std::move(r.payload)};
}

Result<Batch> MakeBatch(const std::string& device_id, std::vector<BatchRecord> records) {
  if (records.empty()) return Status::InvalidArgument("empty_batch", "a batch needs a record");
  for (size_t i = 1; i < records.size(); ++i) {
    if (records[i].seq != records[i - 1].seq + 1) {
      return Status::InvalidArgument("not_contiguous", "batch records must have contiguous seq");
    }
  }
  Batch b;
  b.device_id = device_id;
  b.first_seq = records.front().seq;
  b.last_seq = records.back().seq;
  b.records = std::move(records);
  return b;
}

Status ValidateRecord(const BatchRecord& r) {
  if (!IsCanonicalUuid(r.id)) return Status::InvalidArgument("bad_id", "record id is not a UUID");
  if (!IsKnownType(r.type)) {
    return Status::InvalidArgument("unknown_type", "record type is not one the hub knows");
  }
  TimePoint t;
  if (!ParseUtc(r.created_at, &t)) {
    return Status::InvalidArgument("bad_created_at", "created_at is not a UTC time stamp");
  }
  if (!IsReference(r.event_id) || !IsReference(r.person_id) || !IsReference(r.supersedes)) {
    return Status::InvalidArgument("bad_reference", "event, person or supersedes id malformed");
  }
  if (r.payload.size() > kMaxPayloadBytes || !validate::JsonNestingWithin(r.payload, kMaxPayloadDepth)) {
    return Status::InvalidArgument("bad_payload", "payload too large or too deeply nested");
  }
  // accept() checks the whole text without building a tree.
  size_t first = r.payload.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || r.payload[first] != '{' || !nlohmann::json::accept(r.payload)) {
    return Status::InvalidArgument("bad_payload", "payload is not a JSON object");
  }
  return Status::Ok();
}

std::string IdempotencyKey(const std::string& device_id, int64_t first_seq, int64_t last_seq,
                           const std::string& sha256_hex) {
  return device_id + ":" + std::to_string(first_seq) + "-" + std::to_string(last_seq) + ":" +
         sha256_hex;
}

}  // namespace stem::sync
