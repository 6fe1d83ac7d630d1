// The small JSON messages of the hub's HTTP API, other than batches, with strict decoders.
//
// The client uses the decoders to decide whether a reply really came from a hub: a 2xx whose
// body does not decode (a captive portal's HTML page) is not an acknowledgement.
// Thread safety: pure functions. Errors: InvalidArgument "bad_message" naming the field.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "data/status.h"

namespace stem::sync {

// One record's fate at the hub.
enum class RecordOutcome { kStored, kDuplicate, kConflict, kRejected };
const char* OutcomeName(RecordOutcome outcome);

struct RecordResult {
  int64_t seq = 0;
  RecordOutcome outcome = RecordOutcome::kStored;
  std::string reason;  // for kRejected (and kConflict): a slug
  bool operator==(const RecordResult&) const = default;
};

// The hub's answer to an uploaded batch.
struct Ack {
  std::string device_id;
  int64_t acked_through = 0;  // every seq <= this is at the hub (stored or rejected)
  std::vector<RecordResult> results;
};
std::string EncodeAck(const Ack& ack);
Result<Ack> DecodeAck(std::string_view text);

struct EnrollRequest {
  std::string code;       // the one-time code `stem-hub device add` printed
  std::string device_id;  // the kiosk store's device id (UUID)
};
std::string EncodeEnrollRequest(const EnrollRequest& request);
Result<EnrollRequest> DecodeEnrollRequest(std::string_view text);

struct EnrollResponse {
  std::string device_name;
  std::string token;
};
std::string EncodeEnrollResponse(const EnrollResponse& response);
Result<EnrollResponse> DecodeEnrollResponse(std::string_view text);

// GET /v1/device: what the hub has of this device.
struct DeviceStatus {
  std::string device_id;
  int64_t acked_through = 0;
  std::string server_time;
};
std::string EncodeDeviceStatus(const DeviceStatus& status);
Result<DeviceStatus> DecodeDeviceStatus(std::string_view text);

// An error body: {"error": reason, "message": detail}.
std::string EncodeError(const std::string& reason, const std::string& message);

}  // namespace stem::sync
