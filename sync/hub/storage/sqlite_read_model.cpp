#include "sync/hub/storage/sqlite_read_model.h"

#include <nlohmann/json.hpp>

#include "data/sqlite/sqlite.h"

namespace stem::hub::read_model {

using nlohmann::json;

const std::string_view kSchemaV3 = R"sql(
CREATE TABLE forms (
  form_id  TEXT NOT NULL,
  version  INTEGER NOT NULL,
  kind     TEXT NOT NULL,
  spec     TEXT NOT NULL,       -- normalised JSON, as kiosks keep it
  source   TEXT NOT NULL,       -- 'bundled', 'hub' or 'kiosk'
  added_at TEXT NOT NULL,
  PRIMARY KEY (form_id, version)
);
ALTER TABLE events ADD COLUMN source TEXT NOT NULL DEFAULT 'hub';
-- One row per person id: the hub's roster and the kiosks' registrations.
CREATE TABLE people (
  person_id         TEXT PRIMARY KEY,
  event_id          TEXT NOT NULL,
  role              TEXT NOT NULL,
  given_name        TEXT NOT NULL,
  family_name       TEXT NOT NULL,
  birth_date        TEXT NOT NULL,
  grade             TEXT NOT NULL,
  school            TEXT NOT NULL,
  phone             TEXT NOT NULL,
  email             TEXT NOT NULL,
  confirmation_code TEXT NOT NULL,
  guardian_id       TEXT NOT NULL,
  allergy_flag      INTEGER NOT NULL,
  source            TEXT NOT NULL,
  device_id         TEXT NOT NULL,
  record_id         TEXT NOT NULL,
  registered_at     TEXT NOT NULL
);
-- Read-model rows are keyed by their record's rowid in `records` (rid), where the record's
-- id, device, sequence, time and `supersedes` stay: nothing is stored twice.
CREATE TABLE checkins (
  rid             INTEGER PRIMARY KEY,
  event_id        TEXT NOT NULL,
  person_id       TEXT NOT NULL,
  activity_id     TEXT NOT NULL,
  local_day       TEXT NOT NULL,
  in_by           TEXT NOT NULL,
  override_reason TEXT NOT NULL
);
-- Kept apart from check-ins: a check-out may reach the hub before its check-in.
CREATE TABLE checkouts (
  rid             INTEGER PRIMARY KEY,
  checkin_id      TEXT NOT NULL,
  out_by          TEXT NOT NULL,
  method          TEXT NOT NULL,
  override_reason TEXT NOT NULL
);
CREATE INDEX checkouts_checkin ON checkouts(checkin_id);
CREATE TABLE responses (
  rid           INTEGER PRIMARY KEY,
  form_id       TEXT NOT NULL,
  form_version  INTEGER NOT NULL,
  event_id      TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  supersedes    TEXT NOT NULL,             -- the record id this response corrects, or ''
  superseded_by TEXT NOT NULL DEFAULT ''   -- the record id of its correction, or ''
);
CREATE INDEX responses_form ON responses(form_id, created_at);
CREATE INDEX responses_supersedes ON responses(supersedes) WHERE supersedes != '';
-- Every question any form's answers used, numbered once.
CREATE TABLE questions (
  qid         INTEGER PRIMARY KEY,
  form_id     TEXT NOT NULL,
  repeat_id   TEXT NOT NULL,
  question_id TEXT NOT NULL,
  UNIQUE (form_id, repeat_id, question_id)
);
-- An answer per question (per entry inside repeat groups, 1-based; 0 outside). `value` keeps
-- the answer's own type: text, integer (true/false as 1/0), real, or a blob holding the JSON
-- of a list or object (a multiple choice, a signature, a sealed answer).
CREATE TABLE answers (
  rid   INTEGER NOT NULL,
  qid   INTEGER NOT NULL,
  entry INTEGER NOT NULL,
  value,
  PRIMARY KEY (rid, qid, entry)
) WITHOUT ROWID;
)sql";

