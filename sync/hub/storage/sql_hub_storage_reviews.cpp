// SqlHubStorage: scholarship reviews and hub settings (schema version 7), and survey
// results.
#include <nlohmann/json.hpp>

#include "sync/hub/storage/sql_hub_storage_internal.h"

namespace stem::hub {
namespace {

// Whether the record is a current response to a scholarship form.
Result<bool> IsApplication(db::Connection& db, const std::string& record_id) {
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      db.Prepare("SELECT 1 FROM records r JOIN responses x ON x.rid = r.rowid WHERE r.id = ? "
                 "AND x.superseded_by = '' AND x.form_id IN "
                 "(SELECT form_id FROM forms WHERE kind = 'scholarship')"));
  s.Bind(1, record_id);
  return s.Step();
}

Result<Review> CurrentReview(db::Connection& db, const std::string& record_id) {
  STEM_ASSIGN_OR_RETURN(bool known, IsApplication(db, record_id));
  if (!known) {
    return Status::NotFound("unknown_application", "no current scholarship application has that id");
  }
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      db.Prepare("SELECT status, reviewer, scores, score, notes, version, updated_at, updated_by "
                 "FROM reviews WHERE record_id = ?"));
  s.Bind(1, record_id);
  STEM_ASSIGN_OR_RETURN(bool row, s.Step());
  Review r;
  r.record_id = record_id;
  if (!row) return r;
  r = read_model::ReviewFromJson(record_id, "{\"scores\":" + s.Text(2) + "}");
  r.status = s.Text(0);
  r.reviewer = s.Text(1);
  if (!s.IsNull(3)) r.score = s.Double(3);
  r.notes = s.Text(4);
  r.version = s.Int(5);
  r.updated_at = s.Text(6);
  r.updated_by = s.Text(7);
  return r;
}

}  // namespace

Result<std::vector<Application>> SqlHubStorage::Applications(const std::string& status,
                                                                const std::string& reviewer,
                                                                int limit) {
  std::lock_guard lock(p_->mu);
  return read_model::Applications(p_->db, status, reviewer, limit);
}

Result<Review> SqlHubStorage::GetReview(const std::string& record_id) {
  std::lock_guard lock(p_->mu);
  return CurrentReview(p_->db, record_id);
}

Result<Review> SqlHubStorage::SaveReview(const Review& review, const std::string& actor) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(p_->db));
  STEM_ASSIGN_OR_RETURN(Review current, CurrentReview(p_->db, review.record_id));
  if (current.version != review.version) {
    return Status::Conflict("review_changed",
                            "someone saved this review since you opened it");
  }
  Review saved = review;
  saved.version = current.version + 1;
  saved.updated_at = p_->Now();
  saved.updated_by = actor;
  nlohmann::json scores = nlohmann::json::object();
  for (const auto& [line, points] : saved.scores) scores[line] = points;
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("INSERT INTO reviews(record_id, status, reviewer, scores, score, notes, "
                     "version, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                     "ON CONFLICT (record_id) DO UPDATE SET status = excluded.status, "
                     "reviewer = excluded.reviewer, scores = excluded.scores, "
                     "score = excluded.score, notes = excluded.notes, version = excluded.version, "
                     "updated_at = excluded.updated_at, updated_by = excluded.updated_by"));
  s.Bind(1, saved.record_id).Bind(2, saved.status).Bind(3, saved.reviewer).Bind(4, scores.dump());
  if (saved.score) {
    s.Bind(5, *saved.score);
  } else {
    s.BindNull(5);
  }
  s.Bind(6, saved.notes).Bind(7, saved.version).Bind(8, saved.updated_at).Bind(9, actor);
  STEM_RETURN_IF_ERROR(s.Run());
  STEM_ASSIGN_OR_RETURN(
      db::Statement h,
      p_->db.Prepare("INSERT INTO review_history(record_id, at, actor, saved) VALUES (?, ?, ?, ?)"));
  h.Bind(1, saved.record_id).Bind(2, saved.updated_at).Bind(3, actor);
  h.Bind(4, read_model::ReviewJson(saved));
  STEM_RETURN_IF_ERROR(h.Run());
  STEM_RETURN_IF_ERROR(txn.Commit());
  return saved;
}

Result<std::vector<ReviewChange>> SqlHubStorage::ReviewHistory(const std::string& record_id) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("SELECT at, actor, saved FROM review_history WHERE record_id = ? ORDER BY id"));
  s.Bind(1, record_id);
  std::vector<ReviewChange> out;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    Review r = read_model::ReviewFromJson(record_id, s.Text(2));
    r.updated_at = s.Text(0);
    r.updated_by = s.Text(1);
    out.push_back({s.Text(0), s.Text(1), std::move(r)});
  }
  return out;
}

Result<int64_t> SqlHubStorage::CountResponses(const std::string& form_id,
                                                 const std::string& event_id) {
  std::lock_guard lock(p_->mu);
  return read_model::CountResponses(p_->db, form_id, event_id);
}

Result<std::vector<AnswerCount>> SqlHubStorage::AnswerCounts(const std::string& form_id,
                                                                const std::string& event_id,
                                                                const std::vector<int64_t>& qids) {
  std::lock_guard lock(p_->mu);
  return read_model::AnswerCounts(p_->db, form_id, event_id, qids);
}

Result<std::vector<std::string>> SqlHubStorage::TextAnswers(const std::string& form_id,
                                                               const std::string& event_id,
                                                               int64_t qid, int limit) {
  std::lock_guard lock(p_->mu);
  return read_model::TextAnswers(p_->db, form_id, event_id, qid, limit);
}

Result<std::string> SqlHubStorage::Setting(const std::string& key) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(db::Statement s, p_->db.Prepare("SELECT value FROM settings WHERE key = ?"));
  s.Bind(1, key);
  STEM_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Text(0) : std::string();
}

Status SqlHubStorage::SetSetting(const std::string& key, const std::string& value,
                                    const std::string& actor) {
  std::lock_guard lock(p_->mu);
  STEM_ASSIGN_OR_RETURN(db::Transaction txn, db::Transaction::Begin(p_->db));
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      p_->db.Prepare("INSERT INTO settings(key, value) VALUES (?, ?) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
  s.Bind(1, key).Bind(2, value);
  STEM_RETURN_IF_ERROR(s.Run());
  STEM_RETURN_IF_ERROR(WriteAudit(p_->db, p_->Now(), actor, "setting_changed", {{"key", key}}));
  return txn.Commit();
}

}  // namespace stem::hub
