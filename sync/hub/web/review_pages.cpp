// Scholarship review (reviewer): the queue of applications by status, and one application
// with its answers, its review (status, assigned reviewer, a score per rubric line, notes)
// and the history of every save. Two reviewers saving one application at once: the second
// is told who saved what, and keeps what they typed.
#include <cstdio>
#include <map>

#include "sync/hub/accounts/accounts.h"
#include "sync/hub/review/rubric.h"
#include "sync/hub/web/pages.h"
#include "sync/hub/web/request_parts.h"
#include "sync/hub/web/response_view.h"

namespace stem::hub::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr size_t kMaxNotes = 5000;

std::string Points(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", d);
  return buf;
}

std::string LabelIn(const std::map<std::string, std::string>& label, const std::string& lang) {
  auto it = label.find(lang);
  if (it == label.end()) it = label.find("en");
  return it == label.end() ? "" : it->second;
}

// The applicant's name: the answers to the form's first two short-text questions (the
// bundled application asks the student's first and last name first).
std::string Applicant(const Renderer& r, const std::string& lang, const FormView& view,
                      const ResponseRow& response) {
  const table::Naming naming{lang};
  const std::optional<seal::KeyPair> no_keys;
  table::RowMaker maker(naming, no_keys, view.kiosk_names, false);
  Result<table::RowMaker::ResponseCells> cells = maker.Response(view.layout, response, false);
  if (!cells.ok()) return "";
  std::string name;
  int taken = 0;
  for (size_t i = 0; i < view.layout.questions.size() && taken < 2; ++i) {
    if (view.layout.questions[i].type != forms::QuestionType::kText) continue;
    ++taken;
    if (kFixedColumns + i < cells->main.size()) {
      std::string part = CellText(r, lang, cells->main[kFixedColumns + i]);
      if (!part.empty()) name += (name.empty() ? "" : " ") + part;
    }
  }
  return name;
}

json StatusOptions(const Renderer& r, const std::string& lang, const std::string& chosen) {
  json out = json::array();
  for (const char* s : review::kStatuses) {
    out.push_back({{"value", s}, {"label", r.Text(lang, std::string("review_status_") + s)},
                   {"selected", chosen == s}});
  }
  return out;
}

std::string TotalText(const Review& rv, const std::vector<review::RubricLine>& rubric) {
  if (!rv.score) return "";
  int max = 0;
  for (const review::RubricLine& l : rubric) max += l.max;
  return Points(*rv.score) + " / " + std::to_string(max);
}

Response ShowQueue(Pages& p, Request& req) {
  std::string lang = p.renderer.Language(req);
  std::string status = Query(req, "status");
  if (!status.empty() && !review::IsStatus(status)) status.clear();
  bool mine = Query(req, "mine") == "1";
  constexpr int kShown = 500;
  Result<std::vector<Application>> apps =
      p.storage.Applications(status, mine ? req.caller : "", kShown + 1);
  Result<std::string> setting = p.storage.Setting(review::kRubricSetting);
  if (!apps.ok() || !setting.ok()) return Unavailable(p, req);
  std::vector<review::RubricLine> rubric = review::RubricOrDefault(*setting);
  std::map<std::string, FormView> views;
  json rows = json::array();
  bool more = apps.ok() && apps->size() > kShown;
  if (more) apps->pop_back();
  for (const Application& a : *apps) {
    auto it = views.find(a.response.form_id);
    if (it == views.end()) {
      Result<FormView> v = ViewOf(p.storage, a.response.form_id, lang);
      if (!v.ok()) return Unavailable(p, req);
      it = views.emplace(a.response.form_id, std::move(v).value()).first;
    }
    std::string name = Applicant(p.renderer, lang, it->second, a.response);
    rows.push_back({{"applicant", name.empty() ? a.response.record_id.substr(0, 8) : name},
                    {"href", "/application?id=" + UrlEncode(a.response.record_id)},
                    {"form", it->second.title},
                    {"event", NameOr(it->second.event_names, a.response.event_id)},
                    {"saved", ShortTime(a.response.created_at)},
                    {"status", p.renderer.Text(lang, "review_status_" + a.review.status)},
                    {"reviewer", a.review.reviewer},
                    {"score", TotalText(a.review, rubric)}});
  }
  json tabs = json::array();
  tabs.push_back({{"label", p.renderer.Text(lang, "review_all")}, {"href", "/review"},
                  {"current", status.empty() && !mine}});
  for (const char* s : review::kStatuses) {
    tabs.push_back({{"label", p.renderer.Text(lang, std::string("review_status_") + s)},
                    {"href", std::string("/review?status=") + s}, {"current", status == s}});
  }
  tabs.push_back({{"label", p.renderer.Text(lang, "review_mine")}, {"href", "/review?mine=1"},
                  {"current", mine}});
  return p.renderer.Page(req, 200, "review_queue", "review_title",
                         {{"rows", rows}, {"has_rows", !rows.empty()}, {"tabs", tabs}, {"more", more}});
}