namespace {

std::string Str(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

bool IsRepeat(const json& v) {
  if (!v.is_array() || v.empty()) return false;
  for (const json& e : v) {
    if (!e.is_object()) return false;
  }
  return true;
}

void BindAnswer(sql::Statement& s, int index, const json& v) {
  if (v.is_string()) {
    s.Bind(index, v.get_ref<const std::string&>());
  } else if (v.is_boolean()) {
    s.Bind(index, static_cast<int64_t>(v.get<bool>() ? 1 : 0));
  } else if (v.is_number_integer()) {
    s.Bind(index, v.get<int64_t>());
  } else if (v.is_number()) {
    s.Bind(index, v.get<double>());
  } else if (v.is_null()) {
    s.BindNull(index);
  } else {
    // Lists and objects as JSON in a blob: a text answer can never be taken for one.
    s.BindBlob(index, v.dump(-1, ' ', false, json::error_handler_t::replace));
  }
}

Status InsertPerson(sql::Connection& db, const PersonRow& p, bool replace) {
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      db.Prepare(replace
                     ? "INSERT OR REPLACE INTO people VALUES "
                       "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                     : "INSERT INTO people VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                       "?, ?) ON CONFLICT DO NOTHING"));
  s.Bind(1, p.person_id).Bind(2, p.event_id).Bind(3, p.role).Bind(4, p.given_name);
  s.Bind(5, p.family_name).Bind(6, p.birth_date).Bind(7, p.grade).Bind(8, p.school);
  s.Bind(9, p.phone).Bind(10, p.email).Bind(11, p.confirmation_code).Bind(12, p.guardian_id);
  s.Bind(13, static_cast<int64_t>(p.allergy_flag ? 1 : 0)).Bind(14, p.source);
  s.Bind(15, p.device_id).Bind(16, p.record_id).Bind(17, p.registered_at);
  return s.Run();
}

Status ApplyRegistration(sql::Connection& db, const std::string& device,
                         const sync::BatchRecord& r, const json& p) {
  // People are looked up by id (a guardian from a student, a person from a check-in), so
  // they keep their text key.
  const json& st = p.contains("student") && p["student"].is_object() ? p["student"] : json::object();
  PersonRow student;
  student.person_id = Str(p, "student_id");
  if (student.person_id.empty()) student.person_id = r.person_id;
  if (student.person_id.empty()) return Status::Ok();
  student.event_id = r.event_id;
  student.role = "student";
  student.given_name = Str(st, "given_name");
  student.family_name = Str(st, "family_name");
  student.birth_date = Str(st, "birth_date");
  student.grade = Str(st, "grade");
  student.school = Str(st, "school");
  student.phone = Str(st, "phone");
  student.email = Str(st, "email");
  student.confirmation_code = Str(p, "confirmation_code");
  auto allergy = st.find("allergy_flag");
  student.allergy_flag = allergy != st.end() && allergy->is_boolean() && allergy->get<bool>();
  student.source = "kiosk registration";
  student.device_id = device;
  student.record_id = r.id;
  student.registered_at = r.created_at;
  if (auto g = p.find("guardian"); g != p.end() && g->is_object() && !Str(*g, "id").empty()) {
    PersonRow guardian;
    guardian.person_id = Str(*g, "id");
    guardian.event_id = r.event_id;
    guardian.role = "guardian";
    guardian.given_name = Str(*g, "given_name");
    guardian.family_name = Str(*g, "family_name");
    guardian.phone = Str(*g, "phone");
    guardian.email = Str(*g, "email");
    guardian.source = student.source;
    guardian.device_id = device;
    guardian.record_id = r.id;
    guardian.registered_at = r.created_at;
    STEM_RETURN_IF_ERROR(InsertPerson(db, guardian, false));
    student.guardian_id = guardian.person_id;
  }
  return InsertPerson(db, student, false);
}

Status ApplyCheckIn(sql::Connection& db, int64_t rowid, const sync::BatchRecord& r,
                    const json& p) {
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      db.Prepare("INSERT INTO checkins VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"));
  std::string person = Str(p, "person_id");
  s.Bind(1, rowid).Bind(2, r.event_id).Bind(3, person.empty() ? r.person_id : person);
  s.Bind(4, Str(p, "activity_id")).Bind(5, Str(p, "local_day")).Bind(6, Str(p, "volunteer"));
  s.Bind(7, Str(p, "override_reason"));
  return s.Run();
}

