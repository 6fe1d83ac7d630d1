// The read model's responses for the staff pages: a form's responses a page at a time (by
// key, newest first, with filters), and one response with its corrections.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "data/clock.h"
#include "sync/hub/storage/db/db.h"
#include "sync/hub/storage/sql_read_model.h"

namespace stem::hub::read_model {
namespace {

constexpr std::string_view kResponseFields =
    "SELECT x.rid, x.form_id, x.form_version, x.event_id, r.id, r.person_id, r.device_id, "
    "r.seq, x.created_at, r.received_at, x.supersedes, x.superseded_by";
const std::string kResponseColumns =
    std::string(kResponseFields) + " FROM responses x JOIN records r ON r.rowid = x.rid ";

ResponseRow ReadResponse(const db::Statement& s) {
  ResponseRow row;
  row.form_id = s.Text(1);
  row.form_version = static_cast<int>(s.Int(2));
  row.event_id = s.Text(3);
  row.record_id = s.Text(4);
  row.person_id = s.Text(5);
  row.device_id = s.Text(6);
  row.seq = s.Int(7);
  row.created_at = s.Text(8);
  row.received_at = s.Text(9);
  row.supersedes = s.Text(10);
  row.superseded_by = s.Text(11);
  return row;
}

Status LoadAnswers(db::Connection& db, int64_t rid, ResponseRow* row) {
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      db.Prepare("SELECT a.qid, a.entry, " + AnswerValueSql(db, "a") +
                 " FROM answers a WHERE a.rid = ? ORDER BY a.qid, a.entry"));
  s.Bind(1, rid);
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool more, s.Step());
    if (!more) break;
    row->answers.push_back({s.Int(0), static_cast<int>(s.Int(1)), ReadValue(s, 2)});
  }
  return Status::Ok();
}

std::string Cursor(const std::string& created_at, int64_t rid) {
  return created_at + "~" + std::to_string(rid);
}

bool ParseCursor(const std::string& cursor, std::string* at, int64_t* rid) {
  size_t tilde = cursor.find('~');
  if (tilde == std::string::npos || tilde == 0 || tilde > 40 || cursor.size() - tilde > 19 ||
      cursor.size() == tilde + 1) {
    return false;
  }
  *at = cursor.substr(0, tilde);
  std::string digits = cursor.substr(tilde + 1);
  if (at->find_first_not_of("0123456789-:.TZ") != std::string::npos ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  *rid = std::stoll(digits);
  return true;
}

}  // namespace

Result<ResponsePage> Responses(db::Connection& db, const ResponseQuery& q) {
  struct Value {
    std::string text;
    int64_t number = 0;
    bool is_number = false;
    Value(std::string t) : text(std::move(t)) {}  // NOLINT: a text parameter
    Value(int64_t n) : number(n), is_number(true) {}  // NOLINT: a number parameter
  };
  std::string sql = std::string(kResponseColumns) +
                    "WHERE x.form_id = ? AND x.superseded_by = ''";
  std::vector<Value> binds;
  binds.emplace_back(q.form_id);
  if (!q.event_id.empty()) {
    sql += " AND x.event_id = ?";
    binds.push_back(q.event_id);
  }
  if (!q.from_day.empty()) {
    if (!IsValidDate(q.from_day)) return Status::InvalidArgument("bad_date", "from: YYYY-MM-DD");
    sql += " AND x.created_at >= ?";
    binds.push_back(q.from_day);
  }
  if (!q.to_day.empty()) {
    if (!IsValidDate(q.to_day)) return Status::InvalidArgument("bad_date", "to: YYYY-MM-DD");
    sql += " AND x.created_at < ?";
    binds.push_back(q.to_day + "U");  // after every time of that day ("...T23:59:59Z" < "...U")
  }
  if (!q.device_id.empty()) {
    sql += " AND r.device_id = ?";
    binds.push_back(q.device_id);
  }
  if (q.answer_qid > 0) {
    sql += " AND EXISTS (SELECT 1 FROM answers a WHERE a.rid = x.rid AND a.qid = ? AND "
           "a.value = ?)";
    binds.push_back(q.answer_qid);
    binds.push_back(q.answer_value);
  }
  bool from_cursor = !q.cursor.empty() && !q.oldest;
  // Pages run newest first; the previous page and the oldest are read upwards, then turned.
  bool upward = q.oldest || (from_cursor && !q.older);
  if (from_cursor) {
    std::string at;
    int64_t rid = 0;
    if (!ParseCursor(q.cursor, &at, &rid)) {
      return Status::InvalidArgument("bad_cursor", "this page link is not one the hub made");
    }
    sql += upward ? " AND (x.created_at, x.rid) > (?, ?)" : " AND (x.created_at, x.rid) < (?, ?)";
    binds.push_back(at);
    binds.push_back(rid);
  }
  int limit = std::clamp(q.limit, 1, 500);
  sql += upward ? " ORDER BY x.created_at, x.rid" : " ORDER BY x.created_at DESC, x.rid DESC";
  sql += " LIMIT " + std::to_string(limit + 1);
  STEM_ASSIGN_OR_RETURN(db::Statement s, db.Prepare(sql));
  for (size_t i = 0; i < binds.size(); ++i) {
    if (binds[i].is_number) {
      s.Bind(static_cast<int>(i + 1), binds[i].number);
    } else {
      s.Bind(static_cast<int>(i + 1), binds[i].text);
    }
  }
  std::vector<std::pair<int64_t, ResponseRow>> rows;
  bool more = false;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    if (static_cast<int>(rows.size()) == limit) {
      more = true;
      break;
    }
    rows.emplace_back(s.Int(0), ReadResponse(s));
  }
  s.Reset();
  if (upward) std::reverse(rows.begin(), rows.end());
  ResponsePage page;
  if (upward) {
    page.has_newer = more;
    page.has_older = from_cursor;
  } else {
    page.has_older = more;
    page.has_newer = from_cursor;
  }
  for (auto& [rid, row] : rows) {
    STEM_RETURN_IF_ERROR(LoadAnswers(db, rid, &row));
    if (page.first_cursor.empty()) page.first_cursor = Cursor(row.created_at, rid);
    page.last_cursor = Cursor(row.created_at, rid);
    page.rows.push_back(std::move(row));
  }
  return page;
}