// The application's page, with the review form holding `entered` (what is saved, or what the
// reviewer typed when their save was refused) and a message.
Response ApplicationPage(Pages& p, const Request& req, int status, const std::string& id,
                         const Review& entered, const std::string& error,
                         const std::string& notice, const Review* theirs) {
  std::string lang = p.renderer.Language(req);
  Result<ResponseDetail> d = p.storage.FindResponse(id);
  Result<std::string> setting = p.storage.Setting(review::kRubricSetting);
  Result<std::vector<StaffUser>> users = p.storage.ListUsers();
  Result<std::vector<ReviewChange>> history = p.storage.ReviewHistory(id);
  if (!d.ok() || !setting.ok() || !users.ok() || !history.ok()) return Unavailable(p, req);
  Result<FormView> view = ViewOf(p.storage, d->response.form_id, lang);
  if (!view.ok()) return Unavailable(p, req);
  Result<json> answers = AnswersJson(p.renderer, lang, *view, d->response);
  if (!answers.ok()) return Unavailable(p, req);
  std::vector<review::RubricLine> rubric = review::RubricOrDefault(*setting);
  json lines = json::array();
  for (const review::RubricLine& l : rubric) {
    auto score = entered.scores.find(l.id);
    lines.push_back({{"id", l.id}, {"label", LabelIn(l.label, lang)}, {"max", std::to_string(l.max)},
                     {"value", score == entered.scores.end() ? "" : std::to_string(score->second)}});
  }
  json reviewers = json::array();
  for (const StaffUser& u : *users) {
    Result<accounts::Role> role = accounts::ParseRole(u.role);
    if (u.disabled || !role.ok() || !accounts::Includes(*role, accounts::Role::kReviewer)) continue;
    reviewers.push_back({{"email", u.email}, {"selected", u.email == entered.reviewer}});
  }
  json past = json::array();
  for (const ReviewChange& c : *history) {
    past.push_back({{"at", ShortTime(c.at)}, {"actor", c.actor},
                    {"status", p.renderer.Text(lang, "review_status_" + c.saved.status)},
                    {"reviewer", c.saved.reviewer}, {"score", TotalText(c.saved, rubric)},
                    {"notes", c.saved.notes}});
  }
  json data = {{"id", id},
               {"applicant", Applicant(p.renderer, lang, *view, d->response)},
               {"form", view->title},
               {"event", NameOr(view->event_names, d->response.event_id)},
               {"saved", ShortTime(d->response.created_at)},
               {"answers", (*answers)["answers"]},
               {"repeats", (*answers)["repeats"]},
               {"statuses", StatusOptions(p.renderer, lang, entered.status)},
               {"reviewers", reviewers},
               {"lines", lines},
               {"notes", entered.notes},
               {"version", std::to_string(entered.version)},
               {"error", error},
               {"notice", notice},
               {"history", past},
               {"has_history", !past.empty()}};
  if (theirs != nullptr) {
    data["theirs"] = {{"by", theirs->updated_by}, {"at", ShortTime(theirs->updated_at)},
                      {"status", p.renderer.Text(lang, "review_status_" + theirs->status)},
                      {"reviewer", theirs->reviewer}, {"score", TotalText(*theirs, rubric)},
                      {"notes", theirs->notes}};
  }
  return p.renderer.Page(req, status, "application", "application_title", data);
}

