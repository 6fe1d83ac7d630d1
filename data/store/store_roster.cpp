// The roster: people expected at an event, their import and their type-ahead search.
#include <array>
#include <map>

#include "data/pickup_code.h"
#include "data/store/roster_csv.h"
#include "data/store/roster_index.h"
#include "data/store/store_internal.h"
#include "data/text.h"
#include "data/text_fold.h"
#include "data/uuid.h"
#include "data/validate.h"

namespace stem {
namespace {

std::string FullName(const Person& p) {
  return p.family_name.empty() ? p.given_name : p.given_name + " " + p.family_name;
}

}  // namespace

Person ReadPerson(const sql::Statement& s) {
  Person p;
  p.id = s.Text(0);
  p.event_id = s.Text(1);
  p.role = s.Text(2);
  p.given_name = s.Text(3);
  p.family_name = s.Text(4);
  p.birth_date = s.OptionalText(5);
  p.grade = s.OptionalText(6);
  p.school = s.OptionalText(7);
  p.phone = s.OptionalText(8);
  p.email = s.OptionalText(9);
  p.confirmation_code = s.OptionalText(10);
  p.guardian_id = s.OptionalText(11);
  p.allergy_flag = s.Int(12) != 0;
  p.source = s.Text(13);
  return p;
}

Status Store::Private::LoadPickup(Person* person) {
  STEM_ASSIGN_OR_RETURN(sql::Statement s,
                        db.Prepare("SELECT pickup FROM student_pickup WHERE person_id = ?"));
  s.Bind(1, person->id);
  STEM_ASSIGN_OR_RETURN(bool row, s.Step());
  person->pickup_adults.clear();
  person->no_pickup_flag = false;
  if (row) ReadPickup(s.Text(0), person);
  return Status::Ok();
}

std::optional<std::string> PickupJson(const Person& p) {
  if (p.pickup_adults.empty() && !p.no_pickup_flag) return std::nullopt;
  nlohmann::json adults = nlohmann::json::array();
  for (const PickupAdult& a : p.pickup_adults) {
    adults.push_back({{"name", a.name}, {"relationship", a.relationship}, {"phone", a.phone}});
  }
  return nlohmann::json{{"adults", adults}, {"no_pickup", p.no_pickup_flag}}.dump();
}

void ReadPickup(const std::optional<std::string>& text, Person* p) {
  if (!text) return;
  nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
  if (!j.is_object()) return;
  p->no_pickup_flag = j.value("no_pickup", false);
  if (!j.contains("adults") || !j["adults"].is_array()) return;
  for (const nlohmann::json& a : j["adults"]) {
    if (!a.is_object() || !a.contains("name") || !a["name"].is_string()) continue;
    p->pickup_adults.push_back({a["name"].get<std::string>(), a.value("relationship", ""),
                                a.value("phone", "")});
  }
}

Result<const TextFolder*> Store::Private::Folder() {
  if (folder == nullptr) {
    STEM_ASSIGN_OR_RETURN(TextFolder made, TextFolder::ForConnection(db));
    folder = std::make_unique<TextFolder>(std::move(made));
  }
  return folder.get();
}

Status Store::Private::WritePerson(const Person& p, const std::string& guardian_name,
                                   const std::string& record_id) {
  STEM_ASSIGN_OR_RETURN(
      sql::Statement up,
      db.Prepare("INSERT INTO people(id, event_id, role, given_name, family_name, birth_date, "
                 "grade, school, phone, email, confirmation_code, guardian_id, allergy_flag, "
                 "source, record_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULLIF(?, '')) "
                 "ON CONFLICT(id) DO UPDATE SET given_name = excluded.given_name, "
                 "family_name = excluded.family_name, birth_date = excluded.birth_date, "
                 "grade = excluded.grade, school = excluded.school, phone = excluded.phone, "
                 "email = excluded.email, confirmation_code = excluded.confirmation_code, "
                 "guardian_id = excluded.guardian_id, allergy_flag = excluded.allergy_flag "
                 "RETURNING rowid"));
  up.Bind(1, p.id).Bind(2, p.event_id).Bind(3, p.role).Bind(4, p.given_name);
  up.Bind(5, p.family_name).Bind(6, p.birth_date).Bind(7, p.grade).Bind(8, p.school);
  up.Bind(9, p.phone).Bind(10, p.email).Bind(11, p.confirmation_code).Bind(12, p.guardian_id);
  up.Bind(13, p.allergy_flag ? 1 : 0).Bind(14, p.source).Bind(15, record_id);
  STEM_ASSIGN_OR_RETURN(bool has_row, up.Step());
  if (!has_row) return Status::Internal("person upsert returned no row");
  int64_t rowid = up.Int(0);
  up.Reset();
  if (p.role != "student") return Status::Ok();
  // Only a registration gives a pickup list; a roster update leaves an existing one alone.
  if (std::optional<std::string> pickup = PickupJson(p)) {
    STEM_ASSIGN_OR_RETURN(sql::Statement put,
                          db.Prepare("INSERT INTO student_pickup(person_id, pickup) VALUES (?, ?) "
                                     "ON CONFLICT(person_id) DO UPDATE SET pickup = excluded.pickup"));
    put.Bind(1, p.id).Bind(2, *pickup);
    STEM_RETURN_IF_ERROR(put.Run());
  }
  STEM_ASSIGN_OR_RETURN(const TextFolder* words, Folder());
  return roster_index::IndexStudent(db, *words, rowid, p, guardian_name);
}

Result<Person> Store::GetPerson(const std::string& id) {
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      p_->db.Prepare(std::string("SELECT ") + kPersonColumns + " FROM people p WHERE p.id = ?"));
  s.Bind(1, id);
  STEM_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return Status::NotFound("unknown_person", "there is no person with id " + id);
  return ReadPerson(s);
}

