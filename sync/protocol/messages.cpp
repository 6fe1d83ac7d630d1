#include "sync/protocol/messages.h"

#include <nlohmann/json.hpp>

#include "data/uuid.h"
#include "data/validate.h"
#include "sync/protocol/hash.h"

namespace stem::sync {
namespace {

using nlohmann::json;

Status Bad(const std::string& what) { return Status::InvalidArgument("bad_message", what); }

Result<json> ParseObject(std::string_view text) {
  if (text.size() > (8u << 20) || !validate::JsonNestingWithin(text, 6)) {
    return Bad("message too large or too deeply nested");
  }
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Bad("message is not a JSON object");
  return j;
}

bool String(const json& j, const char* key, size_t max, std::string* out) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return false;
  if (it->get_ref<const std::string&>().size() > max) return false;
  *out = it->get<std::string>();
  return true;
}

bool Int(const json& j, const char* key, int64_t* out) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return false;
  *out = it->get<int64_t>();
  return true;
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

const char* OutcomeName(RecordOutcome outcome) {
  switch (outcome) {
    case RecordOutcome::kStored: return "stored";
    case RecordOutcome::kDuplicate: return "duplicate";
    case RecordOutcome::kConflict: return "conflict";
    case RecordOutcome::kRejected: return "rejected";
  }
  return "?";
}

std::string EncodeAck(const Ack& ack) {
  json results = json::array();
  for (const RecordResult& r : ack.results) {
    json item = {{"seq", r.seq}, {"status", OutcomeName(r.outcome)}};
    if (!r.reason.empty()) item["reason"] = r.reason;
    results.push_back(std::move(item));
  }
  return Dump({{"device_id", ack.device_id},
               {"acked_through", ack.acked_through},
               {"results", std::move(results)}});
}

Result<Ack> DecodeAck(std::string_view text) {
  STEM_ASSIGN_OR_RETURN(json j, ParseObject(text));
  Ack ack;
  if (!String(j, "device_id", 64, &ack.device_id) || !IsCanonicalUuid(ack.device_id)) {
    return Bad("ack: device_id missing or not a UUID");
  }
  if (!Int(j, "acked_through", &ack.acked_through) || ack.acked_through < 0) {
    return Bad("ack: acked_through missing or negative");
  }
  auto it = j.find("results");
  if (it == j.end() || !it->is_array()) return Bad("ack: results missing");
  for (const json& item : *it) {
    if (!item.is_object()) return Bad("ack: a result is not an object");
    RecordResult r;
    std::string status;
    if (!Int(item, "seq", &r.seq) || r.seq < 1 || !String(item, "status", 16, &status)) {
      return Bad("ack: a result lacks seq or status");
    }
    if (status == "stored") {
      r.outcome = RecordOutcome::kStored;
    } else if (status == "duplicate") {
      r.outcome = RecordOutcome::kDuplicate;
    } else if (status == "conflict") {
      r.outcome = RecordOutcome::kConflict;
    } else if (status == "rejected") {
      r.outcome = RecordOutcome::kRejected;
    } else {
      return Bad("ack: unknown status");
    }
    if (item.contains("reason") && !String(item, "reason", 64, &r.reason)) {
      return Bad("ack: reason is not a short string");
    }
    ack.results.push_back(std::move(r));
  }
  return ack;
}

std::string EncodeEnrollRequest(const EnrollRequest& request) {
  return Dump({{"code", request.code}, {"device_id", request.device_id}});
}

Result<EnrollRequest> DecodeEnrollRequest(std::string_view text) {
  STEM_ASSIGN_OR_RETURN(json j, ParseObject(text));
  EnrollRequest r;
  if (j.size() != 2 || !String(j, "code", 64, &r.code) || r.code.empty() ||
      !String(j, "device_id", 64, &r.device_id) || !IsCanonicalUuid(r.device_id)) {
    return Bad("enroll: expected exactly a code and a device_id (UUID)");
  }
  return r;
}

std::string EncodeEnrollResponse(const EnrollResponse& response) {
  return Dump({{"device_name", response.device_name}, {"token", response.token}});
}

Result<EnrollResponse> DecodeEnrollResponse(std::string_view text) {
  STEM_ASSIGN_OR_RETURN(json j, ParseObject(text));
  EnrollResponse r;
  if (!String(j, "device_name", 200, &r.device_name) || !String(j, "token", 128, &r.token) ||
      r.token.size() < 32) {
    return Bad("enroll response: device_name or token missing");
  }
  return r;
}

std::string EncodeDeviceStatus(const DeviceStatus& status) {
  return Dump({{"device_id", status.device_id},
               {"acked_through", status.acked_through},
               {"server_time", status.server_time}});
}

Result<DeviceStatus> DecodeDeviceStatus(std::string_view text) {
  STEM_ASSIGN_OR_RETURN(json j, ParseObject(text));
  DeviceStatus s;
  if (!String(j, "device_id", 64, &s.device_id) || !IsCanonicalUuid(s.device_id) ||
      !Int(j, "acked_through", &s.acked_through) || s.acked_through < 0 ||
      !String(j, "server_time", 64, &s.server_time)) {
    return Bad("device status: device_id, acked_through or server_time missing");
  }
  return s;
}

std::string EncodeError(const std::string& reason, const std::string& message) {
  return Dump({{"error", reason}, {"message", message}});
}

}  // namespace stem::sync
