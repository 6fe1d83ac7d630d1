#include "sync/protocol/roster_page.h"

#include <nlohmann/json.hpp>

#include "data/forms/form_spec.h"
#include "data/validate.h"

namespace stem::sync {
namespace {

using nlohmann::json;

Status Bad(const std::string& what) { return Status::InvalidArgument("bad_message", "roster page: " + what); }

json Opt(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

bool Str(const json& j, const char* key, size_t max, std::string* out) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string() || it->get_ref<const std::string&>().size() > max) return false;
  *out = it->get<std::string>();
  return true;
}

bool OptStr(const json& j, const char* key, std::optional<std::string>* out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    out->reset();
    return true;
  }
  if (!it->is_string() || it->get_ref<const std::string&>().size() > 500) return false;
  *out = it->get<std::string>();
  return true;
}

json PersonJson(const RosterPerson& rp) {
  const Person& p = rp.person;
  return {{"id", p.id}, {"event_id", p.event_id}, {"role", p.role},
          {"given_name", p.given_name}, {"family_name", p.family_name},
          {"birth_date", Opt(p.birth_date)}, {"grade", Opt(p.grade)},
          {"school", Opt(p.school)}, {"phone", Opt(p.phone)}, {"email", Opt(p.email)},
          {"confirmation_code", Opt(p.confirmation_code)},
          {"guardian_id", Opt(p.guardian_id)}, {"allergy_flag", p.allergy_flag},
          {"guardian_name", rp.guardian_name}};
}

Result<RosterPerson> PersonFrom(const json& p) {
  RosterPerson rp;
  Person& x = rp.person;
  auto flag = p.is_object() ? p.find("allergy_flag") : p.end();
  if (!p.is_object() || !Str(p, "id", 64, &x.id) || !Str(p, "event_id", 64, &x.event_id) ||
      !Str(p, "role", 10, &x.role) || !Str(p, "given_name", 800, &x.given_name) ||
      !Str(p, "family_name", 800, &x.family_name) || !OptStr(p, "birth_date", &x.birth_date) ||
      !OptStr(p, "grade", &x.grade) || !OptStr(p, "school", &x.school) ||
      !OptStr(p, "phone", &x.phone) || !OptStr(p, "email", &x.email) ||
      !OptStr(p, "confirmation_code", &x.confirmation_code) ||
      !OptStr(p, "guardian_id", &x.guardian_id) || flag == p.end() || !flag->is_boolean() ||
      !Str(p, "guardian_name", 800, &rp.guardian_name)) {
    return Bad("a person lacks a field or has one of the wrong type");
  }
  if (x.role != "student" && x.role != "guardian") return Bad("unknown role");
  x.allergy_flag = flag->get<bool>();
  return rp;
}

}  // namespace

std::string EncodeRosterPerson(const RosterPerson& person) {
  return PersonJson(person).dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<RosterPerson> DecodeRosterPerson(std::string_view text) {
  if (!validate::JsonNestingWithin(text, 3)) return Bad("person nests too deeply");
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return Bad("person is not JSON");
  return PersonFrom(j);
}

std::string EncodeRosterPage(const RosterPage& page) {
  json events = json::array();
  for (const Event& e : page.events) {
    events.push_back({{"id", e.id}, {"name", e.name}, {"kind", e.kind}, {"starts_on", e.starts_on},
                      {"ends_on", e.ends_on}, {"venue", e.venue}});
  }
  json people = json::array();
  for (const RosterPerson& rp : page.people) people.push_back(PersonJson(rp));
  json out{{"events", events}, {"people", people}, {"next_cursor", page.next_cursor},
           {"more", page.more}};
  if (page.forms_cursor >= 0) {
    // Each spec as text: the page's nesting stays shallow whatever the forms nest.
    out["forms"] = page.forms;
    out["forms_cursor"] = page.forms_cursor;
  }
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<RosterPage> DecodeRosterPage(std::string_view text) {
  if (text.size() > (32u << 20) || !validate::JsonNestingWithin(text, 5)) return Bad("too large or too deep");
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Bad("not a JSON object");
  RosterPage page;
  auto events = j.find("events");
  auto people = j.find("people");
  auto cursor = j.find("next_cursor");
  auto more = j.find("more");
  if (events == j.end() || !events->is_array() || people == j.end() || !people->is_array() ||
      cursor == j.end() || !cursor->is_number_integer() || more == j.end() || !more->is_boolean()) {
    return Bad("events, people, next_cursor and more are required");
  }
  page.next_cursor = cursor->get<int64_t>();
  page.more = more->get<bool>();
  if (page.next_cursor < 0) return Bad("negative cursor");
  for (const json& e : *events) {
    Event ev;
    if (!e.is_object() || !Str(e, "id", 64, &ev.id) || !Str(e, "name", 200, &ev.name) ||
        !Str(e, "kind", 8, &ev.kind) || !Str(e, "starts_on", 10, &ev.starts_on) ||
        !Str(e, "ends_on", 10, &ev.ends_on) || !Str(e, "venue", 200, &ev.venue)) {
      return Bad("an event lacks a field");
    }
    page.events.push_back(std::move(ev));
  }
  for (const json& p : *people) {
    STEM_ASSIGN_OR_RETURN(RosterPerson rp, PersonFrom(p));
    page.people.push_back(std::move(rp));
  }
  auto forms = j.find("forms");
  auto forms_cursor = j.find("forms_cursor");
  if ((forms == j.end()) != (forms_cursor == j.end())) return Bad("forms and forms_cursor go together");
  if (forms != j.end()) {
    if (!forms->is_array() || !forms_cursor->is_number_integer() ||
        forms_cursor->get<int64_t>() < 0) {
      return Bad("forms must be a list of specs and forms_cursor a cursor");
    }
    page.forms_cursor = forms_cursor->get<int64_t>();
    for (const json& f : *forms) {
      if (!f.is_string() || f.get_ref<const std::string&>().size() > forms::kMaxSpecBytes) {
        return Bad("a form is not a spec's text");
      }
      page.forms.push_back(f.get<std::string>());
    }
  }
  return page;
}

}  // namespace stem::sync
