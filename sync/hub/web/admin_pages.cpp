// Kiosks (staff: add one, its enrollment code shown once; revoke one) and the audit log
// (admin). Every change is audited with who made it.
#include <nlohmann/json.hpp>

#include "sync/hub/web/pages.h"
#include "sync/hub/web/request_parts.h"

namespace stem::hub::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Response DevicesPage(Pages& p, const Request& req, int status, json data) {
  std::string lang = p.renderer.Language(req);
  Result<std::vector<KioskStatus>> kiosks = p.storage.Kiosks();
  if (!kiosks.ok()) return Unavailable(p, req);
  json ks = KioskRows(p.renderer, lang, *kiosks);
  data["kiosks"] = ks;
  data["has_kiosks"] = !ks.empty();
  return p.renderer.Page(req, status, "devices", "devices_title", data);
}

Response ShowDevices(Pages& p, Request& req) { return DevicesPage(p, req, 200, json::object()); }

Response AddDevice(Pages& p, Request& req) {
  std::string lang = p.renderer.Language(req);
  std::string name = Field(FormFields(req.body), "name");
  Result<std::string> code = p.storage.AddDevice(name);
  if (!code.ok()) {
    const std::string& why = code.status().reason();
    if (code.status().code() == Status::Code::kAlreadyExists || why == "device_exists") {
      return DevicesPage(p, req, 409, {{"error", p.renderer.Text(lang, "devices_exists")}, {"name", name}});
    }
    if (code.status().code() == Status::Code::kInvalidArgument) {
      return DevicesPage(p, req, 400, {{"error", p.renderer.Text(lang, "devices_bad_name")}, {"name", name}});
    }
    return Unavailable(p, req);
  }
  if (!p.storage.Audit(req.caller, "device_added", json{{"name", name}}.dump()).ok()) {
    return Unavailable(p, req);
  }
  return DevicesPage(p, req, 201, {{"added", name}, {"code", *code}});
}

Response RevokeDevice(Pages& p, Request& req) {
  std::string lang = p.renderer.Language(req);
  std::string name = Field(FormFields(req.body), "name");
  Status s = p.storage.RevokeDevice(name);
  if (!s.ok()) {
    if (s.code() == Status::Code::kNotFound) {
      return DevicesPage(p, req, 404, {{"error", p.renderer.Text(lang, "devices_unknown")}});
    }
    return Unavailable(p, req);
  }
  if (!p.storage.Audit(req.caller, "device_revoked", json{{"name", name}}.dump()).ok()) {
    return Unavailable(p, req);
  }
  return DevicesPage(p, req, 200, {{"revoked", name}});
}

Response ShowAudit(Pages& p, Request& req) {
  Result<std::vector<AuditEntry>> log = p.storage.AuditLog(500);
  if (!log.ok()) return Unavailable(p, req);
  json rows = json::array();
  for (const AuditEntry& e : *log) {
    // The detail is the storage's own JSON object: shown as "key: value" pairs.
    std::string detail;
    json d = json::parse(e.detail, nullptr, false);
    if (d.is_object()) {
      for (const auto& [k, v] : d.items()) {
        detail += (detail.empty() ? "" : ", ") + k + ": " + (v.is_string() ? v.get<std::string>() : v.dump());
      }
    }
    rows.push_back({{"at", ShortTime(e.at)}, {"actor", e.actor}, {"action", e.action}, {"detail", detail}});
  }
  return p.renderer.Page(req, 200, "audit", "audit_title", {{"entries", rows}, {"has_entries", !rows.empty()}});
}

}  // namespace

std::vector<http::Route> AdminRoutes(Pages& p) {
  using http::Access;
  return {
      {"GET", "/devices", Access::kStaff, Handle(p, &ShowDevices)},
      {"POST", "/devices/add", Access::kStaff, Handle(p, &AddDevice), 8 * 1024},
      {"POST", "/devices/revoke", Access::kStaff, Handle(p, &RevokeDevice), 8 * 1024},
      {"GET", "/audit", Access::kAdmin, Handle(p, &ShowAudit)},
  };
}

}  // namespace stem::hub::web
