#include "sync/hub/export/hub_export.h"

#include <ostream>

#include <nlohmann/json.hpp>

namespace stem::hub {
namespace {

std::string CsvCell(const std::string& text) {
  std::string out = "\"";
  // A leading =, +, - or @ would run as a formula in Excel.
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@')) {
    out += '\'';
  }
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

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

Result<int64_t> ExportRecords(HubStorage& storage, const std::string& event_id,
                              ExportFormat format, const std::optional<seal::KeyPair>& keys,
                              std::ostream& out) {
  int64_t n = 0;
  if (format == ExportFormat::kCsv) {
    out << "device_id,seq,id,type,event_id,person_id,supersedes,created_at,received_at,payload\n";
  } else {
    out << "[";
  }
  Status s = storage.ForEachRecord(event_id, [&](const HubRecord& h) -> Status {
    STEM_ASSIGN_OR_RETURN(std::string payload, OpenedPayload(h, keys));
    const sync::BatchRecord& r = h.record;
    if (format == ExportFormat::kCsv) {
      out << CsvCell(h.device_id) << ',' << r.seq << ',' << CsvCell(r.id) << ','
          << CsvCell(r.type) << ',' << CsvCell(r.event_id) << ',' << CsvCell(r.person_id) << ','
          << CsvCell(r.supersedes) << ',' << CsvCell(r.created_at) << ','
          << CsvCell(h.received_at) << ',' << CsvCell(payload) << '\n';
    } else {
      out << (n == 0 ? "\n" : ",\n") << "{\"device_id\":" << JsonString(h.device_id)
          << ",\"seq\":" << r.seq << ",\"id\":" << JsonString(r.id)
          << ",\"type\":" << JsonString(r.type) << ",\"event_id\":" << JsonString(r.event_id)
          << ",\"person_id\":" << JsonString(r.person_id)
          << ",\"supersedes\":" << JsonString(r.supersedes)
          << ",\"created_at\":" << JsonString(r.created_at)
          << ",\"received_at\":" << JsonString(h.received_at) << ",\"payload\":" << payload << "}";
    }
    ++n;
    if (!out) return Status::IoError("cannot write the export");
    return Status::Ok();
  });
  STEM_RETURN_IF_ERROR(s);
  if (format == ExportFormat::kJson) out << (n == 0 ? "]\n" : "\n]\n");
  out.flush();
  if (!out) return Status::IoError("cannot write the export");
  return n;
}

}  // namespace stem::hub
