// The append-only record log: every save goes through AppendRecord.
#include "data/pickup_code.h"
#include "data/store/store_internal.h"
#include "data/uuid.h"
#include "data/validate.h"

namespace stem {

Result<RecordRef> Store::Private::AppendRecord(const std::string& type,
                                               const std::string& event_id,
                                               const std::string& person_id,
                                               const std::string& supersedes,
                                               const nlohmann::json& payload) {
  STEM_ASSIGN_OR_RETURN(std::string body, validate::DumpJson(payload));
  STEM_ASSIGN_OR_RETURN(
      sql::Statement next,
      db.Prepare("UPDATE device SET next_seq = next_seq + 1 RETURNING next_seq - 1"));
  STEM_ASSIGN_OR_RETURN(bool has_row, next.Step());
  if (!has_row) return Status::Internal("the device row is missing");
  RecordRef ref{NewUuidV7(clock->Now(), *random), next.Int(0)};
  std::string now = NowUtc();

  auto opt = [](const std::string& s) {
    return s.empty() ? std::optional<std::string>() : std::optional<std::string>(s);
  };
  STEM_ASSIGN_OR_RETURN(
      sql::Statement ins,
      db.Prepare("INSERT INTO records(seq, id, device_id, type, event_id, person_id, supersedes, "
                 "created_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  ins.Bind(1, ref.seq).Bind(2, ref.id).Bind(3, device_id).Bind(4, type).Bind(5, opt(event_id));
  ins.Bind(6, opt(person_id)).Bind(7, opt(supersedes)).Bind(8, now).Bind(9, body);
  STEM_RETURN_IF_ERROR(ins.Run());
  STEM_ASSIGN_OR_RETURN(sql::Statement out,
                        db.Prepare("INSERT INTO outbox(seq, enqueued_at) VALUES (?, ?)"));
  out.Bind(1, ref.seq).Bind(2, now);
  STEM_RETURN_IF_ERROR(out.Run());
  return ref;
}

Result<std::optional<std::string>> Store::Private::GetSetting(const std::string& key) {
  STEM_ASSIGN_OR_RETURN(sql::Statement s, db.Prepare("SELECT value FROM settings WHERE key = ?"));
  s.Bind(1, key);
  STEM_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(s.Text(0));
}

Status Store::Private::PutSetting(const std::string& key, const std::string& value) {
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      db.Prepare("INSERT INTO settings(key, value) VALUES (?, ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
  s.Bind(1, key).Bind(2, value);
  return s.Run();
}

Result<RecordRef> Store::SubmitForm(const FormSubmission& submission) {
  if (!validate::IsSlug(submission.form_id)) {
    return Status::InvalidArgument("invalid_form_id",
                                   "form id must be 1-64 lowercase letters, digits, '_' or '-'");
  }
  if (submission.form_version < 1) {
    return Status::InvalidArgument("invalid_form_version", "form version must be 1 or more");
  }
  STEM_RETURN_IF_ERROR(validate::Answers(submission.answers));
  STEM_ASSIGN_OR_RETURN(sql::Transaction txn, sql::Transaction::Begin(p_->db));
  if (!submission.event_id.empty()) STEM_RETURN_IF_ERROR(GetEvent(submission.event_id).status());
  if (!submission.person_id.empty()) STEM_RETURN_IF_ERROR(GetPerson(submission.person_id).status());
  if (!submission.supersedes.empty()) {
    STEM_ASSIGN_OR_RETURN(
        sql::Statement old,
        p_->db.Prepare("SELECT f.form_id, (SELECT r2.id FROM records r2 WHERE r2.supersedes = "
                       "f.record_id) FROM form_responses f WHERE f.record_id = ?"));
    old.Bind(1, submission.supersedes);
    STEM_ASSIGN_OR_RETURN(bool found, old.Step());
    if (!found) {
      return Status::NotFound("unknown_record", "there is no form response " +
                                                    submission.supersedes + " to correct");
    }
    if (old.Text(0) != submission.form_id) {
      return Status::InvalidArgument("form_mismatch",
                                     "a correction must be of the same form as the original");
    }
    if (!old.IsNull(1)) {
      return Status::Conflict("already_superseded", "form response " + submission.supersedes +
                                                        " was already corrected by " +
                                                        old.Text(1));
    }
  }
  nlohmann::json payload = {{"form_id", submission.form_id},
                            {"form_version", submission.form_version},
                            {"answers", submission.answers}};
  STEM_ASSIGN_OR_RETURN(RecordRef ref,
                        p_->AppendRecord("form_response", submission.event_id,
                                         submission.person_id, submission.supersedes, payload));
  STEM_ASSIGN_OR_RETURN(
      sql::Statement ins,
      p_->db.Prepare("INSERT INTO form_responses(record_id, form_id, form_version, event_id, "
                     "person_id) VALUES (?, ?, ?, NULLIF(?, ''), NULLIF(?, ''))"));
  ins.Bind(1, ref.id).Bind(2, submission.form_id).Bind(3, submission.form_version);
  ins.Bind(4, submission.event_id).Bind(5, submission.person_id);
  STEM_RETURN_IF_ERROR(ins.Run());
  STEM_RETURN_IF_ERROR(txn.Commit());
  return ref;
}

Result<RecordRef> Store::Audit(const std::string& action, const nlohmann::json& detail,
                               const std::string& event_id, const std::string& person_id) {
  if (!validate::IsSlug(action)) return Status::InvalidArgument("invalid_action", "bad audit action");
  STEM_ASSIGN_OR_RETURN(sql::Transaction txn, sql::Transaction::Begin(p_->db));
  STEM_ASSIGN_OR_RETURN(RecordRef ref, p_->AppendRecord("audit", event_id, person_id, "",
                                                        {{"action", action}, {"detail", detail}}));
  STEM_RETURN_IF_ERROR(txn.Commit());
  return ref;
}

StoredRecord ReadStoredRecord(const sql::Statement& s) {
  StoredRecord r;
  r.seq = s.Int(0);
  r.id = s.Text(1);
  r.device_id = s.Text(2);
  r.type = s.Text(3);
  r.event_id = s.Text(4);
  r.person_id = s.Text(5);
  r.supersedes = s.Text(6);
  r.created_at = s.Text(7);
  r.payload = s.Text(8);
  return r;
}

Status Store::ForEachRecord(const std::function<void(const StoredRecord&)>& visit) {
  STEM_ASSIGN_OR_RETURN(
      sql::Statement s,
      p_->db.Prepare(std::string("SELECT ") + kRecordColumns +
                     ", o.acked_at IS NOT NULL FROM records r LEFT JOIN outbox o USING (seq) "
                     "ORDER BY r.seq"));
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    StoredRecord r = ReadStoredRecord(s);
    r.acked = s.Int(9) != 0;
    visit(r);
  }
  return Status::Ok();
}

}  // namespace stem
