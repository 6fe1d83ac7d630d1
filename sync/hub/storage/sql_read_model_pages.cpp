// The read model's views for the staff pages: the people search's words, an event's
// overview, people found by search, and one person's page.
#include <algorithm>
#include <cctype>
#include <set>

#include "sync/hub/storage/db/db.h"
#include "data/text_fold.h"
#include "sync/hub/storage/sql_read_model.h"

namespace stem::hub::read_model {

const std::string_view kSchemaV6 = R"sql(
CREATE TABLE IF NOT EXISTS person_words (
  word      TEXT NOT NULL,
  person_id TEXT NOT NULL,
  PRIMARY KEY (word, person_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS person_words_person ON person_words(person_id);
CREATE INDEX IF NOT EXISTS people_event_role ON people(event_id, role);
CREATE INDEX IF NOT EXISTS people_guardian ON people(guardian_id) WHERE guardian_id != '';
CREATE INDEX IF NOT EXISTS checkins_event_day ON checkins(event_id, local_day);
CREATE INDEX IF NOT EXISTS checkins_person ON checkins(person_id);
CREATE INDEX IF NOT EXISTS responses_event ON responses(event_id, form_id, superseded_by);
CREATE INDEX IF NOT EXISTS records_person ON records(person_id) WHERE person_id != '';
)sql";

const std::string_view kSchemaV10 = R"sql(
CREATE TABLE IF NOT EXISTS label_prints (
  rid        BIGINT PRIMARY KEY,   -- the kiosk's audit record (records.rowid)
  person_id  TEXT NOT NULL,
  event_id   TEXT NOT NULL,
  label      TEXT NOT NULL,        -- badge or stub
  reprint    INTEGER NOT NULL,
  reason     TEXT NOT NULL,
  volunteer  TEXT NOT NULL,
  printer    TEXT NOT NULL,
  outcome    TEXT NOT NULL,        -- sent, or what stopped it (paused, out_of_labels, ...)
  printed_at TEXT NOT NULL,
  device_id  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS label_prints_person ON label_prints(person_id);
)sql";

const std::string_view kSchemaV11 = R"sql(
CREATE TABLE IF NOT EXISTS person_merges (
  merged_id TEXT PRIMARY KEY,  -- the person merged away (their rows all stay)
  into_id   TEXT NOT NULL,     -- the person they are now counted as
  merged_by TEXT NOT NULL,
  merged_at TEXT NOT NULL,
  reason    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS person_merges_into ON person_merges(into_id);
)sql";

const std::string_view kSchemaV8 = R"sql(
-- The overview's counts, kept by triggers as people and responses change, so that a page
-- never counts a million rows. Filled from the rows already there.
CREATE TABLE event_students (
  event_id TEXT PRIMARY KEY,
  n        INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE event_form_responses (
  event_id TEXT NOT NULL,
  form_id  TEXT NOT NULL,
  n        INTEGER NOT NULL,  -- responses no correction replaced
  PRIMARY KEY (event_id, form_id)
) WITHOUT ROWID;
INSERT INTO event_students
  SELECT event_id, count(*) FROM people WHERE role = 'student' GROUP BY event_id;
INSERT INTO event_form_responses
  SELECT event_id, form_id, count(*) FROM responses WHERE superseded_by = ''
  GROUP BY event_id, form_id;
CREATE TRIGGER people_counted AFTER INSERT ON people WHEN NEW.role = 'student' BEGIN
  INSERT INTO event_students VALUES (NEW.event_id, 1)
    ON CONFLICT (event_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER people_uncounted AFTER DELETE ON people WHEN OLD.role = 'student' BEGIN
  UPDATE event_students SET n = n - 1 WHERE event_id = OLD.event_id;
END;
CREATE TRIGGER people_recounted AFTER UPDATE OF event_id, role ON people BEGIN
  UPDATE event_students SET n = n - 1 WHERE OLD.role = 'student' AND event_id = OLD.event_id;
  INSERT INTO event_students SELECT NEW.event_id, 1 WHERE NEW.role = 'student'
    ON CONFLICT (event_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER responses_counted AFTER INSERT ON responses WHEN NEW.superseded_by = '' BEGIN
  INSERT INTO event_form_responses VALUES (NEW.event_id, NEW.form_id, 1)
    ON CONFLICT (event_id, form_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER responses_uncounted AFTER DELETE ON responses WHEN OLD.superseded_by = '' BEGIN
  UPDATE event_form_responses SET n = n - 1
    WHERE event_id = OLD.event_id AND form_id = OLD.form_id;
END;
CREATE TRIGGER responses_recounted AFTER UPDATE OF superseded_by, event_id, form_id
    ON responses BEGIN
  UPDATE event_form_responses SET n = n - 1
    WHERE OLD.superseded_by = '' AND event_id = OLD.event_id AND form_id = OLD.form_id;
  INSERT INTO event_form_responses SELECT NEW.event_id, NEW.form_id, 1
    WHERE NEW.superseded_by = ''
    ON CONFLICT (event_id, form_id) DO UPDATE SET n = n + 1;
END;
)sql";

namespace {

std::string Digits(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) out += c;
  }
  return out;
}

PersonRow ReadPerson(const db::Statement& s) {
  return PersonRow{s.Text(0),  s.Text(1),  s.Text(2),  s.Text(3),     s.Text(4),  s.Text(5),
                   s.Text(6),  s.Text(7),  s.Text(8),  s.Text(9),     s.Text(10), s.Text(11),
                   s.Text(12), s.Int(13) != 0, s.Text(14), s.Text(15), s.Text(16), s.Text(17),
                   s.Text(18)};
}

constexpr std::string_view kPersonColumns =
    "p.person_id, p.event_id, p.role, p.given_name, p.family_name, p.birth_date, p.grade, "
    "p.school, p.phone, p.email, p.confirmation_code, p.guardian_id, "
    "coalesce(trim(g.given_name || ' ' || g.family_name), ''), p.allergy_flag, p.source, "
    "p.device_id, p.record_id, p.registered_at, coalesce(m.into_id, '') "
    "FROM people p LEFT JOIN people g ON g.person_id = p.guardian_id "
    "LEFT JOIN person_merges m ON m.merged_id = p.person_id ";

Result<std::vector<PersonRow>> People(db::Connection& db, const std::string& where,
                                      const std::string& key) {
  STEM_ASSIGN_OR_RETURN(db::Statement s,
                        db.Prepare(std::string("SELECT ") + std::string(kPersonColumns) + where));
  s.Bind(1, key);
  std::vector<PersonRow> out;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(ReadPerson(s));
  }
  return out;
}

}  // namespace

Status CountStudentsLater(db::Connection& db) {
  if (db.dialect() != db::Dialect::kPostgres) return Status::Ok();
  return db.Exec("SET LOCAL stem.count_students_later = 'on'");
}

Status RecountStudents(db::Connection& db, const std::string& event_id) {
  if (db.dialect() != db::Dialect::kPostgres) return Status::Ok();
  // A writer that has counted a student but not committed holds a row of the table: the
  // lock waits for it, and the count below then sees its row. One that has not counted yet
  // waits for this transaction, and counts a row this count did not see.
  STEM_RETURN_IF_ERROR(db.Exec("LOCK TABLE event_student_slots IN EXCLUSIVE MODE"));
  STEM_ASSIGN_OR_RETURN(db::Statement del,
                        db.Prepare("DELETE FROM event_student_slots WHERE event_id = ?"));
  STEM_RETURN_IF_ERROR(del.Bind(1, event_id).Run());
  STEM_ASSIGN_OR_RETURN(
      db::Statement ins,
      db.Prepare("INSERT INTO event_student_slots SELECT ?, 0, count(*) FROM people "
                 "WHERE event_id = ? AND role = 'student'"));
  STEM_RETURN_IF_ERROR(ins.Bind(1, event_id).Bind(2, event_id).Run());
  return db.Exec("SET LOCAL stem.count_students_later = 'off'");
}

Status IndexPersonWords(db::Connection& db, const TextFolder& folder, const PersonRow& p) {
  STEM_ASSIGN_OR_RETURN(db::Statement del,
                        db.Prepare("DELETE FROM person_words WHERE person_id = ?"));
  del.Bind(1, p.person_id);
  STEM_RETURN_IF_ERROR(del.Run());
  std::set<std::string> words;
  for (const std::string* text : {&p.given_name, &p.family_name, &p.confirmation_code}) {
    for (std::string& w : folder.Words(*text)) words.insert(std::move(w));
  }
  std::string phone = Digits(p.phone);
  for (size_t tail : {phone.size(), size_t{10}, size_t{7}, size_t{4}}) {
    if (phone.size() >= tail && tail > 0) words.insert(phone.substr(phone.size() - tail));
  }
  // On PostgreSQL up to 8 words a statement (a round trip each costs most there), in at
  // most 8 shapes of statement; on SQLite one at a time, which measures faster (multi-row
  // VALUES with ON CONFLICT: 18,000 against 25,800 records/s in hub-bench --ingest-only).
  const size_t kPerInsert = db.dialect() == db::Dialect::kPostgres ? 8 : 1;
  std::vector<std::string> list(words.begin(), words.end());
  for (size_t from = 0; from < list.size(); from += kPerInsert) {
    size_t n = std::min(kPerInsert, list.size() - from);
    std::string sql = "INSERT INTO person_words(word, person_id) VALUES ";
    for (size_t i = 0; i < n; ++i) sql += (i == 0 ? "(?" : ", (?") + std::to_string(i + 2) + ", ?1)";
    STEM_ASSIGN_OR_RETURN(db::Statement ins, db.Prepare(sql + " ON CONFLICT DO NOTHING"));
    ins.Bind(1, p.person_id);
    for (size_t i = 0; i < n; ++i) ins.Bind(static_cast<int>(i + 2), list[from + i]);
    STEM_RETURN_IF_ERROR(ins.Run());
  }
  return Status::Ok();
}

Status IndexAllPeople(db::Connection& db) {
  STEM_ASSIGN_OR_RETURN(const TextFolder* folder, db.Folder());
  STEM_ASSIGN_OR_RETURN(db::Statement s,
                        db.Prepare(std::string("SELECT ") + std::string(kPersonColumns)));
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    STEM_RETURN_IF_ERROR(IndexPersonWords(db, *folder, ReadPerson(s)));
  }
  return Status::Ok();
}

Result<EventOverview> Overview(db::Connection& db, const std::string& event_id,
                               const std::string& today) {
  EventOverview o;
  o.event_id = event_id;
  {
    STEM_ASSIGN_OR_RETURN(
        db::Statement s,
        db.Prepare("SELECT n FROM event_students WHERE event_id = ?"));
    s.Bind(1, event_id);
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (row) o.students = s.Int(0);
  }
  // Today's check-ins, per activity; "here now" are those not checked out yet.
  constexpr std::string_view kOpen =
      "NOT EXISTS (SELECT 1 FROM checkouts x WHERE x.checkin_id = r.id)";
  {
    STEM_ASSIGN_OR_RETURN(
        db::Statement s,
        db.Prepare(std::string("SELECT c.activity_id, count(DISTINCT c.person_id), "
                               "count(DISTINCT CASE WHEN ") +
                   std::string(kOpen) +
                   " THEN c.person_id END) FROM checkins c JOIN records r ON r.rowid = c.rid "
                   "WHERE c.event_id = ? AND c.local_day = ? GROUP BY c.activity_id "
                   "ORDER BY c.activity_id"));
    s.Bind(1, event_id).Bind(2, today);
    while (true) {
      STEM_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      o.activities.push_back({s.Text(0), s.Int(2), s.Int(1)});
    }
  }
  {
    STEM_ASSIGN_OR_RETURN(
        db::Statement s,
        db.Prepare(std::string("SELECT count(DISTINCT c.person_id), count(DISTINCT CASE WHEN ") +
                   std::string(kOpen) +
                   " THEN c.person_id END) FROM checkins c JOIN records r ON r.rowid = c.rid "
                   "WHERE c.event_id = ? AND c.local_day = ?"));
    s.Bind(1, event_id).Bind(2, today);
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (row) {
      o.checked_in_today = s.Int(0);
      o.here_now = s.Int(1);
    }
  }
  {
    STEM_ASSIGN_OR_RETURN(
        db::Statement s,
        db.Prepare(std::string("SELECT c.person_id, coalesce(p.given_name, ''), "
                               "coalesce(p.family_name, ''), c.activity_id, r.created_at, "
                               "coalesce(trim(g.given_name || ' ' || g.family_name), ''), "
                               "coalesce(nullif(g.phone, ''), p.phone, '') "
                               "FROM checkins c JOIN records r ON r.rowid = c.rid "
                               "LEFT JOIN people p ON p.person_id = c.person_id "
                               "LEFT JOIN people g ON g.person_id = p.guardian_id "
                               "WHERE c.event_id = ? AND c.local_day = ? AND ") +
                   std::string(kOpen) + " ORDER BY p.family_name, p.given_name, r.created_at"));
    s.Bind(1, event_id).Bind(2, today);
    while (true) {
      STEM_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      o.still_here.push_back(
          {s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6)});
    }
  }
  {
    STEM_ASSIGN_OR_RETURN(
        db::Statement s,
        db.Prepare("SELECT form_id, n FROM event_form_responses WHERE event_id = ? AND n > 0 "
                   "ORDER BY form_id"));
    s.Bind(1, event_id);
    while (true) {
      STEM_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      o.forms.push_back({s.Text(0), s.Int(1)});
    }
  }
  return o;
}

