// A form's responses, a page at a time with filters (event, dates, kiosk, a choice's answer),
// and one response with every answer in the reader's language and its corrections. Columns
// and cells are the exports' own (export/table.h), so the page and the spreadsheet agree.
#include <algorithm>
#include <cstdio>
#include <map>

#include "sync/hub/accounts/key_vault.h"
#include "sync/hub/export/table.h"
#include "sync/hub/web/pages.h"
#include "sync/hub/web/response_view.h"
#include "sync/hub/web/request_parts.h"

namespace stem::hub::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr size_t kPreviewQuestions = 4;

// The question ids whose answers a filter can pick: single choice and Likert questions
// outside repeat groups, with their choices.
json AnswerFilters(const FormView& v, const std::string& lang, const std::string& chosen) {
  json out = json::array();
  std::map<std::string, int64_t> qids;
  for (const auto& [qid, slot] : v.layout.slots) {
    if (slot.table == -1 && slot.column < v.layout.questions.size()) {
      qids[v.layout.questions[slot.column].question_id] = qid;
    }
  }
  for (const table::QuestionColumn& q : v.layout.questions) {
    if (!q.choice_value.empty() || (q.type != forms::QuestionType::kSingleChoice &&
                                    q.type != forms::QuestionType::kLikert)) {
      continue;
    }
    auto qid = qids.find(q.question_id);
    if (qid == qids.end()) continue;
    for (const forms::Choice& c : q.choices) {
      std::string key = std::to_string(qid->second) + ":" + c.value;
      auto text = c.label.find(lang);
      if (text == c.label.end()) text = c.label.find("en");
      std::string label = text == c.label.end() ? c.value : text->second;
      out.push_back({{"value", key}, {"label", q.header + ": " + label}, {"selected", key == chosen}});
    }
  }
  return out;
}

bool HasSealedQuestions(const table::FormLayout& layout) {
  auto sealed = [](const std::vector<table::QuestionColumn>& questions) {
    return std::any_of(questions.begin(), questions.end(),
                       [](const table::QuestionColumn& q) { return q.sensitive; });
  };
  if (sealed(layout.questions)) return true;
  return std::any_of(layout.repeats.begin(), layout.repeats.end(),
                     [&](const table::RepeatTable& r) { return sealed(r.questions); });
}

Response FormsIndex(Pages& p, const Request& req) { return FormsPage(p, req, "/responses", "responses_title"); }

Response ShowResponses(Pages& p, Request& req) {
  std::string lang = p.renderer.Language(req);
  std::string form = Query(req, "form");
  if (form.empty()) return FormsIndex(p, req);
  Result<FormView> view = ViewOf(p.storage, form, lang);
  if (!view.ok()) return Unavailable(p, req);
  ResponseQuery q;
  q.form_id = form;
  q.event_id = Query(req, "event");
  q.from_day = Query(req, "from");
  q.to_day = Query(req, "to");
  q.device_id = Query(req, "kiosk");
  std::string answer = Query(req, "answer");
  if (size_t colon = answer.find(':'); colon != std::string::npos && colon > 0 && colon < 12 &&
                                       answer.find_first_not_of("0123456789") == colon) {
    q.answer_qid = std::stoll(answer.substr(0, colon));
    q.answer_value = answer.substr(colon + 1);
  }
  q.cursor = Query(req, "cursor");
  q.older = Query(req, "dir") != "newer";
  q.oldest = Query(req, "page") == "oldest";
  Result<ResponsePage> page = p.storage.Responses(q);
  if (!page.ok()) {
    if (page.status().code() == Status::Code::kInvalidArgument) {
      return p.renderer.Message(req, 400, "responses_bad_filter");
    }
    return Unavailable(p, req);
  }
  // RowMaker keeps references: its naming and keys live here.
  const table::Naming naming{lang};
  const std::optional<seal::KeyPair> no_keys;
  table::RowMaker maker(naming, no_keys, view->kiosk_names, false);
  json headers = json::array();
  std::vector<size_t> shown;
  for (size_t i = 0; i < view->layout.questions.size() && shown.size() < kPreviewQuestions; ++i) {
    if (!view->layout.questions[i].choice_value.empty()) continue;
    shown.push_back(i);
    headers.push_back({{"name", view->layout.questions[i].header}});
  }
  json rows = json::array();
  for (const ResponseRow& r : page->rows) {
    Result<table::RowMaker::ResponseCells> cells = maker.Response(view->layout, r, false);
    json answers = json::array();
    for (size_t i : shown) {
      std::string text = cells.ok() && kFixedColumns + i < cells->main.size()
                             ? CellText(p.renderer, lang, cells->main[kFixedColumns + i])
                             : "";
      answers.push_back({{"text", text}});
    }
    rows.push_back({{"href", "/response?id=" + UrlEncode(r.record_id)},
                    {"saved", ShortTime(r.created_at)},
                    {"event", NameOr(view->event_names, r.event_id)},
                    {"kiosk", NameOr(view->kiosk_names, r.device_id)},
                    {"answers", answers}});
  }
  // The filters as they stand, for the paging links.
  std::string base = "/responses?form=" + UrlEncode(form);
  for (const char* k : {"event", "from", "to", "kiosk", "answer"}) {
    if (std::string v = Query(req, k); !v.empty()) base += std::string("&") + k + "=" + UrlEncode(v);
  }
  json events = json::array();
  for (const auto& [id, name] : view->event_names) {
    events.push_back({{"id", id}, {"name", name}, {"selected", id == q.event_id}});
  }
  json kiosks = json::array();
  for (const auto& [id, name] : view->kiosk_names) {
    kiosks.push_back({{"id", id}, {"name", name}, {"selected", id == q.device_id}});
  }
  json data = {{"form", form},
               {"title", view->title},
               {"headers", headers},
               {"rows", rows},
               {"has_rows", !rows.empty()},
               {"events", events},
               {"kiosks", kiosks},
               {"answers", AnswerFilters(*view, lang, answer)},
               {"from", q.from_day},
               {"to", q.to_day},
               {"newest_href", base},
               {"oldest_href", base + "&page=oldest"},
               {"newer_href", page->has_newer ? base + "&cursor=" + UrlEncode(page->first_cursor) + "&dir=newer" : ""},
               {"older_href", page->has_older ? base + "&cursor=" + UrlEncode(page->last_cursor) + "&dir=older" : ""},
               {"export_href", "/export?format=xlsx&form=" + UrlEncode(form)},
               {"event_id", q.event_id},
               {"can_open_export", req.caller_opens_sealed && HasSealedQuestions(view->layout)}};
  return p.renderer.Page(req, 200, "responses", "responses_title", data);
}

