#include "sync/hub/storage/sql_read_model.h"

#include <nlohmann/json.hpp>

#include "sync/hub/storage/db/db.h"

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

std::string AnswerKindSql(const db::Connection& db, std::string_view alias) {
  if (db.dialect() == db::Dialect::kPostgres) return std::string(alias) + ".kind";
  return "typeof(" + std::string(alias) + ".value)";
}

std::string AnswerValueSql(const db::Connection& db, std::string_view alias) {
  return std::string(alias) + ".value, " + AnswerKindSql(db, alias);
}

AnswerValue ReadValue(const db::Statement& s, int column) {
  if (s.IsNull(column)) return std::monostate{};
  std::string kind = s.Text(column + 1);
  if (kind == "integer") return s.Int(column);
  if (kind == "real") return s.Double(column);
  if (kind == "blob") return StructuredAnswer{s.Blob(column)};
  return s.Text(column);
}


Status ForEachPerson(db::Connection& db, const ExportFilter& filter,
                     const std::function<Status(const PersonRow&)>& visit) {
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      db.PrepareStream("SELECT p.person_id, p.event_id, p.role, p.given_name, p.family_name, "
                 "p.birth_date, p.grade, p.school, p.phone, p.email, p.confirmation_code, "
                 "p.guardian_id, coalesce(trim(g.given_name || ' ' || g.family_name), ''), "
                 "p.allergy_flag, p.source, p.device_id, p.record_id, p.registered_at, "
                 "coalesce(m.into_id, '') "
                 "FROM people p LEFT JOIN people g ON g.person_id = p.guardian_id "
                 "LEFT JOIN person_merges m ON m.merged_id = p.person_id "
                 "WHERE ?1 = '' OR p.event_id = ?1 ORDER BY p.rowid"));
  s.Bind(1, filter.event_id);
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    PersonRow p{s.Text(0),  s.Text(1),  s.Text(2),  s.Text(3),  s.Text(4),     s.Text(5),
                s.Text(6),  s.Text(7),  s.Text(8),  s.Text(9),  s.Text(10),    s.Text(11),
                s.Text(12), s.Int(13) != 0, s.Text(14), s.Text(15), s.Text(16), s.Text(17),
                s.Text(18)};
    STEM_RETURN_IF_ERROR(visit(p));
  }
  return Status::Ok();
}

Status ForEachLabelPrint(db::Connection& db, const ExportFilter& filter,
                         const std::function<Status(const LabelPrint&)>& visit) {
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      db.PrepareStream("SELECT person_id, event_id, label, reprint, reason, volunteer, printer, "
                       "outcome, printed_at, device_id FROM label_prints "
                       "WHERE ?1 = '' OR event_id = ?1 ORDER BY printed_at, rid"));
  s.Bind(1, filter.event_id);
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    LabelPrint l{s.Text(0), s.Text(1), s.Text(2), s.Int(3) != 0, s.Text(4),
                 s.Text(5), s.Text(6), s.Text(7), s.Text(8), s.Text(9)};
    STEM_RETURN_IF_ERROR(visit(l));
  }
  return Status::Ok();
}

Status ForEachAttendance(db::Connection& db, const ExportFilter& filter,
                         const std::function<Status(const AttendanceRow&)>& visit) {
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      db.PrepareStream("SELECT r.id, c.event_id, coalesce(m.into_id, c.person_id), "
                 "coalesce(p.given_name, ''), "
                 "coalesce(p.family_name, ''), c.activity_id, c.local_day, r.created_at, "
                 "c.in_by, r.device_id, c.override_reason, r.supersedes, coalesce(o.id, ''), "
                 "coalesce(o.created_at, ''), coalesce(x.out_by, ''), coalesce(o.device_id, ''), "
                 "coalesce(x.method, ''), coalesce(x.override_reason, ''), "
                 "CASE WHEN m.into_id IS NULL THEN '' ELSE c.person_id END "
                 "FROM checkins c JOIN records r ON r.rowid = c.rid "
                 "LEFT JOIN person_merges m ON m.merged_id = c.person_id "
                 "LEFT JOIN people p ON p.person_id = coalesce(m.into_id, c.person_id) "
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
                    s.Text(12), s.Text(13), s.Text(14), s.Text(15), s.Text(16), s.Text(17),
                    s.Text(18)};
    STEM_RETURN_IF_ERROR(visit(a));
  }
  return Status::Ok();
}