Result<std::vector<PersonRow>> SearchPeople(db::Connection& db, const TextFolder& folder,
                                            const std::string& text, int limit) {
  std::vector<std::string> words = folder.Words(text);
  std::vector<PersonRow> out;
  if (words.empty() || limit <= 0) return out;
  if (words.size() > 6) words.resize(6);
  // The longest word narrows most; the others must each start a word of the same person.
  std::stable_sort(words.begin(), words.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::string sql =
      "SELECT DISTINCT w.person_id FROM person_words w WHERE w.word >= ?1 AND w.word < ?2";
  for (size_t i = 1; i < words.size(); ++i) {
    std::string lo = "?" + std::to_string(2 * i + 1);
    std::string hi = "?" + std::to_string(2 * i + 2);
    sql += " AND EXISTS (SELECT 1 FROM person_words v WHERE v.person_id = w.person_id AND "
           "v.word >= " + lo + " AND v.word < " + hi + ")";
  }
  sql += " LIMIT " + std::to_string(limit);
  STEM_ASSIGN_OR_RETURN(db::Statement s, db.Prepare(sql));
  for (size_t i = 0; i < words.size(); ++i) {
    // 0xFF never occurs in UTF-8: every word starting with `words[i]` sorts below this bound.
    s.Bind(static_cast<int>(2 * i + 1), words[i]);
    // Above every word that starts with it: the largest character there is (U+10FFFF), in
    // valid UTF-8, as PostgreSQL accepts only that (words compare byte by byte: COLLATE "C").
    s.Bind(static_cast<int>(2 * i + 2), words[i] + "\xf4\x8f\xbf\xbf");
  }
  std::vector<std::string> ids;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    ids.push_back(s.Text(0));
  }
  for (const std::string& id : ids) {
    STEM_ASSIGN_OR_RETURN(std::vector<PersonRow> found, People(db, "WHERE p.person_id = ?", id));
    for (PersonRow& p : found) out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end(), [](const PersonRow& a, const PersonRow& b) {
    return std::tie(a.family_name, a.given_name, a.person_id) <
           std::tie(b.family_name, b.given_name, b.person_id);
  });
  return out;
}

