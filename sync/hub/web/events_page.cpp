// Operations from the page (staff): create an event, publish its roster from a CSV (every
// row or none; the first problem named by its line), publish a form version to the kiosks
// (checked as a kiosk checks it). Each is audited.
#include <nlohmann/json.hpp>

#include "sync/hub/web/pages.h"
#include "sync/hub/web/request_parts.h"
#include "sync/hub/web/response_view.h"

namespace stem::hub::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Response EventsPage(Pages& p, const Request& req, int status, json data) {
  std::string lang = p.renderer.Language(req);
  Result<std::vector<HubEventInfo>> events = p.storage.ListEvents();
  Result<std::map<std::string, std::string>> titles = FormTitles(p.storage, lang);
  Result<std::vector<HubForm>> forms = p.storage.ListForms("");
  if (!events.ok() || !titles.ok() || !forms.ok()) return Unavailable(p, req);
  json list = json::array();
  for (const HubEventInfo& e : *events) {
    list.push_back({{"id", e.event.id},
                    {"name", e.event.name.empty() ? e.event.id : e.event.name},
                    {"kind", e.event.kind.empty() ? "" : p.renderer.Text(lang, "event_kind_" + e.event.kind)},
                    {"dates", e.event.starts_on + (e.event.ends_on.empty() || e.event.ends_on == e.event.starts_on
                                                       ? "" : " – " + e.event.ends_on)},
                    {"records", std::to_string(e.records)},
                    {"made", e.source == "kiosk" ? p.renderer.Format(lang, "event_made_on", {{"kiosk", e.device}})
                                                 : p.renderer.Text(lang, e.source == "hub" ? "event_made_here" : "event_records_only")},
                    {"selected", data.value("event", "") == e.event.id},
                    {"can_roster", e.source == "hub"}});
  }
  json form_list = json::array();
  for (const HubForm& f : *forms) {
    form_list.push_back({{"title", NameOr(*titles, f.form_id)}, {"id", f.form_id},
                         {"version", std::to_string(f.version)},
                         {"source", p.renderer.Text(lang, "form_source_" + f.source)}});
  }
  data["events"] = list;
  data["has_events"] = !list.empty();
  data["forms"] = form_list;
  return p.renderer.Page(req, status, "events", "events_title", data);
}


Response ShowEvents(Pages& p, Request& req) { return EventsPage(p, req, 200, json::object()); }

Response AddEvent(Pages& p, Request& req) {
  std::string lang = p.renderer.Language(req);
  std::map<std::string, std::string> f = FormFields(req.body);
  HubEvent e{"", Field(f, "name"), Field(f, "kind"), Field(f, "starts_on"), Field(f, "ends_on")};
  if (e.ends_on.empty()) e.ends_on = e.starts_on;
  Result<HubEvent> made = p.storage.CreateEvent(e);
  json typed = {{"new_name", e.name}, {"new_start", e.starts_on}, {"new_end", Field(f, "ends_on")}};
  if (!made.ok()) {
    if (made.status().code() != Status::Code::kInvalidArgument) return Unavailable(p, req);
    std::string key = "events_bad_" + made.status().reason();
    std::string words = p.renderer.Text(lang, key);
    typed["event_error"] = words != key ? words : p.renderer.Text(lang, "events_bad_invalid_name");
    return EventsPage(p, req, 400, typed);
  }
  (void)p.storage.Audit(req.caller, "event_created", json{{"event", made->id}, {"name", made->name}}.dump());
  return EventsPage(p, req, 201, {{"event_notice", p.renderer.Format(lang, "events_created", {{"name", made->name}})},
                                  {"event", made->id}});
}

Response ImportRoster(Pages& p, Request& req) {
  std::string lang = p.renderer.Language(req);
  std::map<std::string, std::string> f = FormFields(req.body);
  std::string event = Field(f, "event");
  std::string csv = Field(f, "csv");
  if (csv.empty()) {
    return EventsPage(p, req, 400, {{"roster_error", p.renderer.Text(lang, "roster_empty")}, {"event", event}});
  }
  Result<int64_t> n = p.storage.ImportRoster(event, csv);
  if (!n.ok()) {
    Status::Code code = n.status().code();
    if (code != Status::Code::kInvalidArgument && code != Status::Code::kNotFound) return Unavailable(p, req);
    // The problem's line and column, as the CSV reader names them; nothing was imported.
    return EventsPage(p, req, 400, {{"roster_error", p.renderer.Text(lang, "roster_refused")},
                                    {"roster_detail", n.status().ToString()},
                                    {"csv", csv},
                                    {"event", event}});
  }
  (void)p.storage.Audit(req.caller, "roster_imported", json{{"event", event}, {"students", *n}}.dump());
  return EventsPage(p, req, 200, {{"roster_notice", p.renderer.Format(lang, "roster_imported", {{"n", std::to_string(*n)}})},
                                  {"event", event}});
}

Response PublishForm(Pages& p, Request& req) {
  std::string lang = p.renderer.Language(req);
  std::string spec = Field(FormFields(req.body), "spec");
  Result<HubForm> f = spec.empty() ? Result<HubForm>(Status::InvalidArgument("empty", "no spec"))
                                   : p.storage.AddForm(spec, "hub");
  if (!f.ok()) {
    Status::Code code = f.status().code();
    if (code != Status::Code::kInvalidArgument && code != Status::Code::kAlreadyExists) return Unavailable(p, req);
    return EventsPage(p, req, 400, {{"form_error", p.renderer.Text(lang, code == Status::Code::kAlreadyExists ? "forms_version_exists" : "forms_refused")},
                                    {"form_detail", f.status().ToString()},
                                    {"spec", spec}});
  }
  (void)p.storage.Audit(req.caller, "form_published", json{{"form", f->form_id}, {"version", f->version}}.dump());
  return EventsPage(p, req, 201, {{"form_notice", p.renderer.Format(lang, "forms_published",
                                                                    {{"form", f->form_id}, {"version", std::to_string(f->version)}})}});
}

}  // namespace

std::vector<http::Route> EventRoutes(Pages& p) {
  using http::Access;
  return {
      {"GET", "/events", Access::kStaff, Handle(p, &ShowEvents)},
      {"POST", "/events/add", Access::kStaff, Handle(p, &AddEvent), 8 * 1024},
      {"POST", "/events/roster", Access::kStaff, Handle(p, &ImportRoster), 8 * 1024 * 1024},
      {"POST", "/forms/publish", Access::kStaff, Handle(p, &PublishForm), 2 * 1024 * 1024},
  };
}

}  // namespace stem::hub::web