Status ForEachResponse(db::Connection& db, const std::string& form_id,
                       const ExportFilter& filter,
                       const std::function<Status(const ResponseRow&)>& visit) {
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      db.PrepareStream("SELECT x.rid, x.form_version, x.event_id, r.id, "
                 "coalesce((SELECT into_id FROM person_merges WHERE merged_id = r.person_id), "
                 "r.person_id), r.device_id, "
                 "r.seq, x.created_at, r.received_at, x.supersedes, x.superseded_by, "
                 "a.qid, a.entry, " + AnswerValueSql(db, "a") + ", coalesce(v.status, ''), "
                 "v.score, coalesce(v.reviewer, '') "
                 "FROM responses x JOIN records r ON r.rowid = x.rid "
                 "LEFT JOIN answers a ON a.rid = x.rid "
                 "LEFT JOIN reviews v ON v.record_id = r.id "
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
      current.review_status = s.Text(15);
      current.review_score = s.IsNull(16) ? std::nullopt : std::optional<double>(s.Double(16));
      current.reviewer = s.Text(17);
      current.answers.clear();
    }
    if (!s.IsNull(11)) {
      current.answers.push_back({s.Int(11), static_cast<int>(s.Int(12)), ReadValue(s, 13)});
    }
  }
  if (rid >= 0) STEM_RETURN_IF_ERROR(visit(current));
  return Status::Ok();
}

Result<std::vector<QuestionKey>> FormQuestions(db::Connection& db, const std::string& form_id) {
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
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

Result<std::vector<std::string>> FormsWithResponses(db::Connection& db,
                                                    const ExportFilter& filter) {
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
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

Result<std::vector<UnknownFormVersion>> UnknownFormVersions(db::Connection& db,
                                                            const ExportFilter& filter) {
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
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

const std::string_view kSchemaV4 = R"sql(
-- Events made on a kiosk arrive as audit records ("event_created"): source 'kiosk', the
-- kiosk's device id and the venue it gave.
ALTER TABLE events ADD COLUMN device_id TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN venue TEXT NOT NULL DEFAULT '';
-- Form versions published with `stem-hub forms install`, in the order kiosks download them.
CREATE TABLE published_forms (
  cursor  INTEGER PRIMARY KEY AUTOINCREMENT,
  form_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  UNIQUE (form_id, version)
);
INSERT INTO published_forms(form_id, version)
  SELECT form_id, version FROM forms WHERE source = 'hub' ORDER BY added_at, form_id, version;
)sql";

Status PublishForm(db::Connection& db, const std::string& form_id, int version) {
  STEM_ASSIGN_OR_RETURN(db::Statement s,
                        db.Prepare("INSERT INTO published_forms(form_id, version) VALUES (?, ?) "
                                   "ON CONFLICT DO NOTHING"));
  s.Bind(1, form_id).Bind(2, version);
  return s.Run();
}

Result<std::vector<PublishedForm>> PublishedForms(db::Connection& db, int64_t after_cursor,
                                                  int limit) {
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      db.Prepare("SELECT p.cursor, f.spec FROM published_forms p JOIN forms f "
                 "ON f.form_id = p.form_id AND f.version = p.version WHERE p.cursor > ? "
                 "ORDER BY p.cursor LIMIT ?"));
  s.Bind(1, after_cursor).Bind(2, static_cast<int64_t>(limit));
  std::vector<PublishedForm> out;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back({s.Int(0), s.Text(1)});
  }
  return out;
}

Result<bool> AddForm(db::Connection& db, const HubForm& form) {
  // Insert-if-absent first: two hub processes adding the same version at once (the bundled
  // forms, at start) both succeed, one of them with nothing to add.
  STEM_ASSIGN_OR_RETURN(
      db::Statement ins,
      db.Prepare("INSERT INTO forms VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"));
  ins.Bind(1, form.form_id).Bind(2, form.version).Bind(3, form.kind).Bind(4, form.spec_json);
  ins.Bind(5, form.source).Bind(6, form.added_at);
  STEM_RETURN_IF_ERROR(ins.Run());
  if (db.Changes() == 1) return true;
  STEM_ASSIGN_OR_RETURN(db::Statement have,
                        db.Prepare("SELECT spec FROM forms WHERE form_id = ? AND version = ?"));
  have.Bind(1, form.form_id).Bind(2, form.version);
  STEM_ASSIGN_OR_RETURN(bool found, have.Step());
  if (!found || have.Text(0) == form.spec_json) return false;
  return Status::AlreadyExists(
      "form_version_exists",
      "version " + std::to_string(form.version) + " of form " + form.form_id +
          " is already known with different content; give the changed form a new version "
          "number");
}

Result<std::vector<HubForm>> ListForms(db::Connection& db, const std::string& form_id) {
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
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