Status ApplyCheckOut(sql::Connection& db, int64_t rowid, const json& p) {
  if (Str(p, "checkin_id").empty()) return Status::Ok();
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      db.Prepare("INSERT INTO checkouts VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"));
  s.Bind(1, rowid).Bind(2, Str(p, "checkin_id")).Bind(3, Str(p, "volunteer"));
  s.Bind(4, Str(p, "method")).Bind(5, Str(p, "override_reason"));
  return s.Run();
}

Status ApplyResponse(sql::Connection& db, QuestionIds& questions, int64_t rowid,
                     const sync::BatchRecord& r, const json& p) {
  std::string form_id = Str(p, "form_id");
  auto version = p.find("form_version");
  if (form_id.empty() || version == p.end() || !version->is_number_integer()) return Status::Ok();
  STEM_ASSIGN_OR_RETURN(
      sql::Statement ins,
      db.Prepare("INSERT INTO responses(rid, form_id, form_version, event_id, created_at, "
                 "supersedes) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"));
  ins.Bind(1, rowid).Bind(2, form_id).Bind(3, version->get<int64_t>()).Bind(4, r.event_id);
  ins.Bind(5, r.created_at).Bind(6, r.supersedes);
  STEM_RETURN_IF_ERROR(ins.Run());
  if (db.Changes() == 0) return Status::Ok();
  // A correction replaces what it corrects, whichever of the two reached the hub first.
  if (!r.supersedes.empty()) {
    STEM_ASSIGN_OR_RETURN(
        sql::Statement old,
        db.Prepare("UPDATE responses SET superseded_by = ?1 WHERE rid = "
                   "(SELECT rowid FROM records WHERE id = ?2) AND "
                   "(superseded_by = '' OR superseded_by > ?1)"));
    old.Bind(1, r.id).Bind(2, r.supersedes);
    STEM_RETURN_IF_ERROR(old.Run());
  }
  STEM_ASSIGN_OR_RETURN(
      sql::Statement later,
      db.Prepare("SELECT min(c.id) FROM responses x JOIN records c ON c.rowid = x.rid "
                 "WHERE x.supersedes = ? AND x.supersedes != ''"));
  later.Bind(1, r.id);
  STEM_ASSIGN_OR_RETURN(bool has, later.Step());
  if (has && !later.IsNull(0)) {
    std::string by = later.Text(0);
    later.Reset();
    STEM_ASSIGN_OR_RETURN(sql::Statement mark,
                          db.Prepare("UPDATE responses SET superseded_by = ? WHERE rid = ?"));
    mark.Bind(1, by).Bind(2, rowid);
    STEM_RETURN_IF_ERROR(mark.Run());
  }
  auto answers = p.find("answers");
  if (answers == p.end() || !answers->is_object()) return Status::Ok();
  STEM_ASSIGN_OR_RETURN(
      sql::Statement a,
      db.Prepare("INSERT INTO answers VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"));
  auto put = [&](const std::string& repeat, int entry, const std::string& q,
                 const json& v) -> Status {
    STEM_ASSIGN_OR_RETURN(int64_t qid, questions.Get(db, form_id, repeat, q));
    a.Reset();
    a.Bind(1, rowid).Bind(2, qid).Bind(3, entry);
    BindAnswer(a, 4, v);
    return a.Run();
  };
  for (const auto& [q, v] : answers->items()) {
    if (!IsRepeat(v)) {
      STEM_RETURN_IF_ERROR(put("", 0, q, v));
      continue;
    }
    int entry = 0;
    for (const json& e : v) {
      ++entry;
      for (const auto& [inner, value] : e.items()) {
        STEM_RETURN_IF_ERROR(put(q, entry, inner, value));
      }
    }
  }
  return Status::Ok();
}

