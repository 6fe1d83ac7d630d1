// A form's responses, a page at a time with filters (event, dates, kiosk, a choice's answer),
// and one response with every answer in the reader's language and its corrections. Columns
// and cells are the exports' own (export/table.h), so the page and the spreadsheet agree.
#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include "sync/hub/export/table.h"
#include "sync/hub/web/pages.h"
#include "sync/hub/web/request_parts.h"

namespace stem::hub::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr size_t kPreviewQuestions = 4;
constexpr size_t kFixedColumns = 8;  // table::ResponseColumns before the questions

std::string Query(const Request& req, const char* name) {
  auto it = req.query.find(name);
  return it == req.query.end() ? "" : it->second;
}

std::string CellText(const Renderer& r, const std::string& lang, const table::Cell& c) {
  switch (c.kind) {
    case table::Cell::Kind::kText:
    case table::Cell::Kind::kDate:
      return c.text;
    case table::Cell::Kind::kDateTime:
      return ShortTime(c.text);
    case table::Cell::Kind::kNumber: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.15g", c.number);
      return buf;
    }
    case table::Cell::Kind::kBool:
      return r.Text(lang, c.flag ? "answer_yes" : "answer_no");
    default:
      return "";
  }
}

// What the pages need to show one form's responses.
struct FormView {
  std::string title;  // the newest version's, in the reader's language
  table::FormLayout layout;
  std::map<std::string, std::string> kiosk_names;  // kiosk id -> name
  std::map<std::string, std::string> event_names;
};

Result<FormView> ViewOf(HubStorage& storage, const std::string& form_id, const std::string& lang) {
  FormView v;
  STEM_ASSIGN_OR_RETURN(std::vector<HubForm> known, storage.ListForms(form_id));
  std::vector<forms::FormSpec> versions;
  for (const HubForm& f : known) {
    forms::LoadResult loaded = forms::LoadFormSpec(f.spec_json);
    if (auto* spec = std::get_if<forms::FormSpec>(&loaded)) versions.push_back(std::move(*spec));
  }
  v.title = form_id;
  if (!versions.empty()) {
    const forms::FormSpec& newest = *std::max_element(
        versions.begin(), versions.end(),
        [](const forms::FormSpec& a, const forms::FormSpec& b) { return a.version < b.version; });
    v.title = TitleIn(newest, lang);
  }
  STEM_ASSIGN_OR_RETURN(std::vector<QuestionKey> numbered, storage.FormQuestions(form_id));
  v.layout = table::LayoutOf(versions, numbered, table::Naming{lang});
  STEM_ASSIGN_OR_RETURN(std::vector<DeviceInfo> devices, storage.ListDevices());
  for (const DeviceInfo& d : devices) {
    if (!d.kiosk_id.empty()) v.kiosk_names[d.kiosk_id] = d.name;
  }
  STEM_ASSIGN_OR_RETURN(std::vector<HubEventInfo> events, storage.ListEvents());
  for (const HubEventInfo& e : events) {
    v.event_names[e.event.id] = e.event.name.empty() ? e.event.id : e.event.name;
  }
  return v;
}

std::string NameOr(const std::map<std::string, std::string>& names, const std::string& id) {
  auto it = names.find(id);
  return it == names.end() ? id : it->second;
}

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

Response FormsIndex(Pages& p, const Request& req) {
  std::string lang = p.renderer.Language(req);
  Result<std::vector<std::string>> forms = p.storage.FormsWithResponses(ExportFilter{});
  Result<std::map<std::string, std::string>> titles = FormTitles(p.storage, lang);
  if (!forms.ok() || !titles.ok()) return Unavailable(p, req);
  json list = json::array();
  for (const std::string& f : *forms) {
    list.push_back({{"form", f}, {"title", NameOr(*titles, f)}, {"href", "/responses?form=" + UrlEncode(f)}});
  }
  return p.renderer.Page(req, 200, "forms", "responses_title",
                         {{"forms", list}, {"has_forms", !list.empty()}});
}

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
               {"export_href", "/export?format=xlsx&form=" + UrlEncode(form)}};
  return p.renderer.Page(req, 200, "responses", "responses_title", data);
}