// One response's page; with `keys`, its sealed answers opened (for this page only).
Response ResponsePage(Pages& p, const Request& req, const std::string& id,
                      const std::optional<seal::KeyPair>& keys, const std::string& error) {
  std::string lang = p.renderer.Language(req);
  Result<ResponseDetail> d = p.storage.FindResponse(id);
  if (!d.ok()) {
    if (d.status().code() == Status::Code::kNotFound) return p.renderer.Message(req, 404, "response_unknown");
    return Unavailable(p, req);
  }
  const ResponseRow& r = d->response;
  Result<FormView> view = ViewOf(p.storage, r.form_id, lang);
  if (!view.ok()) return Unavailable(p, req);
  Result<json> shown = AnswersJson(p.renderer, lang, *view, r, keys);
  if (!shown.ok()) {
    if (shown.status().reason() == "wrong_key") return p.renderer.Message(req, 409, "keys_wrong_key");
    return Unavailable(p, req);
  }
  json history = json::array();
  for (const ResponseRow& h : d->history) {
    history.push_back({{"href", "/response?id=" + UrlEncode(h.record_id)},
                       {"saved", ShortTime(h.created_at)},
                       {"kiosk", NameOr(view->kiosk_names, h.device_id)},
                       {"current", h.record_id == r.record_id}});
  }
  json data = {{"id", r.record_id},
               {"form", view->title},
               {"form_href", "/responses?form=" + UrlEncode(r.form_id)},
               {"version", std::to_string(r.form_version)},
               {"event", NameOr(view->event_names, r.event_id)},
               {"kiosk", NameOr(view->kiosk_names, r.device_id)},
               {"saved", ShortTime(r.created_at)},
               {"received", ShortTime(r.received_at)},
               {"answers", (*shown)["answers"]},
               {"repeats", (*shown)["repeats"]},
               {"can_open", (*shown)["sealed"].get<bool>() && req.caller_opens_sealed},
               {"opened", keys.has_value()},
               {"error", error},
               {"corrected", !r.superseded_by.empty()},
               {"newest_href", d->history.empty() ? "" : "/response?id=" + UrlEncode(d->history.back().record_id)},
               {"history", history},
               {"has_history", history.size() > 1}};
  return p.renderer.Page(req, error.empty() ? 200 : 403, "response", "response_title", data);
}

Response ShowResponse(Pages& p, Request& req) {
  return ResponsePage(p, req, Query(req, "id"), std::nullopt, "");
}

// Opens the response's sealed answers with the hub's locked key and the passphrase typed
// (an admin, or staff given sensitive data); the passphrase and the key live for this
// request only; every opening is audited.
Response OpenResponse(Pages& p, Request& req) {
  if (!req.caller_opens_sealed) return p.renderer.Message(req, 403, "export_sealed_forbidden");
  std::string lang = p.renderer.Language(req);
  std::map<std::string, std::string> f = FormFields(req.body);
  std::string id = Field(f, "id");
  Result<std::string> locked = p.storage.Setting(accounts::kLockedKeySetting);
  if (!locked.ok()) return Unavailable(p, req);
  if (locked->empty()) return p.renderer.Message(req, 409, "keys_none");
  Result<seal::KeyPair> keys = accounts::UnlockKey(*locked, Field(f, "passphrase"));
  if (!keys.ok()) {
    if (keys.status().code() != Status::Code::kDenied) return Unavailable(p, req);
    (void)p.storage.Audit(req.caller, "sealed_open_failed", json{{"response", id}}.dump());
    return ResponsePage(p, req, id, std::nullopt, p.renderer.Text(lang, "keys_wrong_passphrase"));
  }
  if (!p.storage.Audit(req.caller, "sealed_opened", json{{"response", id}}.dump()).ok()) {
    return Unavailable(p, req);
  }
  return ResponsePage(p, req, id, *keys, "");
}
}  // namespace

std::vector<http::Route> ResponseRoutes(Pages& p) {
  using http::Access;
  return {
      {"GET", "/responses", Access::kViewer, Handle(p, &ShowResponses)},
      {"GET", "/response", Access::kViewer, Handle(p, &ShowResponse)},
      {"POST", "/response/open", Access::kStaff, Handle(p, &OpenResponse), 8 * 1024, true},
  };
}

}  // namespace stem::hub::web