Result<PersonDetail> PersonPage(db::Connection& db, const std::string& person_id) {
  STEM_ASSIGN_OR_RETURN(std::vector<PersonRow> found,
                        People(db, "WHERE p.person_id = ?", person_id));
  if (found.empty()) return Status::NotFound("unknown_person", "no such person at the hub");
  PersonDetail d;
  d.person = std::move(found.front());
  if (!d.person.guardian_id.empty()) {
    STEM_ASSIGN_OR_RETURN(d.related, People(db, "WHERE p.person_id = ?", d.person.guardian_id));
  } else {
    STEM_ASSIGN_OR_RETURN(d.related,
                          People(db, "WHERE p.guardian_id = ? ORDER BY p.given_name", person_id));
  }
  {
    STEM_ASSIGN_OR_RETURN(
        db::Statement s,
        db.Prepare("SELECT c.event_id, c.activity_id, c.local_day, r.created_at, "
                   "coalesce(o.created_at, ''), coalesce(x.method, '') "
                   "FROM checkins c JOIN records r ON r.rowid = c.rid "
                   "LEFT JOIN checkouts x ON x.rid = (SELECT min(rid) FROM checkouts "
                   "WHERE checkin_id = r.id) LEFT JOIN records o ON o.rowid = x.rid "
                   "WHERE c.person_id = ? ORDER BY r.created_at DESC LIMIT 200"));
    s.Bind(1, person_id);
    while (true) {
      STEM_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      d.visits.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5)});
    }
  }
  {
    STEM_ASSIGN_OR_RETURN(
        db::Statement s,
        db.Prepare("SELECT r.id, x.form_id, x.created_at FROM records r "
                   "JOIN responses x ON x.rid = r.rowid WHERE r.person_id = ? AND "
                   "r.person_id != '' AND x.superseded_by = '' ORDER BY x.created_at DESC "
                   "LIMIT 200"));
    s.Bind(1, person_id);
    while (true) {
      STEM_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      d.responses.push_back({s.Text(0), s.Text(1), s.Text(2)});
    }
  }
  {
    STEM_ASSIGN_OR_RETURN(
        db::Statement s,
        db.Prepare("SELECT person_id, event_id, label, reprint, reason, volunteer, printer, "
                   "outcome, printed_at, device_id FROM label_prints WHERE person_id = ? "
                   "ORDER BY printed_at DESC, rid DESC LIMIT 200"));
    s.Bind(1, person_id);
    while (true) {
      STEM_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      d.prints.push_back({s.Text(0), s.Text(1), s.Text(2), s.Int(3) != 0, s.Text(4), s.Text(5),
                          s.Text(6), s.Text(7), s.Text(8), s.Text(9)});
    }
  }
  return d;
}

}  // namespace stem::hub::read_model