Status Store::ForEachPerson(const std::function<Status(const Person&)>& visit) {
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      p_->db.Prepare(std::string("SELECT ") + kPersonColumns +
                     " FROM people p ORDER BY p.role = 'student', p.rowid"));
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    STEM_RETURN_IF_ERROR(visit(ReadPerson(s)));
  }
  return Status::Ok();
}

Result<Person> Store::FindByConfirmationCode(const std::string& event_id,
                                             const std::string& code) {
  std::string normalized = NormalizePickupCode(code);
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      p_->db.Prepare(std::string("SELECT ") + kPersonColumns +
                     " FROM people p WHERE p.event_id = ? AND p.confirmation_code = ?"));
  s.Bind(1, event_id).Bind(2, normalized);
  STEM_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) {
    // Imported codes may contain dashes ("AB-123"), which the normalised text no longer has.
    STEM_ASSIGN_OR_RETURN(
        s, p_->db.Prepare(std::string("SELECT ") + kPersonColumns +
                          " FROM people p WHERE p.event_id = ? AND p.confirmation_code IS NOT "
                          "NULL AND replace(p.confirmation_code, '-', '') = ? LIMIT 1"));
    s.Bind(1, event_id).Bind(2, normalized);
    STEM_ASSIGN_OR_RETURN(row, s.Step());
  }
  if (!row) {
    return Status::NotFound("unknown_person",
                            "no one at this event has the confirmation code " + normalized);
  }
  return ReadPerson(s);
}

