#include "sync/hub/web/response_view.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>

#include "sync/hub/web/pages.h"

namespace stem::hub::web {
namespace {

using nlohmann::json;

std::string DataUri(const std::string& svg) {
  std::string b64(sodium_base64_ENCODED_LEN(svg.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(svg.data()),
                    svg.size(), sodium_base64_VARIANT_ORIGINAL);
  b64.resize(b64.size() - 1);  // the terminating NUL
  return "data:image/svg+xml;base64," + b64;
}

}  // namespace

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
  STEM_ASSIGN_OR_RETURN(v.kiosk_names, storage.KioskNames());
  STEM_ASSIGN_OR_RETURN(std::vector<HubEventInfo> events, storage.ListEventsUncounted());
  for (const HubEventInfo& e : events) {
    v.event_names[e.event.id] = e.event.name.empty() ? e.event.id : e.event.name;
  }
  return v;
}

std::string NameOr(const std::map<std::string, std::string>& names, const std::string& id) {
  auto it = names.find(id);
  return it == names.end() ? id : it->second;
}


Result<json> AnswersJson(const Renderer& renderer, const std::string& lang, const FormView& view,
                         const ResponseRow& r, const std::optional<seal::KeyPair>& keys) {
  // RowMaker keeps references: its naming lives here, the keys with the caller.
  const table::Naming naming{lang};
  table::RowMaker maker(naming, keys, view.kiosk_names, true);
  Result<table::RowMaker::ResponseCells> made = maker.Response(view.layout, r, false);
  if (!made.ok()) {
    if (keys) return Status::Denied("wrong_key", "the hub's key does not open these answers");
    return made.status();
  }
  table::RowMaker::ResponseCells& cells = *made;
  bool sealed = false;
  std::map<std::pair<std::string, int>, std::string> signatures;
  for (const auto& s : cells.signatures) signatures[{s.question_id, s.entry}] = DataUri(s.svg);
  auto answer = [&](const table::QuestionColumn& q, const table::Cell& c, int entry) -> json {
    json a = {{"question", q.header}, {"text", CellText(renderer, lang, c)}};
    if (q.sensitive) {
      a["sensitive"] = true;
      if (c.kind == table::Cell::Kind::kText && c.text == "[sealed]") {
        sealed = true;
        a["text"] = renderer.Text(lang, "response_sealed");
      }
    }
    if (auto it = signatures.find({q.question_id, entry}); it != signatures.end()) {
      a["signature"] = it->second;
    }
    return a;
  };
  json answers = json::array();
  for (size_t i = 0; i < view.layout.questions.size(); ++i) {
    const table::QuestionColumn& q = view.layout.questions[i];
    if (!q.choice_value.empty() || kFixedColumns + i >= cells.main.size()) continue;
    const table::Cell& c = cells.main[kFixedColumns + i];
    if (c.kind == table::Cell::Kind::kEmpty) continue;
    answers.push_back(answer(q, c, 0));
  }
  json repeats = json::array();
  for (size_t t = 0; t < view.layout.repeats.size() && t < cells.repeats.size(); ++t) {
    const table::RepeatTable& rt = view.layout.repeats[t];
    json entries = json::array();
    int n = 0;
    for (const std::vector<table::Cell>& row : cells.repeats[t]) {
      ++n;
      json items = json::array();
      for (size_t i = 0; i < rt.questions.size() && i + 2 < row.size(); ++i) {
        if (!rt.questions[i].choice_value.empty() || row[i + 2].kind == table::Cell::Kind::kEmpty) {
          continue;
        }
        items.push_back(answer(rt.questions[i], row[i + 2], n));
      }
      entries.push_back({{"number", n}, {"answers", items}});
    }
    if (!entries.empty()) repeats.push_back({{"name", rt.repeat_id}, {"entries", entries}});
  }
  return json{{"answers", answers}, {"repeats", repeats}, {"sealed", sealed}};
}

}  // namespace stem::hub::web