AnswerValue ReadValue(const sql::Statement& s, int column) {
  switch (s.TypeOf(column)) {
    case sql::Statement::ValueType::kInteger:
      return s.Int(column);
    case sql::Statement::ValueType::kReal:
      return s.Double(column);
    case sql::Statement::ValueType::kText:
      return s.Text(column);
    case sql::Statement::ValueType::kBlob:
      return StructuredAnswer{s.Blob(column)};
    default:
      return std::monostate{};
  }
}

}  // namespace

Result<int64_t> QuestionIds::Get(sql::Connection& db, const std::string& form_id,
                                 const std::string& repeat_id, const std::string& question_id) {
  std::string key = form_id + '\n' + repeat_id + '\n' + question_id;
  auto it = ids_.find(key);
  if (it != ids_.end()) return it->second;
  STEM_ASSIGN_OR_RETURN(
      sql::Statement ins,
      db.Prepare("INSERT INTO questions(form_id, repeat_id, question_id) VALUES (?, ?, ?) "
                 "ON CONFLICT DO NOTHING"));
  ins.Bind(1, form_id).Bind(2, repeat_id).Bind(3, question_id);
  STEM_RETURN_IF_ERROR(ins.Run());
  STEM_ASSIGN_OR_RETURN(
      sql::Statement get,
      db.Prepare("SELECT qid FROM questions WHERE form_id = ? AND repeat_id = ? AND "
                 "question_id = ?"));
  get.Bind(1, form_id).Bind(2, repeat_id).Bind(3, question_id);
  STEM_ASSIGN_OR_RETURN(bool row, get.Step());
  if (!row) return Status::Internal("a question number is missing");
  int64_t qid = get.Int(0);
  if (ids_.size() > 100000) ids_.clear();  // bounded, whatever the kiosks send
  ids_.emplace(std::move(key), qid);
  return qid;
}

Status Apply(sql::Connection& db, QuestionIds& questions, int64_t rowid,
             const std::string& device_id, const sync::BatchRecord& r) {
  if (r.type != "registration" && r.type != "checkin" && r.type != "checkout" &&
      r.type != "form_response") {
    return Status::Ok();
  }
  json p = json::parse(r.payload, nullptr, false);
  if (p.is_discarded() || !p.is_object()) return Status::Ok();
  if (r.type == "registration") return ApplyRegistration(db, device_id, r, p);
  if (r.type == "checkin") return ApplyCheckIn(db, rowid, r, p);
  if (r.type == "checkout") return ApplyCheckOut(db, rowid, p);
  return ApplyResponse(db, questions, rowid, r, p);
}

Status Rebuild(sql::Connection& db) {
  QuestionIds questions;
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      db.Prepare("SELECT rowid, seq, id, type, event_id, person_id, supersedes, created_at, "
                 "payload, device_id FROM records ORDER BY device_id, seq"));
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    sync::BatchRecord r{s.Int(1),  s.Text(2), s.Text(3), s.Text(4),
                        s.Text(5), s.Text(6), s.Text(7), s.Text(8)};
    STEM_RETURN_IF_ERROR(Apply(db, questions, s.Int(0), s.Text(9), r));
  }
  return Status::Ok();
}

Status PublishRosterPerson(sql::Connection& db, const Person& person, const std::string& now,
                           const std::string& source) {
  PersonRow p;
  p.person_id = person.id;
  p.event_id = person.event_id;
  p.role = person.role;
  p.given_name = person.given_name;
  p.family_name = person.family_name;
  p.birth_date = person.birth_date.value_or("");
  p.grade = person.grade.value_or("");
  p.school = person.school.value_or("");
  p.phone = person.phone.value_or("");
  p.email = person.email.value_or("");
  p.confirmation_code = person.confirmation_code.value_or("");
  p.guardian_id = person.guardian_id.value_or("");
  p.allergy_flag = person.allergy_flag;
  p.source = source;
  p.registered_at = now;
  return InsertPerson(db, p, source == "hub roster");
}

