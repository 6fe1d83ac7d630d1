// The read model's write side: records into people, check-ins, check-outs, responses and
// answers, inside the ingest transaction. The hub's hottest path after the records insert:
// payloads are parsed once with simdjson (a parser reused across records), and a response's
// answers go in with multi-row INSERTs.
#include <simdjson.h>

#include <deque>
#include <string_view>
#include <unordered_map>
#include <variant>

#include "data/clock.h"
#include "data/forms/form_spec.h"
#include "sync/hub/storage/db/db.h"
#include "data/text_fold.h"
#include "sync/hub/storage/sql_read_model.h"

namespace stem::hub::read_model {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

std::string Str(const object& obj, const char* key) {
  std::string_view v;
  if (obj[key].get(v) != simdjson::SUCCESS) return "";
  return std::string(v);
}

bool IsRepeat(const element& v) {
  simdjson::dom::array a;
  if (v.get(a) != simdjson::SUCCESS || a.size() == 0) return false;
  for (element e : a) {
    if (e.type() != element_type::OBJECT) return false;
  }
  return true;
}

// Numbers (form, repeat group, question id) once, remembering what it made or read.
class QuestionIds {
 public:
  Result<int64_t> Get(db::Connection& db, const std::string& form_id, std::string_view repeat_id,
                      std::string_view question_id) {
    key_.assign(form_id).append(1, '\n').append(repeat_id).append(1, '\n').append(question_id);
    auto it = ids_.find(key_);
    if (it != ids_.end()) return it->second;
    STEM_ASSIGN_OR_RETURN(
        db::Statement ins,
        db.Prepare("INSERT INTO questions(form_id, repeat_id, question_id) VALUES (?, ?, ?) "
                   "ON CONFLICT DO NOTHING"));
    ins.Bind(1, form_id).Bind(2, repeat_id).Bind(3, question_id);
    STEM_RETURN_IF_ERROR(ins.Run());
    STEM_ASSIGN_OR_RETURN(
        db::Statement get,
        db.Prepare("SELECT qid FROM questions WHERE form_id = ? AND repeat_id = ? AND "
                   "question_id = ?"));
    get.Bind(1, form_id).Bind(2, repeat_id).Bind(3, question_id);
    STEM_ASSIGN_OR_RETURN(bool row, get.Step());
    if (!row) return Status::Internal("a question number is missing");
    int64_t qid = get.Int(0);
    if (ids_.size() > 100000) ids_.clear();  // bounded, whatever the kiosks send
    ids_.emplace(key_, qid);
    return qid;
  }
  void Forget() { ids_.clear(); }

 private:
  std::unordered_map<std::string, int64_t> ids_;
  std::string key_;
};

// One answer waiting for its INSERT: text and blobs point into the parser's document or
// into `owned`, both alive until the flush.
struct PendingAnswer {
  int64_t qid;
  int entry;
  std::variant<std::monostate, std::string_view, int64_t, double> value;
  bool blob = false;
};

constexpr size_t kRowsPerInsert = 32;

// SQLite keeps an answer's storage class in its value; PostgreSQL in `kind` beside it
// (AnswerValueSql).
std::string InsertSql(size_t rows, bool with_kind) {
  std::string sql = with_kind ? "INSERT INTO answers(rid, qid, entry, value, kind) VALUES "
                              : "INSERT INTO answers VALUES ";
  const char* row = with_kind ? "(?, ?, ?, ?, ?)" : "(?, ?, ?, ?)";
  for (size_t i = 0; i < rows; ++i) sql += std::string(i == 0 ? "" : ", ") + row;
  return sql + " ON CONFLICT DO NOTHING";
}

}  // namespace

Status InsertPerson(db::Connection& db, const TextFolder& folder, const PersonRow& p,
                    bool replace);

struct Writer::Impl {
  simdjson::dom::parser parser;
  QuestionIds questions;
  std::vector<PendingAnswer> pending;
  std::deque<std::string> owned;  // minified lists and objects of the current response (stay put)
  std::string sql_full = InsertSql(kRowsPerInsert, false);
  std::string sql_full_kind = InsertSql(kRowsPerInsert, true);