Result<RosterImportReport> Store::ImportRoster(const std::string& event_id,
                                               const std::string& text) {
  if (text.size() > (64u << 20)) {
    return Status::InvalidArgument("roster_too_large", "the roster file is larger than 64 MiB");
  }
  STEM_ASSIGN_OR_RETURN(std::vector<RosterRow> rows, ParseRosterCsv(text, p_->Today()));
  STEM_ASSIGN_OR_RETURN(sql::Transaction txn, sql::Transaction::Begin(p_->db));
  STEM_RETURN_IF_ERROR(GetEvent(event_id).status());

  // A student already on the roster is matched by confirmation code, else by name and
  // birth date, and updated in place so that earlier check-ins still point at them.
  STEM_ASSIGN_OR_RETURN(
      sql::Statement by_code,
      p_->db.Prepare("SELECT id FROM people WHERE event_id = ? AND confirmation_code = ?"));
  auto find = [](sql::Statement& q) -> Result<std::optional<std::string>> {
    STEM_ASSIGN_OR_RETURN(bool row, q.Step());
    std::optional<std::string> id;
    if (row) id = q.Text(0);
    q.Reset();
    return id;
  };
  // Matching by name has no index to use (people_event_role only narrows to the event's
  // students or guardians), so one query per row would make the import quadratic. Load the
  // event's candidates once, first (lowest rowid) match per key as the per-row query found,
  // and keep the maps current as rows are added.
  using NameKey = std::array<std::string, 3>;
  std::map<NameKey, std::string> students_by_name;  // (given, family, birth date or '')
  std::map<NameKey, std::string> guardians_by_name;  // (given, family, phone or '')
  {
    STEM_ASSIGN_OR_RETURN(
        sql::Statement q,
        p_->db.Prepare("SELECT id, role, given_name, family_name, "
                       "CASE role WHEN 'student' THEN coalesce(birth_date, '') "
                       "ELSE coalesce(phone, '') END FROM people WHERE event_id = ? AND "
                       "(role = 'guardian' OR confirmation_code IS NULL) ORDER BY rowid"));
    q.Bind(1, event_id);
    while (true) {
      STEM_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      auto& by = q.Text(1) == "student" ? students_by_name : guardians_by_name;
      by.emplace(NameKey{q.Text(2), q.Text(3), q.Text(4)}, q.Text(0));
    }
  }

  RosterImportReport report;
  for (RosterRow& row : rows) {
    Person& g = row.guardian;
    if (!g.given_name.empty()) {
      NameKey key{g.given_name, g.family_name, g.phone.value_or("")};
      auto gid = guardians_by_name.find(key);
      if (gid != guardians_by_name.end()) {
        g.id = gid->second;
      } else {
        g.id = NewUuidV7(p_->clock->Now(), *p_->random);
        g.event_id = event_id;
        STEM_RETURN_IF_ERROR(p_->WritePerson(g, "", ""));
        guardians_by_name.emplace(std::move(key), g.id);
        ++report.guardians_added;
      }
      row.student.guardian_id = g.id;
    }
    Person& s = row.student;
    s.event_id = event_id;
    std::optional<std::string> existing;
    if (s.confirmation_code) {
      by_code.Bind(1, event_id).Bind(2, *s.confirmation_code);
      STEM_ASSIGN_OR_RETURN(existing, find(by_code));
    } else {
      NameKey key{s.given_name, s.family_name, s.birth_date.value_or("")};
      auto it = students_by_name.find(key);
      if (it != students_by_name.end()) existing = it->second;
    }
    s.id = existing ? *existing : NewUuidV7(p_->clock->Now(), *p_->random);
    if (!existing && !s.confirmation_code) {
      students_by_name.emplace(NameKey{s.given_name, s.family_name, s.birth_date.value_or("")},
                               s.id);
    }
    (existing ? report.students_updated : report.students_added)++;
    STEM_RETURN_IF_ERROR(p_->WritePerson(s, FullName(g), ""));
  }
  // The audit entry counts rows only: names stay out of logs and audit details.
  STEM_RETURN_IF_ERROR(p_->AppendRecord("audit", event_id, "", "",
                                        {{"action", "roster_import"},
                                         {"detail",
                                          {{"students_added", report.students_added},
                                           {"students_updated", report.students_updated},
                                           {"guardians_added", report.guardians_added}}}})
                           .status());
  STEM_RETURN_IF_ERROR(txn.Commit());
  return report;
}

Result<std::vector<RosterHit>> Store::SearchRoster(const std::string& event_id,
                                                   const std::string& text, int limit) {
  if (limit < 1 || limit > 500) {
    return Status::InvalidArgument("invalid_limit", "limit must be between 1 and 500");
  }
  if (!IsValidUtf8(text) || text.size() > 200) return std::vector<RosterHit>();
  STEM_ASSIGN_OR_RETURN(const TextFolder* folder, p_->Folder());
  STEM_ASSIGN_OR_RETURN(std::vector<int64_t> rowids,
                        roster_index::Search(p_->db, *folder, event_id, text, limit));
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      p_->db.Prepare(std::string("SELECT ") + kPersonColumns +
                     ", coalesce(trim(g.given_name || ' ' || g.family_name), ''), "
                     "EXISTS (SELECT 1 FROM checkins c WHERE c.person_id = p.id "
                     "  AND NOT EXISTS (SELECT 1 FROM checkouts o WHERE o.checkin_id = c.record_id) "
                     "  AND NOT EXISTS (SELECT 1 FROM records r WHERE r.supersedes = c.record_id)) "
                     "FROM people p LEFT JOIN people g ON g.id = p.guardian_id "
                     "WHERE p.rowid = ?"));
  std::vector<RosterHit> hits;
  for (int64_t rowid : rowids) {
    s.Reset();
    s.Bind(1, rowid);
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    RosterHit hit;
    hit.student = ReadPerson(s);
    hit.guardian_name = s.Text(14);
    hit.checked_in = s.Int(15) != 0;
    hits.push_back(std::move(hit));
  }
  return hits;
}