Response ShowApplication(Pages& p, Request& req) {
  std::string id = Query(req, "id");
  Result<Review> rv = p.storage.GetReview(id);
  if (!rv.ok()) {
    if (rv.status().code() == Status::Code::kNotFound) return p.renderer.Message(req, 404, "application_unknown");
    return Unavailable(p, req);
  }
  std::string lang = p.renderer.Language(req);
  std::string notice = Query(req, "saved") == "1" ? p.renderer.Text(lang, "review_saved") : "";
  return ApplicationPage(p, req, 200, id, *rv, "", notice, nullptr);
}

Response SaveApplication(Pages& p, Request& req) {
  std::string lang = p.renderer.Language(req);
  std::map<std::string, std::string> f = FormFields(req.body);
  std::string id = Field(f, "id");
  Result<Review> current = p.storage.GetReview(id);
  if (!current.ok()) {
    if (current.status().code() == Status::Code::kNotFound) return p.renderer.Message(req, 404, "application_unknown");
    return Unavailable(p, req);
  }
  Result<std::string> setting = p.storage.Setting(review::kRubricSetting);
  if (!setting.ok()) return Unavailable(p, req);
  std::vector<review::RubricLine> rubric = review::RubricOrDefault(*setting);
  // What the reviewer typed, checked field by field; kept as typed when refused.
  Review entered;
  entered.record_id = id;
  entered.status = Field(f, "status");
  entered.reviewer = Field(f, "reviewer");
  entered.notes = Field(f, "notes");
  std::string version = Field(f, "version");
  std::string error;
  if (version.empty() || version.size() > 12 || version.find_first_not_of("0123456789") != std::string::npos) {
    return p.renderer.Message(req, 400, "error_form_expired");
  }
  entered.version = std::stoll(version);
  if (!review::IsStatus(entered.status)) error = p.renderer.Text(lang, "review_bad_status");
  if (entered.notes.size() > kMaxNotes) error = p.renderer.Text(lang, "review_notes_too_long");
  if (!entered.reviewer.empty()) {
    Result<StaffCredentials> who = p.storage.UserCredentials(entered.reviewer);
    Result<accounts::Role> role = who.ok() ? accounts::ParseRole(who->role) : Result<accounts::Role>(who.status());
    if (!who.ok() || who->disabled || !role.ok() || !accounts::Includes(*role, accounts::Role::kReviewer)) {
      error = p.renderer.Text(lang, "review_bad_reviewer");
    }
  }
  double total = 0;
  for (const review::RubricLine& l : rubric) {
    std::string v = Field(f, "score_" + l.id);
    if (v.empty()) continue;
    if (v.size() > 3 || v.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(v) > l.max) {
      error = p.renderer.Format(lang, "review_bad_score",
                                {{"line", LabelIn(l.label, lang)}, {"max", std::to_string(l.max)}});
      continue;
    }
    entered.scores[l.id] = std::stoi(v);
    total += std::stoi(v);
  }
  if (!entered.scores.empty()) entered.score = total;
  if (!error.empty()) return ApplicationPage(p, req, 400, id, entered, error, "", nullptr);
  Result<Review> saved = p.storage.SaveReview(entered, req.caller);
  if (!saved.ok()) {
    if (saved.status().code() == Status::Code::kConflict) {
      Result<Review> theirs = p.storage.GetReview(id);
      if (!theirs.ok()) return Unavailable(p, req);
      // Their save stands; the form keeps what this reviewer typed, over their version, so
      // saving again replaces theirs knowingly.
      entered.version = theirs->version;
      return ApplicationPage(p, req, 409, id, entered, p.renderer.Text(lang, "review_conflict"), "",
                             &*theirs);
    }
    return Unavailable(p, req);
  }
  json detail = {{"application", id}, {"status", saved->status}, {"reviewer", saved->reviewer}};
  if (!p.storage.Audit(req.caller, "review_saved", detail.dump()).ok()) return Unavailable(p, req);
  return Redirect("/application?id=" + UrlEncode(id) + "&saved=1");
}

}  // namespace

std::vector<http::Route> ReviewRoutes(Pages& p) {
  using http::Access;
  return {
      {"GET", "/review", Access::kReviewer, Handle(p, &ShowQueue)},
      {"GET", "/application", Access::kReviewer, Handle(p, &ShowApplication)},
      {"POST", "/application", Access::kReviewer, Handle(p, &SaveApplication), 32 * 1024},
  };
}

}  // namespace stem::hub::web
