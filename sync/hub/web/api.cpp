// The JSON API for the nonprofit's own tools, with a personal API token (or a signed-in
// session): events, people, attendance, a form's responses a page at a time by key, the
// Excel export; and creating an event (a read-write token of a staff account). Errors are
// JSON: {"error": reason, "message": words}.
#include <nlohmann/json.hpp>

#include "sync/hub/web/pages.h"
#include "sync/hub/web/request_parts.h"

namespace stem::hub::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Response Unavailable() {
  return Response::Error(503, "unavailable", "the hub cannot answer now; try again");
}

Response Ok(const json& body) {
  Response res = Response::Json(200, body.dump());
  res.headers.push_back({"Cache-Control", "no-store"});
  return res;
}

json EventJson(const HubEventInfo& e) {
  return {{"id", e.event.id},       {"name", e.event.name},   {"kind", e.event.kind},
          {"starts_on", e.event.starts_on}, {"ends_on", e.event.ends_on}, {"venue", e.venue},
          {"source", e.source},     {"records", e.records}};
}

json PersonJson(const PersonRow& p) {
  return {{"id", p.person_id},         {"event_id", p.event_id},   {"role", p.role},
          {"given_name", p.given_name}, {"family_name", p.family_name},
          {"birth_date", p.birth_date}, {"grade", p.grade},          {"school", p.school},
          {"phone", p.phone},           {"email", p.email},
          {"confirmation_code", p.confirmation_code}, {"guardian_id", p.guardian_id},
          {"guardian_name", p.guardian_name}, {"allergy_flag", p.allergy_flag},
          {"source", p.source},         {"registered_at", p.registered_at}};
}

json AnswerJson(const AnswerValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* j = std::get_if<StructuredAnswer>(&v)) {
    json parsed = json::parse(j->json, nullptr, false);
    return parsed.is_discarded() ? json() : parsed;  // a sealed answer stays sealed
  }
  return nullptr;
}

Response Events(Pages& p, Request&) {
  Result<std::vector<HubEventInfo>> events = p.storage.ListEvents();
  if (!events.ok()) return Unavailable();
  json out = json::array();
  for (const HubEventInfo& e : *events) out.push_back(EventJson(e));
  return Ok({{"events", out}});
}

Response CreateEvent(Pages& p, Request& req) {
  json body = json::parse(req.body, nullptr, false);
  if (!body.is_object()) {
    return Response::Error(400, "bad_json", "send a JSON object: name, kind, starts_on, ends_on");
  }
  auto text = [&](const char* key) {
    return body.contains(key) && body[key].is_string() ? body[key].get<std::string>() : "";
  };
  HubEvent e{"", text("name"), text("kind"), text("starts_on"), text("ends_on")};
  if (e.ends_on.empty()) e.ends_on = e.starts_on;
  Result<HubEvent> made = p.storage.CreateEvent(e);
  if (!made.ok()) {
    if (made.status().code() == Status::Code::kInvalidArgument) {
      return Response::Error(400, made.status().reason(), made.status().ToString());
    }
    return Unavailable();
  }
  (void)p.storage.Audit(req.caller, "event_created", json{{"event", made->id}, {"name", made->name}}.dump());
  return Response::Json(201, json{{"id", made->id}, {"name", made->name}, {"kind", made->kind},
                                  {"starts_on", made->starts_on}, {"ends_on", made->ends_on}}
                                 .dump());
}

Response People(Pages& p, Request& req) {
  std::string q = Query(req, "q");
  if (q.empty() || q.size() > 200) {
    return Response::Error(400, "bad_query", "q (1 to 200 characters) is required");
  }
  Result<std::vector<PersonRow>> found = p.storage.SearchPeople(q, 100);
  if (!found.ok()) return Unavailable();
  json out = json::array();
  for (const PersonRow& r : *found) out.push_back(PersonJson(r));
  return Ok({{"people", out}});
}