  Status Flush(db::Connection& db, int64_t rid, size_t count) {
    if (count == 0) return Status::Ok();
    bool kind = db.dialect() == db::Dialect::kPostgres;
    STEM_ASSIGN_OR_RETURN(
        db::Statement s,
        db.Prepare(count < kRowsPerInsert ? InsertSql(count, kind)
                                          : (kind ? sql_full_kind : sql_full)));
    int width = kind ? 5 : 4;
    for (size_t i = 0; i < count; ++i) {
      const PendingAnswer& a = pending[i];
      int at = static_cast<int>(i) * width;
      s.Bind(at + 1, rid).Bind(at + 2, a.qid).Bind(at + 3, a.entry);
      const char* type = "null";
      if (const auto* t = std::get_if<std::string_view>(&a.value)) {
        type = a.blob ? "blob" : "text";
        a.blob && !kind ? s.BindBlob(at + 4, *t) : s.Bind(at + 4, *t);
      } else if (const auto* i64 = std::get_if<int64_t>(&a.value)) {
        type = "integer";
        s.Bind(at + 4, *i64);
      } else if (const auto* d = std::get_if<double>(&a.value)) {
        type = "real";
        s.Bind(at + 4, *d);
      } else {
        s.BindNull(at + 4);
      }
      if (kind) s.Bind(at + 5, type);
    }
    STEM_RETURN_IF_ERROR(s.Run());
    pending.erase(pending.begin(), pending.begin() + static_cast<ptrdiff_t>(count));
    return Status::Ok();
  }

  Status Add(db::Connection& db, int64_t rid, const std::string& form_id,
             std::string_view repeat, int entry, std::string_view question, element v) {
    STEM_ASSIGN_OR_RETURN(int64_t qid, questions.Get(db, form_id, repeat, question));
    PendingAnswer a{qid, entry, std::monostate{}, false};
    switch (v.type()) {
      case element_type::STRING:
        a.value = std::string_view(v.get_string().value_unsafe());
        break;
      case element_type::BOOL:
        a.value = static_cast<int64_t>(v.get_bool().value_unsafe() ? 1 : 0);
        break;
      case element_type::INT64:
        a.value = v.get_int64().value_unsafe();
        break;
      case element_type::UINT64:
      case element_type::DOUBLE:
        a.value = v.get_double().value_unsafe();
        break;
      case element_type::NULL_VALUE:
        break;
      default:
        // Lists and objects as JSON in a blob: a text answer can never be taken for one.
        owned.push_back(simdjson::minify(v));
        a.value = std::string_view(owned.back());
        a.blob = true;
        break;
    }
    pending.push_back(a);
    if (pending.size() == kRowsPerInsert) return Flush(db, rid, kRowsPerInsert);
    return Status::Ok();
  }

  Status Answers(db::Connection& db, int64_t rid, const std::string& form_id, object answers) {
    pending.clear();
    owned.clear();
    for (auto [q, v] : answers) {
      if (!IsRepeat(v)) {
        STEM_RETURN_IF_ERROR(Add(db, rid, form_id, "", 0, q, v));
        continue;
      }
      int entry = 0;
      simdjson::dom::array entries = v.get_array().value_unsafe();
      for (element e : entries) {
        ++entry;
        object fields = e.get_object().value_unsafe();
        for (auto [inner, value] : fields) {
              STEM_RETURN_IF_ERROR(Add(db, rid, form_id, q, entry, inner, value));
        }
      }
    }
    return Flush(db, rid, pending.size());
  }

