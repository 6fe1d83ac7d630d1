// /attendance/duplicates: children checked in on two kiosks at once (attendance/
// duplicate_checkins.h), with both records: when, which kiosk, which volunteer, and how each
// ended, for staff to call the kiosks and check the child out of the one that was wrong.
#include <map>

#include "sync/hub/attendance/duplicate_checkins.h"
#include "sync/hub/web/pages.h"
#include "sync/hub/web/request_parts.h"

namespace stem::hub::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

json CheckInJson(const Renderer& r, const std::string& lang,
                 const std::map<std::string, std::string>& kiosks, const AttendanceRow& a) {
  auto kiosk = [&](const std::string& id) {
    auto it = kiosks.find(id);
    return it == kiosks.end() ? id : it->second;
  };
  std::string out;
  if (a.checkout_id.empty()) {
    out = r.Text(lang, "person_still_here");
  } else {
    out = ShortTime(a.out_at) + " · " + kiosk(a.out_device);
  }
  return {{"id", a.checkin_id},
          {"in", ShortTime(a.in_at)},
          {"kiosk", kiosk(a.in_device)},
          {"by", a.in_by},
          {"out", out}};
}

Response ShowDuplicateCheckIns(Pages& p, Request& req) {
  std::string lang = p.renderer.Language(req);
  std::string event = req.query.count("event") ? req.query.at("event") : "";
  Result<std::map<std::string, std::string>> events = EventNames(p.storage);
  Result<std::vector<DeviceInfo>> devices = p.storage.ListDevices();
  if (!events.ok() || !devices.ok()) return Unavailable(p, req);
  std::map<std::string, std::string>& event_names = *events;
  if (!event.empty() && !event_names.count(event)) return p.renderer.Message(req, 404, "event_unknown");
  std::map<std::string, std::string> kiosks;
  for (const DeviceInfo& d : *devices) {
    if (!d.kiosk_id.empty()) kiosks[d.kiosk_id] = d.name;
  }
  std::vector<AttendanceRow> rows;
  ExportFilter filter;
  filter.event_id = event;
  Status s = p.storage.ForEachAttendance(filter, [&](const AttendanceRow& a) {
    rows.push_back(a);
    return Status::Ok();
  });
  if (!s.ok()) return Unavailable(p, req);
  json listed = json::array();
  for (const DuplicateCheckIn& d : FindDuplicateCheckIns(std::move(rows))) {
    std::string name = d.first.given_name + " " + d.first.family_name;
    listed.push_back({{"name", name == " " ? d.first.person_id : name},
                      {"href", "/person?id=" + UrlEncode(d.first.person_id)},
                      {"event", event_names.count(d.first.event_id) ? event_names[d.first.event_id]
                                                                   : d.first.event_id},
                      {"activity", d.first.activity_id.empty()
                                       ? p.renderer.Text(lang, "overview_whole_event")
                                       : d.first.activity_id},
                      {"first", CheckInJson(p.renderer, lang, kiosks, d.first)},
                      {"second", CheckInJson(p.renderer, lang, kiosks, d.second)}});
  }
  json data = {{"events", EventChoices(event_names, event)},
               {"pairs", listed},
               {"count", listed.size()},
               {"has_pairs", !listed.empty()},
               {"none", listed.empty()}};
  return p.renderer.Page(req, 200, "duplicate_checkins", "checkin_duplicates_title", data);
}

}  // namespace

std::vector<http::Route> AttendanceRoutes(Pages& p) {
  return {{"GET", "/attendance/duplicates", http::Access::kViewer, Handle(p, &ShowDuplicateCheckIns)}};
}

}  // namespace stem::hub::web
