#include "sync/hub/export/hub_export.h"

#include <ostream>

#include <nlohmann/json.hpp>

namespace stem::hub {
namespace {

Result<std::string> OpenedPayload(const HubRecord& h, const std::optional<seal::KeyPair>& keys) {
  if (!keys || h.record.type != "form_response") return h.record.payload;
  nlohmann::json p = nlohmann::json::parse(h.record.payload, nullptr, false);
  if (p.is_discarded() || !p.is_object() || !p.contains("answers")) return h.record.payload;
  STEM_ASSIGN_OR_RETURN(p["answers"], seal::OpenSealedAnswers(*keys, p["answers"]));
  return p.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string JsonString(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Result<int64_t> ExportRecordsJson(HubStorage& storage, const std::string& event_id,
                                  const std::optional<seal::KeyPair>& keys, std::ostream& out) {
  int64_t n = 0;
  out << "[";
  Status s = storage.ForEachRecord(event_id, [&](const HubRecord& h) -> Status {
    STEM_ASSIGN_OR_RETURN(std::string payload, OpenedPayload(h, keys));
    const sync::BatchRecord& r = h.record;
    out << (n == 0 ? "\n" : ",\n") << "{\"device_id\":" << JsonString(h.device_id)
        << ",\"seq\":" << r.seq << ",\"id\":" << JsonString(r.id)
        << ",\"type\":" << JsonString(r.type) << ",\"event_id\":" << JsonString(r.event_id)
        << ",\"person_id\":" << JsonString(r.person_id)
        << ",\"supersedes\":" << JsonString(r.supersedes)
        << ",\"created_at\":" << JsonString(r.created_at)
        << ",\"received_at\":" << JsonString(h.received_at) << ",\"payload\":" << payload << "}";
    ++n;
    if (!out) return Status::IoError("cannot write the export");
    return Status::Ok();
  });
  STEM_RETURN_IF_ERROR(s);
  out << (n == 0 ? "]\n" : "\n]\n");
  out.flush();
  if (!out) return Status::IoError("cannot write the export");
  return n;
}

}  // namespace stem::hub