  Status Response(db::Connection& db, int64_t rowid, const sync::BatchRecord& r, object p) {
    std::string form_id = Str(p, "form_id");
    int64_t version = 0;
    if (form_id.empty() || p["form_version"].get(version) != simdjson::SUCCESS) return Status::Ok();
    STEM_ASSIGN_OR_RETURN(
        db::Statement ins,
        db.Prepare("INSERT INTO responses(rid, form_id, form_version, event_id, created_at, "
                   "supersedes) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"));
    ins.Bind(1, rowid).Bind(2, form_id).Bind(3, version).Bind(4, r.event_id);
    ins.Bind(5, r.created_at).Bind(6, r.supersedes);
    STEM_RETURN_IF_ERROR(ins.Run());
    if (db.Changes() == 0) return Status::Ok();
    // A correction replaces what it corrects, whichever of the two reached the hub first.
    if (!r.supersedes.empty()) {
      STEM_ASSIGN_OR_RETURN(
          db::Statement old,
          db.Prepare("UPDATE responses SET superseded_by = ?1 WHERE rid = "
                     "(SELECT rowid FROM records WHERE id = ?2) AND "
                     "(superseded_by = '' OR superseded_by > ?1)"));
      old.Bind(1, r.id).Bind(2, r.supersedes);
      STEM_RETURN_IF_ERROR(old.Run());
    }
    STEM_ASSIGN_OR_RETURN(
        db::Statement later,
        db.Prepare("SELECT min(c.id) FROM responses x JOIN records c ON c.rowid = x.rid "
                   "WHERE x.supersedes = ? AND x.supersedes != ''"));
    later.Bind(1, r.id);
    STEM_ASSIGN_OR_RETURN(bool has, later.Step());
    if (has && !later.IsNull(0)) {
      std::string by = later.Text(0);
      later.Reset();
      STEM_ASSIGN_OR_RETURN(db::Statement mark,
                            db.Prepare("UPDATE responses SET superseded_by = ? WHERE rid = ?"));
      mark.Bind(1, by).Bind(2, rowid);
      STEM_RETURN_IF_ERROR(mark.Run());
    }
    object answers;
    if (p["answers"].get(answers) != simdjson::SUCCESS) return Status::Ok();
    return Answers(db, rowid, form_id, answers);
  }
};

namespace {

Status ApplyRegistration(db::Connection& db, const TextFolder& folder,
                         const std::string& device, const sync::BatchRecord& r, object p) {
  object st;
  bool has_student = p["student"].get(st) == simdjson::SUCCESS;
  PersonRow student;
  student.person_id = Str(p, "student_id");
  if (student.person_id.empty()) student.person_id = r.person_id;
  if (student.person_id.empty()) return Status::Ok();
  student.event_id = r.event_id;
  student.role = "student";
  if (has_student) {
    student.given_name = Str(st, "given_name");
    student.family_name = Str(st, "family_name");
    student.birth_date = Str(st, "birth_date");
    student.grade = Str(st, "grade");
    student.school = Str(st, "school");
    student.phone = Str(st, "phone");
    student.email = Str(st, "email");
    bool allergy = false;
    student.allergy_flag = st["allergy_flag"].get(allergy) == simdjson::SUCCESS && allergy;
  }
  student.confirmation_code = Str(p, "confirmation_code");
  student.source = "kiosk registration";
  student.device_id = device;
  student.record_id = r.id;
  student.registered_at = r.created_at;
  object g;
  if (p["guardian"].get(g) == simdjson::SUCCESS && !Str(g, "id").empty()) {
    PersonRow guardian;
    guardian.person_id = Str(g, "id");
    guardian.event_id = r.event_id;
    guardian.role = "guardian";
    guardian.given_name = Str(g, "given_name");
    guardian.family_name = Str(g, "family_name");
    guardian.phone = Str(g, "phone");
    guardian.email = Str(g, "email");
    guardian.source = student.source;
    guardian.device_id = device;
    guardian.record_id = r.id;
    guardian.registered_at = r.created_at;
    STEM_RETURN_IF_ERROR(InsertPerson(db, folder, guardian, false));
    student.guardian_id = guardian.person_id;
  }
  return InsertPerson(db, folder, student, false);
}

Status ApplyCheckIn(db::Connection& db, int64_t rowid, const sync::BatchRecord& r, object p) {
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      db.Prepare("INSERT INTO checkins VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"));
  std::string person = Str(p, "person_id");
  s.Bind(1, rowid).Bind(2, r.event_id).Bind(3, person.empty() ? r.person_id : person);
  s.Bind(4, Str(p, "activity_id")).Bind(5, Str(p, "local_day")).Bind(6, Str(p, "volunteer"));
  s.Bind(7, Str(p, "override_reason"));
  return s.Run();
}