std::string DataUri(const std::string& svg) {
  std::string b64(sodium_base64_ENCODED_LEN(svg.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(svg.data()),
                    svg.size(), sodium_base64_VARIANT_ORIGINAL);
  b64.resize(b64.size() - 1);  // the terminating NUL
  return "data:image/svg+xml;base64," + b64;
}

Response ShowResponse(Pages& p, Request& req) {
  std::string lang = p.renderer.Language(req);
  Result<ResponseDetail> d = p.storage.FindResponse(Query(req, "id"));
  if (!d.ok()) {
    if (d.status().code() == Status::Code::kNotFound) return p.renderer.Message(req, 404, "response_unknown");
    return Unavailable(p, req);
  }
  const ResponseRow& r = d->response;
  Result<FormView> view = ViewOf(p.storage, r.form_id, lang);
  if (!view.ok()) return Unavailable(p, req);
  const table::Naming naming{lang};
  const std::optional<seal::KeyPair> no_keys;  // sealed answers stay sealed here
  table::RowMaker maker(naming, no_keys, view->kiosk_names, true);
  Result<table::RowMaker::ResponseCells> cells = maker.Response(view->layout, r, false);
  if (!cells.ok()) return Unavailable(p, req);
  std::map<std::pair<std::string, int>, std::string> signatures;
  for (const auto& s : cells->signatures) signatures[{s.question_id, s.entry}] = DataUri(s.svg);
  auto answer = [&](const table::QuestionColumn& q, const table::Cell& c, int entry) -> json {
    json a = {{"question", q.header}, {"text", CellText(p.renderer, lang, c)}};
    if (auto it = signatures.find({q.question_id, entry}); it != signatures.end()) {
      a["signature"] = it->second;
    }
    return a;
  };
  json answers = json::array();
  for (size_t i = 0; i < view->layout.questions.size(); ++i) {
    const table::QuestionColumn& q = view->layout.questions[i];
    if (!q.choice_value.empty() || kFixedColumns + i >= cells->main.size()) continue;
    const table::Cell& c = cells->main[kFixedColumns + i];
    if (c.kind == table::Cell::Kind::kEmpty) continue;
    answers.push_back(answer(q, c, 0));
  }
  json repeats = json::array();
  for (size_t t = 0; t < view->layout.repeats.size() && t < cells->repeats.size(); ++t) {
    const table::RepeatTable& rt = view->layout.repeats[t];
    json entries = json::array();
    int n = 0;
    for (const std::vector<table::Cell>& row : cells->repeats[t]) {
      ++n;
      json items = json::array();
      for (size_t i = 0; i < rt.questions.size() && i + 2 < row.size(); ++i) {
        if (!rt.questions[i].choice_value.empty() || row[i + 2].kind == table::Cell::Kind::kEmpty) continue;
        items.push_back(answer(rt.questions[i], row[i + 2], n));
      }
      entries.push_back({{"number", n}, {"answers", items}});
    }
    if (!entries.empty()) repeats.push_back({{"name", rt.repeat_id}, {"entries", entries}});
  }
  json history = json::array();
  for (const ResponseRow& h : d->history) {
    history.push_back({{"href", "/response?id=" + UrlEncode(h.record_id)},
                       {"saved", ShortTime(h.created_at)},
                       {"kiosk", NameOr(view->kiosk_names, h.device_id)},
                       {"current", h.record_id == r.record_id}});
  }
  json data = {{"form", view->title},
               {"form_href", "/responses?form=" + UrlEncode(r.form_id)},
               {"version", std::to_string(r.form_version)},
               {"event", NameOr(view->event_names, r.event_id)},
               {"kiosk", NameOr(view->kiosk_names, r.device_id)},
               {"saved", ShortTime(r.created_at)},
               {"received", ShortTime(r.received_at)},
               {"answers", answers},
               {"repeats", repeats},
               {"corrected", !r.superseded_by.empty()},
               {"newest_href", d->history.empty() ? "" : "/response?id=" + UrlEncode(d->history.back().record_id)},
               {"history", history},
               {"has_history", history.size() > 1}};
  return p.renderer.Page(req, 200, "response", "response_title", data);
}

}  // namespace

std::vector<http::Route> ResponseRoutes(Pages& p) {
  using http::Access;
  return {
      {"GET", "/responses", Access::kViewer, Handle(p, &ShowResponses)},
      {"GET", "/response", Access::kViewer, Handle(p, &ShowResponse)},
  };
}

}  // namespace stem::hub::web