Result<ResponseDetail> FindResponse(db::Connection& db, const std::string& record_id) {
  STEM_ASSIGN_OR_RETURN(db::Statement s,
                        db.Prepare(std::string(kResponseColumns) + "WHERE r.id = ?"));
  auto find = [&](const std::string& id) -> Result<std::optional<std::pair<int64_t, ResponseRow>>> {
    s.Reset();
    s.Bind(1, id);
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<std::pair<int64_t, ResponseRow>>();
    return std::optional<std::pair<int64_t, ResponseRow>>({s.Int(0), ReadResponse(s)});
  };
  STEM_ASSIGN_OR_RETURN(auto found, find(record_id));
  if (!found) return Status::NotFound("unknown_response", "no such response at the hub");
  ResponseDetail d;
  d.response = found->second;
  STEM_RETURN_IF_ERROR(LoadAnswers(db, found->first, &d.response));
  // The chain of corrections: back through what each corrects, forward through what
  // replaced each (bounded: a chain is a handful of corrections).
  std::vector<ResponseRow> before, after;
  std::string back = d.response.supersedes;
  while (!back.empty() && before.size() < 100) {
    STEM_ASSIGN_OR_RETURN(auto earlier, find(back));
    if (!earlier) break;
    back = earlier->second.supersedes;
    before.push_back(std::move(earlier->second));
  }
  std::string next = d.response.superseded_by;
  while (!next.empty() && after.size() < 100) {
    STEM_ASSIGN_OR_RETURN(auto later, find(next));
    if (!later) break;
    next = later->second.superseded_by;
    after.push_back(std::move(later->second));
  }
  std::reverse(before.begin(), before.end());
  d.history = std::move(before);
  ResponseRow self = d.response;
  self.answers.clear();
  d.history.push_back(std::move(self));
  for (ResponseRow& r : after) d.history.push_back(std::move(r));
  return d;
}

std::string ReviewJson(const Review& r) {
  nlohmann::json scores = nlohmann::json::object();
  for (const auto& [line, points] : r.scores) scores[line] = points;
  nlohmann::json j = {{"status", r.status}, {"reviewer", r.reviewer}, {"scores", scores},
                      {"notes", r.notes}, {"version", r.version}};
  j["score"] = r.score ? nlohmann::json(*r.score) : nlohmann::json();
  return j.dump();
}

Review ReviewFromJson(const std::string& record_id, const std::string& text) {
  Review r;
  r.record_id = record_id;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return r;
  r.status = j.value("status", "new");
  r.reviewer = j.value("reviewer", "");
  r.notes = j.value("notes", "");
  r.version = j.value("version", int64_t{0});
  if (j.contains("score") && j["score"].is_number()) r.score = j["score"].get<double>();
  if (j.contains("scores") && j["scores"].is_object()) {
    for (const auto& [line, points] : j["scores"].items()) {
      if (points.is_number_integer()) r.scores[line] = points.get<int>();
    }
  }
  return r;
}

Result<std::vector<Application>> Applications(db::Connection& db, const std::string& status,
                                              const std::string& reviewer, int limit) {
  STEM_ASSIGN_OR_RETURN(
      db::Statement s,
      db.Prepare(std::string(kResponseFields) +
                 ", coalesce(v.status, 'new'), coalesce(v.reviewer, ''), v.scores, v.score, "
                 "coalesce(v.notes, ''), coalesce(v.version, 0), coalesce(v.updated_at, ''), "
                 "coalesce(v.updated_by, '') "
                 "FROM responses x JOIN records r ON r.rowid = x.rid "
                 "LEFT JOIN reviews v ON v.record_id = r.id "
                 "WHERE x.form_id IN (SELECT form_id FROM forms WHERE kind = 'scholarship') "
                 "AND x.superseded_by = '' AND (?1 = '' OR coalesce(v.status, 'new') = ?1) "
                 "AND (?2 = '' OR v.reviewer = ?2) ORDER BY x.created_at, x.rid LIMIT ?3"));
  s.Bind(1, status).Bind(2, reviewer).Bind(3, static_cast<int64_t>(std::clamp(limit, 1, 5000)));
  std::vector<std::pair<int64_t, Application>> rows;
  while (true) {
    STEM_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    Application a;
    a.response = ReadResponse(s);
    a.review = ReviewFromJson(a.response.record_id, s.IsNull(14) ? "{}" : "{\"scores\":" + s.Text(14) + "}");
    a.review.status = s.Text(12);
    a.review.reviewer = s.Text(13);
    if (!s.IsNull(15)) a.review.score = s.Double(15);
    a.review.notes = s.Text(16);
    a.review.version = s.Int(17);
    a.review.updated_at = s.Text(18);
    a.review.updated_by = s.Text(19);
    rows.emplace_back(s.Int(0), std::move(a));
  }
  s.Reset();
  std::vector<Application> out;
  for (auto& [rid, a] : rows) {
    STEM_RETURN_IF_ERROR(LoadAnswers(db, rid, &a.response));
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace stem::hub::read_model