Status ApplyCheckOut(db::Connection& db, int64_t rowid, object p) {
  std::string checkin = Str(p, "checkin_id");
  if (checkin.empty()) return Status::Ok();
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      db.Prepare("INSERT INTO checkouts VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"));
  s.Bind(1, rowid).Bind(2, checkin).Bind(3, Str(p, "volunteer"));
  s.Bind(4, Str(p, "method")).Bind(5, Str(p, "override_reason"));
  return s.Run();
}

// A kiosk's audit records that the hub keeps in its own tables: events made on the kiosk,
// form versions installed there, and labels printed. Anything odd stays in the record alone.
Status ApplyAudit(db::Connection& db, int64_t rowid, const std::string& device,
                  const sync::BatchRecord& r, object p) {
  std::string action = Str(p, "action");
  object d;
  if (p["detail"].get(d) != simdjson::SUCCESS) return Status::Ok();
  if (action == "event_created") {
    std::string id = Str(d, "id"), name = Str(d, "name"), kind = Str(d, "kind");
    std::string starts = Str(d, "starts_on"), ends = Str(d, "ends_on");
    if (id.empty() || id != r.event_id || name.empty() || (kind != "fair" && kind != "camp") ||
        !IsValidDate(starts) || !IsValidDate(ends) || ends < starts || name.size() > 200) {
      return Status::Ok();
    }
    STEM_ASSIGN_OR_RETURN(
        db::Statement s,
        db.Prepare("INSERT INTO events(id, name, kind, starts_on, ends_on, created_at, source, "
                   "device_id, venue) VALUES (?, ?, ?, ?, ?, ?, 'kiosk', ?, ?) "
                   "ON CONFLICT DO NOTHING"));
    s.Bind(1, id).Bind(2, name).Bind(3, kind).Bind(4, starts).Bind(5, ends);
    s.Bind(6, r.created_at).Bind(7, device).Bind(8, Str(d, "venue"));
    return s.Run();
  }
  if (action == "form_installed") {
    std::string spec = Str(d, "spec");
    Result<forms::FormSpec> f = forms::LoadFormSpecOrError(spec);
    if (!f.ok()) return Status::Ok();
    // A different spec under a version the hub knows keeps the hub's (a kiosk would refuse
    // it too); the record stays for review.
    Result<bool> added = AddForm(db, HubForm{f->id, f->version, f->kind, spec, "kiosk", r.created_at});
    if (!added.ok() && added.status().code() != Status::Code::kAlreadyExists) return added.status();
  }
  if (action == "label_printed") {
    std::string label = Str(d, "label"), reason = Str(d, "reason"), volunteer = Str(d, "volunteer");
    std::string printer = Str(d, "printer"), outcome = Str(d, "outcome");
    bool reprint = false;
    if (bool b; d["reprint"].get_bool().get(b) == simdjson::SUCCESS) reprint = b;
    if (r.person_id.empty() || (label != "badge" && label != "stub") || outcome.empty() ||
        outcome.size() > 40 || reason.size() > 200 || volunteer.size() > 100 ||
        printer.size() > 200) {
      return Status::Ok();
    }
    STEM_ASSIGN_OR_RETURN(
        db::Statement s,
        db.Prepare("INSERT INTO label_prints VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT DO NOTHING"));
    s.Bind(1, rowid).Bind(2, r.person_id).Bind(3, r.event_id).Bind(4, label);
    s.Bind(5, static_cast<int64_t>(reprint ? 1 : 0)).Bind(6, reason).Bind(7, volunteer);
    s.Bind(8, printer).Bind(9, outcome).Bind(10, r.created_at).Bind(11, device);
    return s.Run();
  }
  return Status::Ok();
}

}  // namespace

