// Finding people (accents and case ignored, by name, phone or confirmation code, over every
// event) and one person's page: who they are, their guardian or children, visits, responses.
#include <map>

#include "sync/hub/people/people_duplicates.h"
#include "sync/hub/web/pages.h"
#include "sync/hub/web/request_parts.h"

namespace stem::hub::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr int kResultsShown = 50;

std::string FullName(const PersonRow& p) {
  std::string name = p.given_name + (p.given_name.empty() || p.family_name.empty() ? "" : " ") +
                     p.family_name;
  return name.empty() ? p.person_id : name;
}

// Event names by id, for showing people's events by name.
using EventNames = std::map<std::string, std::string>;

Result<EventNames> Names(HubStorage& storage) { return web::EventNames(storage); }

std::string EventName(const EventNames& names, const std::string& id) {
  auto it = names.find(id);
  return it == names.end() ? id : it->second;
}

json PersonJson(const Renderer& r, const std::string& lang, const EventNames& events,
                const PersonRow& p) {
  return {{"name", FullName(p)},
          {"id", p.person_id},
          {"href", "/person?id=" + UrlEncode(p.person_id)},
          {"role", r.Text(lang, "person_role_" + (p.role == "guardian" ? p.role : "student"))},
          {"event", EventName(events, p.event_id)},
          {"birth_date", p.birth_date},
          {"grade", p.grade},
          {"school", p.school},
          {"phone", p.phone},
          {"email", p.email},
          {"code", p.confirmation_code},
          {"guardian", p.guardian_name},
          {"allergy", p.allergy_flag},
          {"source", p.source},
          {"registered", ShortTime(p.registered_at)}};
}

Response ShowPeople(Pages& p, Request& req) {
  std::string lang = p.renderer.Language(req);
  std::string q = req.query.count("q") ? req.query.at("q") : "";
  if (q.size() > 200) q.resize(200);
  json data = {{"q", q}, {"searched", !q.empty()}};
  json found = json::array();
  Result<EventNames> events = Names(p.storage);
  if (!events.ok()) return Unavailable(p, req);
  if (!q.empty()) {
    Result<std::vector<PersonRow>> people = p.storage.SearchPeople(q, kResultsShown + 1);
    if (!people.ok()) return Unavailable(p, req);
    for (size_t i = 0; i < people->size() && i < kResultsShown; ++i) {
      found.push_back(PersonJson(p.renderer, lang, *events, (*people)[i]));
    }
    data["more"] = people->size() > kResultsShown;
  }
  data["has_found"] = !found.empty();
  data["found"] = found;
  data["none"] = !q.empty() && found.empty();
  return p.renderer.Page(req, 200, "people", "people_title", data);
}

Response ShowPerson(Pages& p, Request& req) {
  std::string lang = p.renderer.Language(req);
  std::string id = req.query.count("id") ? req.query.at("id") : "";
  Result<PersonDetail> d = p.storage.PersonPage(id);
  if (!d.ok()) {
    if (d.status().code() == Status::Code::kNotFound) {
      return p.renderer.Message(req, 404, "person_unknown");
    }
    return Unavailable(p, req);
  }
  Result<EventNames> events = Names(p.storage);
  if (!events.ok()) return Unavailable(p, req);
  json data = PersonJson(p.renderer, lang, *events, d->person);
  json related = json::array();
  for (const PersonRow& r : d->related) related.push_back(PersonJson(p.renderer, lang, *events, r));
  data["has_related"] = !related.empty();
  data["related"] = related;
  data["related_title"] =
      p.renderer.Text(lang, d->person.role == "guardian" ? "person_children" : "person_guardian");
  json visits = json::array();
  for (const PersonVisit& v : d->visits) {
    visits.push_back({{"event", EventName(*events, v.event_id)},
                      {"activity", v.activity_id.empty() ? p.renderer.Text(lang, "overview_whole_event")
                                                         : v.activity_id},
                      {"day", v.local_day},
                      {"in", ShortTime(v.in_at)},
                      {"out", v.out_at.empty() ? p.renderer.Text(lang, "person_still_here")
                                               : ShortTime(v.out_at)}});
  }
  data["has_visits"] = !visits.empty();
  data["visits"] = visits;
  json responses = json::array();
  for (const PersonResponse& r : d->responses) {
    responses.push_back({{"form", r.form_id}, {"at", ShortTime(r.created_at)}, {"id", r.record_id}});
  }
  data["has_responses"] = !responses.empty();
  data["responses"] = responses;
  json prints = json::array();
  for (const LabelPrint& l : d->prints) {
    // An outcome this hub has no words for (a newer kiosk's) shows as the kiosk said it.
    std::string key = "print_outcome_" + l.outcome;
    std::string outcome = p.renderer.Text(lang, key);
    if (outcome == key) outcome.clear();
    prints.push_back({{"at", ShortTime(l.printed_at)},
                      {"label", p.renderer.Text(lang, "label_" + l.label)},
                      {"kind", p.renderer.Text(lang, l.reprint ? "person_reprint" : "person_first_print")},
                      {"reason", l.reason},
                      {"outcome", outcome.empty() ? l.outcome : outcome},
                      {"printer", l.printer},
                      {"kiosk", l.device_id.size() > 8 ? l.device_id.substr(l.device_id.size() - 8) : l.device_id}});
  }
  data["has_prints"] = !prints.empty();
  data["prints"] = prints;
  if (!d->person.merged_into.empty()) {
    Result<PersonDetail> into = p.storage.PersonPage(d->person.merged_into);
    data["merged_into"] = {{"href", "/person?id=" + UrlEncode(d->person.merged_into)},
                           {"name", into.ok() ? FullName(into->person) : d->person.merged_into}};
  }
  if (req.query.count("merged")) data["notice"] = p.renderer.Text(lang, "person_merged_notice");
  if (req.query.count("unmerged")) data["notice"] = p.renderer.Text(lang, "person_unmerged_notice");
  return p.renderer.Page(req, 200, "person", "person_title", data);
}

