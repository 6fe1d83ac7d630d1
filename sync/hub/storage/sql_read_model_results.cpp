// The read model's survey results: responses counted, answers counted per question, and the
// newest free-text answers, over a form's current responses (one event or all).
#include <algorithm>

#include "sync/hub/storage/db/db.h"
#include "sync/hub/storage/sql_read_model.h"

namespace stem::hub::read_model {

namespace {

constexpr std::string_view kCurrent =
    "x.form_id = ?1 AND x.superseded_by = '' AND (?2 = '' OR x.event_id = ?2)";

}  // namespace

Result<int64_t> CountResponses(db::Connection& db, const std::string& form_id,
                               const std::string& event_id) {
  STEM_ASSIGN_OR_RETURN(db::Statement s,
                        db.Prepare("SELECT count(*) FROM responses x WHERE " + std::string(kCurrent)));
  s.Bind(1, form_id).Bind(2, event_id);
  STEM_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : 0;
}

Result<std::vector<AnswerCount>> AnswerCounts(db::Connection& db, const std::string& form_id,
                                              const std::string& event_id,
                                              const std::vector<int64_t>& qids) {
  std::vector<AnswerCount> out;
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      db.Prepare("SELECT " + AnswerValueSql(db, "a") + ", count(*) FROM responses x JOIN "
                 "answers a ON a.rid = x.rid AND a.qid = ?3 AND a.entry = 0 WHERE " +
                 std::string(kCurrent) + " GROUP BY 1, 2"));
  for (int64_t qid : qids) {
    s.Reset();
    s.Bind(1, form_id).Bind(2, event_id).Bind(3, qid);
    while (true) {
      STEM_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.push_back({qid, ReadValue(s, 0), s.Int(2)});
    }
  }
  return out;
}

Result<std::vector<std::string>> TextAnswers(db::Connection& db, const std::string& form_id,
                                             const std::string& event_id, int64_t qid, int limit) {
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      db.Prepare("SELECT a.value FROM responses x JOIN answers a ON a.rid = x.rid AND a.qid = ?3 "
                 "AND a.entry = 0 WHERE " + std::string(kCurrent) +
                 " AND " + AnswerKindSql(db, "a") + " = 'text' AND a.value != '' "
                 "ORDER BY x.created_at DESC LIMIT ?4"));
  s.Bind(1, form_id).Bind(2, event_id).Bind(3, qid).Bind(4, static_cast<int64_t>(std::clamp(limit, 1, 1000)));
  std::vector<std::string> out;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(s.Text(0));
  }
  return out;
}

}  // namespace stem::hub::read_model