Status InsertPerson(db::Connection& db, const TextFolder& folder, const PersonRow& p,
                    bool replace) {
  if (replace) {
    // A DELETE of its own rather than INSERT OR REPLACE, whose deletion fires no trigger:
    // the overview's counts are kept by triggers.
    STEM_ASSIGN_OR_RETURN(db::Statement del,
                          db.Prepare("DELETE FROM people WHERE person_id = ?"));
    del.Bind(1, p.person_id);
    STEM_RETURN_IF_ERROR(del.Run());
  }
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      db.Prepare("INSERT INTO people VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                 "ON CONFLICT DO NOTHING"));
  s.Bind(1, p.person_id).Bind(2, p.event_id).Bind(3, p.role).Bind(4, p.given_name);
  s.Bind(5, p.family_name).Bind(6, p.birth_date).Bind(7, p.grade).Bind(8, p.school);
  s.Bind(9, p.phone).Bind(10, p.email).Bind(11, p.confirmation_code).Bind(12, p.guardian_id);
  s.Bind(13, static_cast<int64_t>(p.allergy_flag ? 1 : 0)).Bind(14, p.source);
  s.Bind(15, p.device_id).Bind(16, p.record_id).Bind(17, p.registered_at);
  STEM_RETURN_IF_ERROR(s.Run());
  if (db.Changes() == 0) return Status::Ok();
  return IndexPersonWords(db, folder, p);
}

Result<const TextFolder*> Writer::Folder(db::Connection& db) { return db.Folder(); }

Writer::Writer() : impl_(std::make_unique<Impl>()) {}
Writer::~Writer() = default;
void Writer::Forget() { impl_->questions.Forget(); }

Status Writer::Apply(db::Connection& db, int64_t rowid, const std::string& device_id,
                     const sync::BatchRecord& r) {
  if (r.type != "registration" && r.type != "checkin" && r.type != "checkout" &&
      r.type != "form_response" && r.type != "audit") {
    return Status::Ok();
  }
  element doc;
  object p;
  if (impl_->parser.parse(r.payload).get(doc) != simdjson::SUCCESS ||
      doc.get(p) != simdjson::SUCCESS) {
    return Status::Ok();  // stored and in the raw export; nothing to add here
  }
  if (r.type == "registration") {
    STEM_ASSIGN_OR_RETURN(const TextFolder* folder, Folder(db));
    return ApplyRegistration(db, *folder, device_id, r, p);
  }
  if (r.type == "checkin") return ApplyCheckIn(db, rowid, r, p);
  if (r.type == "checkout") return ApplyCheckOut(db, rowid, p);
  if (r.type == "audit") return ApplyAudit(db, rowid, device_id, r, p);
  return impl_->Response(db, rowid, r, p);
}

Status Rebuild(db::Connection& db, bool audits_only) {
  Writer writer;
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      db.Prepare(std::string("SELECT rowid, seq, id, type, event_id, person_id, supersedes, "
                             "created_at, payload, device_id FROM records ") +
                 (audits_only ? "WHERE type = 'audit' " : "") + "ORDER BY device_id, seq"));
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    sync::BatchRecord r{s.Int(1),  s.Text(2), s.Text(3), s.Text(4),
                        s.Text(5), s.Text(6), s.Text(7), s.Text(8)};
    STEM_RETURN_IF_ERROR(writer.Apply(db, s.Int(0), s.Text(9), r));
  }
  return Status::Ok();
}

Status PublishRosterPerson(db::Connection& db, const TextFolder& folder, const Person& person,
                           const std::string& now, const std::string& source) {
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
  return InsertPerson(db, folder, p, source == "hub roster");
}

}  // namespace stem::hub::read_model