// Probable duplicates (people/people_duplicates.h) of one event or all, for staff to open both
// and decide.
Response ShowDuplicates(Pages& p, Request& req) {
  std::string lang = p.renderer.Language(req);
  std::string event = req.query.count("event") ? req.query.at("event") : "";
  Result<EventNames> events = Names(p.storage);
  if (!events.ok()) return Unavailable(p, req);
  if (!event.empty() && !events->count(event)) return p.renderer.Message(req, 404, "event_unknown");
  Result<std::vector<DuplicatePeople>> pairs = FindDuplicatePeople(p.storage, event);
  if (!pairs.ok()) return Unavailable(p, req);
  json listed = json::array();
  for (const DuplicatePeople& d : *pairs) {
    listed.push_back({{"first", PersonJson(p.renderer, lang, *events, d.first)},
                      {"second", PersonJson(p.renderer, lang, *events, d.second)},
                      {"why", p.renderer.Text(lang, "duplicate_reason_" + d.reason)}});
  }
  json data = {{"events", EventChoices(*events, event)},
               {"pairs", listed},
               {"count", listed.size()},
               {"has_pairs", !listed.empty()},
               {"none", listed.empty()}};
  return p.renderer.Page(req, 200, "duplicates", "duplicates_title", data);
}

// Staff merge the second person of a pair into the first (one child registered twice), or
// undo a merge; both are audited by the storage. Refusals are said on a message page.
Response MergePerson(Pages& p, Request& req) {
  std::map<std::string, std::string> f = FormFields(req.body);
  std::string person = Field(f, "person");
  std::string into = Field(f, "into");
  if (person.empty() || into.empty() || person.size() > 64 || into.size() > 64) {
    return p.renderer.Message(req, 400, "merge_refused");
  }
  Status s = p.storage.MergePeople(person, into, "", req.caller);
  if (s.code() == Status::Code::kNotFound) return p.renderer.Message(req, 404, "person_unknown");
  if (s.code() == Status::Code::kInvalidArgument || s.code() == Status::Code::kConflict) {
    return p.renderer.Message(req, 409, "merge_refused");
  }
  if (!s.ok()) return Unavailable(p, req);
  return Redirect("/person?id=" + UrlEncode(person) + "&merged=1");
}

Response UnmergePerson(Pages& p, Request& req) {
  std::string person = Field(FormFields(req.body), "person");
  if (person.empty() || person.size() > 64) return p.renderer.Message(req, 400, "merge_refused");
  Status s = p.storage.UndoMerge(person, req.caller);
  if (s.code() == Status::Code::kNotFound) return p.renderer.Message(req, 404, "person_not_merged");
  if (!s.ok()) return Unavailable(p, req);
  return Redirect("/person?id=" + UrlEncode(person) + "&unmerged=1");
}

}  // namespace

std::vector<http::Route> PeopleRoutes(Pages& p) {
  using http::Access;
  return {
      {"GET", "/people", Access::kViewer, Handle(p, &ShowPeople)},
      {"GET", "/person", Access::kViewer, Handle(p, &ShowPerson)},
      {"GET", "/people/duplicates", Access::kViewer, Handle(p, &ShowDuplicates)},
      {"POST", "/people/merge", Access::kStaff, Handle(p, &MergePerson), 8 * 1024},
      {"POST", "/people/unmerge", Access::kStaff, Handle(p, &UnmergePerson), 8 * 1024},
  };
}

}  // namespace stem::hub::web