Result<int> Store::CountRosterMatches(const std::string& event_id, const std::string& text,
                                      int cap) {
  if (cap < 1 || cap > 10000) {
    return Status::InvalidArgument("invalid_limit", "cap must be between 1 and 10000");
  }
  if (!IsValidUtf8(text) || text.size() > 200) return 0;
  STEM_ASSIGN_OR_RETURN(const TextFolder* folder, p_->Folder());
  STEM_ASSIGN_OR_RETURN(std::vector<int64_t> rowids,
                        roster_index::Search(p_->db, *folder, event_id, text, cap));
  return static_cast<int>(rowids.size());
}

Result<RegistrationResult> Store::Register(const NewRegistration& reg) {
  Person student = reg.student;
  Person guardian = reg.guardian;
  student.role = "student";
  student.source = "walkup";
  guardian.role = "guardian";
  guardian.source = "walkup";
  std::string today = p_->Today();
  STEM_RETURN_IF_ERROR(validate::PersonFields(student, today));
  if (!guardian.given_name.empty()) STEM_RETURN_IF_ERROR(validate::PersonFields(guardian, today));
  STEM_RETURN_IF_ERROR(validate::Answers(reg.answers));
  // Validation measured the trimmed names; store them trimmed too, as the roster import does.
  for (Person* p : {&student, &guardian}) {
    p->given_name = Trim(p->given_name);
    p->family_name = Trim(p->family_name);
  }

  STEM_ASSIGN_OR_RETURN(sql::Transaction txn, sql::Transaction::Begin(p_->db));
  STEM_RETURN_IF_ERROR(GetEvent(reg.event_id).status());
  STEM_ASSIGN_OR_RETURN(
      sql::Statement taken_q,
      p_->db.Prepare("SELECT 1 FROM people WHERE event_id = ? AND confirmation_code = ?"));
  bool lookup_failed = false;
  std::string code = NewCode(*p_->random, 6, [&](const std::string& c) {
    taken_q.Reset();
    taken_q.Bind(1, reg.event_id).Bind(2, c);
    Result<bool> row = taken_q.Step();
    if (!row.ok()) lookup_failed = true;
    return !row.ok() || *row;
  });
  if (lookup_failed || code.empty()) {
    return Status::Internal("could not make a unique confirmation code");
  }
  student.id = NewUuidV7(p_->clock->Now(), *p_->random);
  student.event_id = reg.event_id;
  student.confirmation_code = code;
  nlohmann::json payload = {{"student_id", student.id},
                            {"confirmation_code", code},
                            {"student",
                             {{"given_name", student.given_name},
                              {"family_name", student.family_name},
                              {"birth_date", student.birth_date.value_or("")},
                              {"grade", student.grade.value_or("")},
                              {"school", student.school.value_or("")},
                              {"phone", student.phone.value_or("")},
                              {"email", student.email.value_or("")},
                              {"allergy_flag", student.allergy_flag}}},
                            {"answers", reg.answers}};
  if (!student.pickup_adults.empty() || student.no_pickup_flag) {
    nlohmann::json adults = nlohmann::json::array();
    for (const PickupAdult& a : student.pickup_adults) {
      adults.push_back({{"name", a.name}, {"relationship", a.relationship}, {"phone", a.phone}});
    }
    payload["student"]["pickup_adults"] = adults;
    payload["student"]["no_pickup_flag"] = student.no_pickup_flag;
  }
  bool new_guardian = false;
  if (!guardian.given_name.empty()) {
    if (guardian.id.empty()) {
      guardian.id = NewUuidV7(p_->clock->Now(), *p_->random);
      new_guardian = true;
    } else {
      // A brother or sister of a child registered just before: the same guardian.
      STEM_ASSIGN_OR_RETURN(Person known, GetPerson(guardian.id));
      if (known.role != "guardian" || known.event_id != reg.event_id) {
        return Status::InvalidArgument("bad_guardian", "the guardian is not of this event");
      }
    }
    guardian.event_id = reg.event_id;
    student.guardian_id = guardian.id;
    payload["guardian"] = {{"id", guardian.id},
                           {"given_name", guardian.given_name},
                           {"family_name", guardian.family_name},
                           {"phone", guardian.phone.value_or("")},
                           {"email", guardian.email.value_or("")}};
  }
  STEM_ASSIGN_OR_RETURN(RecordRef ref,
                        p_->AppendRecord("registration", reg.event_id, student.id, "", payload));
  if (new_guardian) STEM_RETURN_IF_ERROR(p_->WritePerson(guardian, "", ref.id));
  STEM_RETURN_IF_ERROR(p_->WritePerson(student, FullName(guardian), ref.id));
  STEM_RETURN_IF_ERROR(txn.Commit());
  return RegistrationResult{ref, student.id, code, guardian.id};
}

}  // namespace stem