Response Attendance(Pages& p, Request& req) {
  ExportFilter filter;
  filter.event_id = Query(req, "event");
  if (filter.event_id.empty()) return Response::Error(400, "bad_query", "event is required");
  json out = json::array();
  Status s = p.storage.ForEachAttendance(filter, [&](const AttendanceRow& a) {
    out.push_back({{"checkin_id", a.checkin_id},   {"person_id", a.person_id},
                   {"given_name", a.given_name},   {"family_name", a.family_name},
                   {"activity_id", a.activity_id}, {"day", a.local_day},
                   {"in_at", a.in_at},             {"out_at", a.out_at},
                   {"out_method", a.out_method}});
    return Status::Ok();
  });
  if (!s.ok()) return Unavailable();
  return Ok({{"attendance", out}});
}

Response Responses(Pages& p, Request& req) {
  ResponseQuery q;
  q.form_id = Query(req, "form");
  if (q.form_id.empty()) return Response::Error(400, "bad_query", "form is required");
  q.event_id = Query(req, "event");
  q.from_day = Query(req, "from");
  q.to_day = Query(req, "to");
  q.cursor = Query(req, "cursor");
  std::string limit = Query(req, "limit");
  if (!limit.empty()) {
    if (limit.size() > 3 || limit.find_first_not_of("0123456789") != std::string::npos) {
      return Response::Error(400, "bad_query", "limit is 1 to 500");
    }
    q.limit = std::stoi(limit);
  }
  Result<ResponsePage> page = p.storage.Responses(q);
  Result<std::vector<QuestionKey>> numbered = p.storage.FormQuestions(q.form_id);
  if (!page.ok()) {
    if (page.status().code() == Status::Code::kInvalidArgument) {
      return Response::Error(400, page.status().reason(), page.status().ToString());
    }
    return Unavailable();
  }
  if (!numbered.ok()) return Unavailable();
  std::map<int64_t, std::string> names;  // qid -> "question" or "repeat/question"
  for (const QuestionKey& k : *numbered) {
    names[k.qid] = k.repeat_id.empty() ? k.question_id : k.repeat_id + "/" + k.question_id;
  }
  json rows = json::array();
  for (const ResponseRow& r : page->rows) {
    json answers = json::object();
    for (const AnswerRow& a : r.answers) {
      std::string key = names.count(a.qid) ? names[a.qid] : std::to_string(a.qid);
      if (a.entry > 0) {
        // Repeat groups: one list per question, by entry (1-based).
        json& list = answers[key];
        if (!list.is_array()) list = json::array();
        while (list.size() < static_cast<size_t>(a.entry)) list.push_back(nullptr);
        list[static_cast<size_t>(a.entry - 1)] = AnswerJson(a.value);
      } else {
        answers[key] = AnswerJson(a.value);
      }
    }
    rows.push_back({{"record_id", r.record_id}, {"form_version", r.form_version},
                    {"event_id", r.event_id},   {"person_id", r.person_id},
                    {"kiosk_id", r.device_id},  {"saved_at", r.created_at},
                    {"received_at", r.received_at}, {"corrects", r.supersedes},
                    {"answers", answers}});
  }
  json out = {{"responses", rows}};
  out["next_cursor"] = page->has_older ? json(page->last_cursor) : json();
  return Ok(out);
}

}  // namespace

std::vector<http::Route> ApiRoutes(Pages& p) {
  using http::Access;
  return {
      {"GET", "/api/events", Access::kViewer, Handle(p, &Events)},
      {"POST", "/api/events", Access::kStaff, Handle(p, &CreateEvent), 8 * 1024},
      {"GET", "/api/people", Access::kViewer, Handle(p, &People)},
      {"GET", "/api/attendance", Access::kViewer, Handle(p, &Attendance)},
      {"GET", "/api/responses", Access::kViewer, Handle(p, &Responses)},
  };
}

}  // namespace stem::hub::web
