// The landing page: an event's counts, who is still here, responses per form, and every
// kiosk with when it last called; /overview.json gives the counts for the page to refresh.
#include "sync/hub/web/pages.h"
#include "sync/hub/web/request_parts.h"

namespace stem::hub::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

// The event asked for, else the one running today, else the latest that started, else the
// first; nullptr when there is none.
const HubEventInfo* ChosenEvent(const std::vector<HubEventInfo>& events, const Request& req,
                                const std::string& today) {
  if (auto it = req.query.find("event"); it != req.query.end()) {
    for (const HubEventInfo& e : events) {
      if (e.event.id == it->second) return &e;
    }
  }
  const HubEventInfo* best = nullptr;
  for (const HubEventInfo& e : events) {
    const std::string& start = e.event.starts_on;
    const std::string& end = e.event.ends_on.empty() ? start : e.event.ends_on;
    if (!start.empty() && start <= today && today <= end) return &e;
    if (!start.empty() && start <= today && (best == nullptr || start > best->event.starts_on)) {
      best = &e;
    }
  }
  if (best == nullptr && !events.empty()) best = &events.front();
  return best;
}

std::string EventName(const HubEventInfo& e) {
  return e.event.name.empty() ? e.event.id : e.event.name;
}

json Counts(const EventOverview& o, const std::string& whole_event,
            const std::map<std::string, std::string>& titles) {
  json activities = json::array();
  for (const ActivityCount& a : o.activities) {
    activities.push_back({{"activity", a.activity_id.empty() ? whole_event : a.activity_id},
                          {"here_now", a.here_now},
                          {"today", a.today}});
  }
  json forms = json::array();
  for (const FormCount& f : o.forms) {
    auto title = titles.find(f.form_id);
    forms.push_back({{"form", title == titles.end() ? f.form_id : title->second},
                     {"href", "/responses?form=" + UrlEncode(f.form_id) + "&event=" + UrlEncode(o.event_id)},
                     {"responses", f.responses}});
  }
  return {{"students", o.students},
          {"here_now", o.here_now},
          {"checked_in_today", o.checked_in_today},
          {"still_here", o.still_here.size()},
          {"activities", activities},
          {"forms", forms}};
}

Response ShowOverview(Pages& p, Request& req) {
  std::string lang = p.renderer.Language(req);
  std::string today = LocalToday(p.clock);
  Result<std::vector<HubEventInfo>> events = p.storage.ListEventsUncounted();
  Result<std::vector<KioskStatus>> kiosks = p.storage.Kiosks();
  if (!events.ok() || !kiosks.ok()) return Unavailable(p, req);
  json data = {{"today", today}};
  const HubEventInfo* chosen = ChosenEvent(*events, req, today);
  json list = json::array();
  for (const HubEventInfo& e : *events) {
    list.push_back({{"id", e.event.id},
                    {"name", EventName(e)},
                    {"href", "/?event=" + UrlEncode(e.event.id)},
                    {"current", &e == chosen}});
  }
  data["events"] = list;
  data["has_events"] = !list.empty();
  if (chosen != nullptr) {
    Result<EventOverview> o = p.storage.Overview(chosen->event.id, today);
    if (!o.ok()) return Unavailable(p, req);
    json ev = {{"id", chosen->event.id},
               {"name", EventName(*chosen)},
               {"starts_on", chosen->event.starts_on},
               {"ends_on", chosen->event.ends_on},
               {"venue", chosen->venue},
               {"poll", "/overview.json?event=" + UrlEncode(chosen->event.id)},
               {"export_href", "/export?format=xlsx&event=" + UrlEncode(chosen->event.id)},
               {"duplicates_href", "/attendance/duplicates?event=" + UrlEncode(chosen->event.id)}};
    Result<std::map<std::string, std::string>> titles = FormTitles(p.storage, lang);
    if (!titles.ok()) return Unavailable(p, req);
    json counts = Counts(*o, p.renderer.Text(lang, "overview_whole_event"), *titles);
    ev.update(counts);
    json still = json::array();
    for (const StillHere& s : o->still_here) {
      std::string name = (s.given_name + " " + s.family_name);
      still.push_back({{"name", name == " " ? s.person_id : name},
                       {"href", "/person?id=" + UrlEncode(s.person_id)},
                       {"activity", s.activity_id.empty() ? p.renderer.Text(lang, "overview_whole_event")
                                                          : s.activity_id},
                       {"since", ShortTime(s.in_at)},
                       {"guardian", s.guardian_name},
                       {"phone", s.guardian_phone}});
    }
    ev["still_here_list"] = still;
    ev["has_activities"] = !o->activities.empty();
    ev["has_forms"] = !o->forms.empty();
    data["event"] = ev;
  }
  json ks = KioskRows(p.renderer, lang, *kiosks);
  data["kiosks"] = ks;
  data["has_kiosks"] = !ks.empty();
  return p.renderer.Page(req, 200, "overview", "overview_title", data);
}

Response OverviewJson(Pages& p, Request& req) {
  auto it = req.query.find("event");
  if (it == req.query.end() || it->second.empty() || it->second.size() > 200) {
    return Response::Error(400, "bad_query", "event is required");
  }
  Result<EventOverview> o = p.storage.Overview(it->second, LocalToday(p.clock));
  if (!o.ok()) return Response::Error(503, "unavailable", "try again");
  std::string lang = p.renderer.Language(req);
  Result<std::map<std::string, std::string>> titles = FormTitles(p.storage, lang);
  if (!titles.ok()) return Response::Error(503, "unavailable", "try again");
  json counts = Counts(*o, p.renderer.Text(lang, "overview_whole_event"), *titles);
  Response res = Response::Json(200, counts.dump());
  res.headers.push_back({"Cache-Control", "no-store"});
  return res;
}

}  // namespace

std::vector<http::Route> OverviewRoutes(Pages& p) {
  using http::Access;
  return {
      {"GET", "/", Access::kViewer, Handle(p, &ShowOverview)},
      {"GET", "/overview.json", Access::kViewer, Handle(p, &OverviewJson)},
  };
}

}  // namespace stem::hub::web
