// Survey results (viewer): per form and event, a chart and a table for every Likert, rating
// (with its net promoter score), single and multiple choice and yes/no question, and the
// newest free-text answers; without a form, the forms that have responses.
#include <nlohmann/json.hpp>

#include "sync/hub/web/charts.h"
#include "sync/hub/web/pages.h"
#include "sync/hub/web/request_parts.h"
#include "sync/hub/web/response_view.h"

namespace stem::hub::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;
using forms::QuestionType;

constexpr int kTextAnswersShown = 20;

std::string ChoiceLabel(const forms::Choice& c, const std::string& lang) {
  for (const std::string& l : {lang, std::string("en")}) {
    if (auto it = c.label.find(l); it != c.label.end()) return it->second;
  }
  return c.value;
}

bool Charted(QuestionType t) {
  return t == QuestionType::kLikert || t == QuestionType::kSingleChoice ||
         t == QuestionType::kMultipleChoice || t == QuestionType::kYesNo ||
         t == QuestionType::kRating;
}

bool Texted(QuestionType t) { return t == QuestionType::kText || t == QuestionType::kLongText; }

// One question's bars from its answers' counts. `answered` gets how many responses answered.
std::vector<Bar> BarsOf(const table::QuestionColumn& q, const std::vector<AnswerCount>& counts,
                        const Renderer& r, const std::string& lang, int64_t* answered,
                        std::map<int, int64_t>* ratings) {
  std::map<std::string, int64_t> by_value;
  *answered = 0;
  for (const AnswerCount& c : counts) {
    *answered += c.count;
    if (const auto* text = std::get_if<std::string>(&c.value)) {
      by_value[*text] += c.count;
    } else if (const auto* n = std::get_if<int64_t>(&c.value)) {
      by_value[std::to_string(*n)] += c.count;
      (*ratings)[static_cast<int>(*n)] += c.count;
    } else if (const auto* list = std::get_if<StructuredAnswer>(&c.value)) {
      json values = json::parse(list->json, nullptr, false);
      if (!values.is_array()) continue;
      for (const json& v : values) {
        if (v.is_string()) by_value[v.get<std::string>()] += c.count;
      }
    }
  }
  std::vector<Bar> bars;
  if (q.type == QuestionType::kRating) {
    for (int i = 0; i <= 10; ++i) bars.push_back({std::to_string(i), by_value[std::to_string(i)]});
  } else if (q.type == QuestionType::kYesNo) {
    bars.push_back({r.Text(lang, "answer_yes"), by_value["1"]});
    bars.push_back({r.Text(lang, "answer_no"), by_value["0"]});
  } else {
    for (const forms::Choice& c : q.choices) bars.push_back({ChoiceLabel(c, lang), by_value[c.value]});
  }
  return bars;
}

Response FormsList(Pages& p, const Request& req) { return FormsPage(p, req, "/results", "results_title"); }

Response ShowResults(Pages& p, Request& req) {
  std::string lang = p.renderer.Language(req);
  std::string form = Query(req, "form");
  if (form.empty()) return FormsList(p, req);
  std::string event = Query(req, "event");
  Result<FormView> view = ViewOf(p.storage, form, lang);
  Result<std::vector<QuestionKey>> numbered = p.storage.FormQuestions(form);
  Result<int64_t> responses = p.storage.CountResponses(form, event);
  if (!view.ok() || !numbered.ok() || !responses.ok()) return Unavailable(p, req);
  std::map<std::string, int64_t> qids;  // questions outside repeat groups
  for (const QuestionKey& k : *numbered) {
    if (k.repeat_id.empty()) qids[k.question_id] = k.qid;
  }
  std::vector<int64_t> wanted;
  for (const table::QuestionColumn& q : view->layout.questions) {
    if (q.choice_value.empty() && Charted(q.type) && qids.count(q.question_id) > 0) {
      wanted.push_back(qids[q.question_id]);
    }
  }
  Result<std::vector<AnswerCount>> counts = p.storage.AnswerCounts(form, event, wanted);
  if (!counts.ok()) return Unavailable(p, req);
  std::map<int64_t, std::vector<AnswerCount>> by_qid;
  for (AnswerCount& c : *counts) by_qid[c.qid].push_back(std::move(c));
  json questions = json::array();
  int n = 0;
  for (const table::QuestionColumn& q : view->layout.questions) {
    if (!q.choice_value.empty() || qids.count(q.question_id) == 0 || q.sensitive) continue;
    int64_t qid = qids[q.question_id];
    json item = {{"id", "q" + std::to_string(++n)}, {"question", q.header}};
    if (Charted(q.type)) {
      int64_t answered = 0;
      std::map<int, int64_t> ratings;
      std::vector<Bar> bars = BarsOf(q, by_qid[qid], p.renderer, lang, &answered, &ratings);
      json rows = json::array();
      for (const Bar& b : bars) {
        rows.push_back({{"label", b.label}, {"count", std::to_string(b.count)},
                        {"percent", Percent(b.count, answered)}});
      }
      item["svg"] = BarChartSvg(q.header, bars, answered);
      item["rows"] = rows;
      item["answered"] = p.renderer.Format(lang, "results_answered",
                                           {{"n", std::to_string(answered)},
                                            {"of", std::to_string(*responses)}});
      if (q.type == QuestionType::kMultipleChoice) item["several"] = p.renderer.Text(lang, "results_several");
      if (q.type == QuestionType::kRating) {
        NetPromoter nps = NetPromoterScore(ratings);
        item["nps"] = p.renderer.Format(
            lang, "results_nps",
            {{"score", std::to_string(nps.score)}, {"promoters", Percent(nps.promoters, nps.answers)},
             {"passives", Percent(nps.passives, nps.answers)},
             {"detractors", Percent(nps.detractors, nps.answers)}});
      }
    } else if (Texted(q.type)) {
      Result<std::vector<std::string>> texts = p.storage.TextAnswers(form, event, qid, kTextAnswersShown);
      if (!texts.ok()) return Unavailable(p, req);
      if (texts->empty()) continue;
      json list = json::array();
      for (const std::string& t : *texts) list.push_back({{"text", t}});
      item["texts"] = list;
    } else {
      continue;
    }
    questions.push_back(item);
  }
  json events = json::array();
  for (const auto& [id, name] : view->event_names) {
    events.push_back({{"id", id}, {"name", name}, {"selected", id == event}});
  }
  json data = {{"form", form},
               {"title", view->title},
               {"responses", p.renderer.Format(lang, "results_count",
                                               {{"n", std::to_string(*responses)}})},
               {"events", events},
               {"questions", questions},
               {"has_questions", !questions.empty()}};
  return p.renderer.Page(req, 200, "results", "results_title", data);
}

}  // namespace

std::vector<http::Route> ResultsRoutes(Pages& p) {
  return {{"GET", "/results", http::Access::kViewer, Handle(p, &ShowResults)}};
}

}  // namespace stem::hub::web