Status ForEachPerson(sql::Connection& db, const ExportFilter& filter,
                     const std::function<Status(const PersonRow&)>& visit) {
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      db.Prepare("SELECT p.person_id, p.event_id, p.role, p.given_name, p.family_name, "
                 "p.birth_date, p.grade, p.school, p.phone, p.email, p.confirmation_code, "
                 "p.guardian_id, coalesce(trim(g.given_name || ' ' || g.family_name), ''), "
                 "p.allergy_flag, p.source, p.device_id, p.record_id, p.registered_at "
                 "FROM people p LEFT JOIN people g ON g.person_id = p.guardian_id "
                 "WHERE ?1 = '' OR p.event_id = ?1 ORDER BY p.rowid"));
  s.Bind(1, filter.event_id);
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    PersonRow p{s.Text(0),  s.Text(1),  s.Text(2),  s.Text(3),  s.Text(4),     s.Text(5),
                s.Text(6),  s.Text(7),  s.Text(8),  s.Text(9),  s.Text(10),    s.Text(11),
                s.Text(12), s.Int(13) != 0, s.Text(14), s.Text(15), s.Text(16), s.Text(17)};
    STEM_RETURN_IF_ERROR(visit(p));
  }
  return Status::Ok();
}

Status ForEachAttendance(sql::Connection& db, const ExportFilter& filter,
                         const std::function<Status(const AttendanceRow&)>& visit) {
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      db.Prepare("SELECT r.id, c.event_id, c.person_id, coalesce(p.given_name, ''), "
                 "coalesce(p.family_name, ''), c.activity_id, c.local_day, r.created_at, "
                 "c.in_by, r.device_id, c.override_reason, r.supersedes, coalesce(o.id, ''), "
                 "coalesce(o.created_at, ''), coalesce(x.out_by, ''), coalesce(o.device_id, ''), "
                 "coalesce(x.method, ''), coalesce(x.override_reason, '') "
                 "FROM checkins c JOIN records r ON r.rowid = c.rid "
                 "LEFT JOIN people p ON p.person_id = c.person_id "
                 "LEFT JOIN checkouts x ON x.rid = (SELECT min(rid) FROM checkouts "
                 "WHERE checkin_id = r.id) "
                 "LEFT JOIN records o ON o.rowid = x.rid "
                 "WHERE ?1 = '' OR c.event_id = ?1 ORDER BY c.rid"));
  s.Bind(1, filter.event_id);
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    AttendanceRow a{s.Text(0),  s.Text(1),  s.Text(2),  s.Text(3),  s.Text(4),  s.Text(5),
                    s.Text(6),  s.Text(7),  s.Text(8),  s.Text(9),  s.Text(10), s.Text(11),
                    s.Text(12), s.Text(13), s.Text(14), s.Text(15), s.Text(16), s.Text(17)};
    STEM_RETURN_IF_ERROR(visit(a));
  }
  return Status::Ok();
}

Status ForEachResponse(sql::Connection& db, const std::string& form_id,
                       const ExportFilter& filter,
                       const std::function<Status(const ResponseRow&)>& visit) {
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      db.Prepare("SELECT x.rid, x.form_version, x.event_id, r.id, r.person_id, r.device_id, "
                 "r.seq, x.created_at, r.received_at, x.supersedes, x.superseded_by, "
                 "a.qid, a.entry, a.value "
                 "FROM responses x JOIN records r ON r.rowid = x.rid "
                 "LEFT JOIN answers a ON a.rid = x.rid "
                 "WHERE x.form_id = ?1 AND (?2 = '' OR x.event_id = ?2) "
                 "AND (?3 OR x.superseded_by = '') ORDER BY x.form_id, x.created_at"));
  s.Bind(1, form_id).Bind(2, filter.event_id).Bind(3, static_cast<int64_t>(filter.history));
  ResponseRow current;
  int64_t rid = -1;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    if (s.Int(0) != rid) {
      if (rid >= 0) STEM_RETURN_IF_ERROR(visit(current));
      rid = s.Int(0);
      current.record_id = s.Text(3);
      current.form_id = form_id;
      current.form_version = static_cast<int>(s.Int(1));
      current.event_id = s.Text(2);
      current.person_id = s.Text(4);
      current.device_id = s.Text(5);
      current.seq = s.Int(6);
      current.created_at = s.Text(7);
      current.received_at = s.Text(8);
      current.supersedes = s.Text(9);
      current.superseded_by = s.Text(10);
      current.answers.clear();
    }
    if (!s.IsNull(11)) {
      current.answers.push_back({s.Int(11), static_cast<int>(s.Int(12)), ReadValue(s, 13)});
    }
  }
  if (rid >= 0) STEM_RETURN_IF_ERROR(visit(current));
  return Status::Ok();
}

Result<std::vector<QuestionKey>> FormQuestions(sql::Connection& db, const std::string& form_id) {
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      db.Prepare("SELECT qid, repeat_id, question_id FROM questions WHERE form_id = ?"));
  s.Bind(1, form_id);
  std::vector<QuestionKey> out;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back({s.Int(0), s.Text(1), s.Text(2)});
  }
  return out;
}

Result<std::vector<std::string>> FormsWithResponses(sql::Connection& db,
                                                    const ExportFilter& filter) {
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      db.Prepare("SELECT DISTINCT form_id FROM responses WHERE ?1 = '' OR event_id = ?1 "
                 "ORDER BY form_id"));
  s.Bind(1, filter.event_id);
  std::vector<std::string> out;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(s.Text(0));
  }
  return out;
}

Result<std::vector<UnknownFormVersion>> UnknownFormVersions(sql::Connection& db,
                                                            const ExportFilter& filter) {
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      db.Prepare("SELECT r.form_id, r.form_version, count(*) FROM responses r "
                 "WHERE (?1 = '' OR r.event_id = ?1) AND NOT EXISTS (SELECT 1 FROM forms f "
                 "WHERE f.form_id = r.form_id AND f.version = r.form_version) "
                 "GROUP BY r.form_id, r.form_version ORDER BY r.form_id, r.form_version"));
  s.Bind(1, filter.event_id);
  std::vector<UnknownFormVersion> out;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back({s.Text(0), static_cast<int>(s.Int(1)), s.Int(2)});
  }
  return out;
}

Result<bool> AddForm(sql::Connection& db, const HubForm& form) {
  STEM_ASSIGN_OR_RETURN(sql::Statement have,
                        db.Prepare("SELECT spec FROM forms WHERE form_id = ? AND version = ?"));
  have.Bind(1, form.form_id).Bind(2, form.version);
  STEM_ASSIGN_OR_RETURN(bool found, have.Step());
  if (found) {
    if (have.Text(0) == form.spec_json) return false;
    return Status::AlreadyExists(
        "form_version_exists",
        "version " + std::to_string(form.version) + " of form " + form.form_id +
            " is already known with different content; give the changed form a new version "
            "number");
  }
  have.Reset();
  STEM_ASSIGN_OR_RETURN(sql::Statement ins,
                        db.Prepare("INSERT INTO forms VALUES (?, ?, ?, ?, ?, ?)"));
  ins.Bind(1, form.form_id).Bind(2, form.version).Bind(3, form.kind).Bind(4, form.spec_json);
  ins.Bind(5, form.source).Bind(6, form.added_at);
  STEM_RETURN_IF_ERROR(ins.Run());
  return true;
}

Result<std::vector<HubForm>> ListForms(sql::Connection& db, const std::string& form_id) {
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      db.Prepare("SELECT form_id, version, kind, spec, source, added_at FROM forms "
                 "WHERE ?1 = '' OR form_id = ?1 ORDER BY form_id, version"));
  s.Bind(1, form_id);
  std::vector<HubForm> out;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back({s.Text(0), static_cast<int>(s.Int(1)), s.Text(2), s.Text(3), s.Text(4),
                   s.Text(5)});
  }
  return out;
}

}  // namespace stem::hub::read_model
