#include "sync/hub/export/table.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "data/clock.h"

namespace stem::hub::table {
namespace {

using nlohmann::json;
using forms::QuestionType;

int WidthFor(const std::string& header, int at_least = 10) {
  return std::clamp(static_cast<int>(header.size()) + 2, at_least, 50);
}

std::string InLanguage(const forms::Text& text, const std::string& language,
                       const std::string& fallback) {
  if (language.empty()) return fallback;
  auto it = text.find(language);
  if (it != text.end()) return it->second;
  return text.empty() ? fallback : text.begin()->second;
}

void AddQuestions(const std::vector<forms::Item>& items, const std::string& repeat,
                  FormLayout* layout, std::set<std::string>* seen, const Naming& naming) {
  for (const forms::Item& item : items) {
    if (item.type == QuestionType::kSection) {
      AddQuestions(item.items, repeat, layout, seen, naming);
      continue;
    }
    if (item.type == QuestionType::kRepeat) {
      auto it = std::find_if(layout->repeats.begin(), layout->repeats.end(),
                             [&](const RepeatTable& r) { return r.repeat_id == item.id; });
      if (it == layout->repeats.end()) {
        layout->repeats.push_back({item.id, {}});
        it = layout->repeats.end() - 1;
      }
      AddQuestions(item.items, item.id, layout, seen, naming);
      continue;
    }
    if (!forms::HoldsAnswer(item.type)) continue;
    if (!seen->insert(repeat + "/" + item.id).second) continue;
    std::vector<QuestionColumn>* into = &layout->questions;
    if (!repeat.empty()) {
      for (RepeatTable& r : layout->repeats) {
        if (r.repeat_id == repeat) into = &r.questions;
      }
    }
    QuestionColumn q{item.id, item.type, item.sensitive, "", item.choices, ""};
    q.header = InLanguage(item.label, naming.language, item.id);
    into->push_back(q);
    if (item.type == QuestionType::kMultipleChoice) {
      for (const forms::Choice& c : item.choices) {
        QuestionColumn flag = q;
        flag.choice_value = c.value;
        flag.header = q.header + "/" + InLanguage(c.label, naming.language, c.value);
        into->push_back(std::move(flag));
      }
    }
  }
}

std::string ChoiceText(const QuestionColumn& q, const std::string& value,
                       const std::string& language) {
  if (language.empty()) return value;
  for (const forms::Choice& c : q.choices) {
    if (c.value == value) return InLanguage(c.label, language, value);
  }
  return value;
}

// The answer as JSON: lists and objects were stored as JSON (never typed text).
json AsJson(const AnswerValue& v, QuestionType type) {
  if (const auto* i = std::get_if<int64_t>(&v)) {
    if (type == QuestionType::kYesNo || type == QuestionType::kConsent) return *i != 0;
    return *i;
  }
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* j = std::get_if<StructuredAnswer>(&v)) {
    json parsed = json::parse(j->json, nullptr, false);
    if (!parsed.is_discarded()) return parsed;
    return j->json;
  }
  return nullptr;
}

std::string JoinedText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

Cell Cell::Date(std::string t) {
  if (t.empty()) return Empty();
  if (!IsValidDate(t)) return Text(std::move(t));
  return {Kind::kDate, std::move(t), 0, false};
}

Cell Cell::DateTime(std::string t) {
  if (t.empty()) return Empty();
  TimePoint parsed;
  if (!ParseUtc(t, &parsed)) return Text(std::move(t));
  return {Kind::kDateTime, std::move(t), 0, false};
}

bool NeedsFormulaGuard(const std::string& text) {
  if (text.empty()) return false;
  char c = text[0];
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '\'';
}

std::string NeutraliseFormula(const std::string& text) {
  return NeedsFormulaGuard(text) ? "'" + text : text;
}

FormLayout LayoutOf(const std::vector<forms::FormSpec>& versions,
                    const std::vector<QuestionKey>& numbered, const Naming& naming) {
  FormLayout layout;
  if (versions.empty()) return layout;
  std::vector<const forms::FormSpec*> newest_first;
  for (const forms::FormSpec& v : versions) newest_first.push_back(&v);
  std::sort(newest_first.begin(), newest_first.end(),
            [](const forms::FormSpec* a, const forms::FormSpec* b) { return a->version > b->version; });
  layout.form_id = newest_first.front()->id;
  layout.kind = newest_first.front()->kind;
  std::set<std::string> seen;
  for (const forms::FormSpec* v : newest_first) AddQuestions(v->items, "", &layout, &seen, naming);
  auto column_of = [](const std::vector<QuestionColumn>& cols, const std::string& id) {
    for (size_t i = 0; i < cols.size(); ++i) {
      if (cols[i].question_id == id && cols[i].choice_value.empty()) return static_cast<int>(i);
    }
    return -1;
  };
  for (const QuestionKey& k : numbered) {
    if (k.repeat_id.empty()) {
      if (int c = column_of(layout.questions, k.question_id); c >= 0) {
        layout.slots[k.qid] = {-1, static_cast<size_t>(c)};
      }
      continue;
    }
    for (size_t t = 0; t < layout.repeats.size(); ++t) {
      if (layout.repeats[t].repeat_id != k.repeat_id) continue;
      if (int c = column_of(layout.repeats[t].questions, k.question_id); c >= 0) {
        layout.slots[k.qid] = {static_cast<int>(t), static_cast<size_t>(c)};
      }
    }
  }
  return layout;
}

// Room for a question's typical answer, and never less than its header.
int WidthOf(const QuestionColumn& q) {
  int at_least = 10;
  if (!q.choice_value.empty()) {
    at_least = 6;
  } else if (q.type == QuestionType::kMultipleChoice || q.type == QuestionType::kEmail) {
    at_least = 26;
  } else if (q.type == QuestionType::kLongText) {
    at_least = 40;
  } else if (q.type == QuestionType::kText || q.type == QuestionType::kSingleChoice) {
    at_least = 16;
  }
  return WidthFor(q.header, at_least);
}

std::vector<Column> ResponseColumns(const FormLayout& layout, bool history) {
  std::vector<Column> out = {{"response_id", 38}, {"form_version", 14}, {"event_id", 38},
                             {"person_id", 38},   {"kiosk", 16},        {"saved_at", 20},
                             {"received_at", 20}, {"corrects", 38}};
  if (history) out.push_back({"superseded_by", 38});
  for (const QuestionColumn& q : layout.questions) out.push_back({q.header, WidthOf(q)});
  return out;
}

std::vector<Column> RepeatColumns(const RepeatTable& repeat) {
  std::vector<Column> out = {{"response_id", 38}, {"entry", 7}};
  for (const QuestionColumn& q : repeat.questions) out.push_back({q.header, WidthOf(q)});
  return out;
}

std::vector<Column> ReviewColumns() {
  return {{"review_status", 14}, {"review_score", 13}, {"reviewer", 24}};
}

std::vector<Cell> ReviewCells(const ResponseRow& r) {
  return {Cell::Text(r.review_status.empty() ? "new" : r.review_status),
          r.review_score ? Cell::Number(*r.review_score) : Cell::Empty(), Cell::Text(r.reviewer)};
}

std::vector<Column> PeopleColumns() {
  return {{"person_id", 38},  {"event_id", 38},    {"role", 9},          {"given_name", 16},
          {"family_name", 18}, {"birth_date", 12}, {"grade", 7},         {"school", 20},
          {"phone", 15},      {"email", 24},       {"confirmation_code", 19}, {"guardian_id", 38},
          {"guardian_name", 22}, {"allergy_flag", 14}, {"source", 18},   {"kiosk", 16},
          {"registered_at", 20}, {"record_id", 38}, {"merged_into", 38}};
}

std::vector<Column> AttendanceColumns() {
  return {{"checkin_id", 38},       {"event_id", 38},          {"person_id", 38},
          {"given_name", 16},       {"family_name", 18},       {"activity_id", 38},
          {"day", 12},              {"checked_in_at", 20},     {"checked_in_by", 16},
          {"checked_in_kiosk", 18}, {"checked_out_at", 20},    {"checked_out_by", 16},
          {"checked_out_kiosk", 19}, {"pickup", 14},           {"checkout_override_reason", 30},
          {"minutes", 9},           {"checkin_override_reason", 30}, {"overrides_checkin", 38},
          {"checked_in_as", 38}};
}

std::vector<Column> LabelPrintColumns() {
  return {{"printed_at", 20}, {"person_id", 38}, {"event_id", 38}, {"label", 8},
          {"reprint", 8},     {"reason", 30},    {"outcome", 16},  {"printer", 20},
          {"volunteer", 16},  {"kiosk", 18}};
}

std::optional<std::string> SignatureSvg(const json& sig) {
  if (!sig.is_object() || !sig.contains("strokes") || !sig["strokes"].is_array()) {
    return std::nullopt;
  }
  auto dim = [&](const char* k) {
    return sig.contains(k) && sig[k].is_number() ? sig[k].get<double>() : 400.0;
  };
  char head[160];
  std::snprintf(head, sizeof head,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%g\" height=\"%g\" "
                "viewBox=\"0 0 %g %g\">\n",
                dim("width"), dim("height"), dim("width"), dim("height"));
  std::string svg = head;
  for (const json& stroke : sig["strokes"]) {
    if (!stroke.is_array()) continue;
    std::string points;
    for (const json& pt : stroke) {
      if (!pt.is_array() || pt.size() != 2 || !pt[0].is_number() || !pt[1].is_number()) continue;
      char xy[64];
      std::snprintf(xy, sizeof xy, "%s%g,%g", points.empty() ? "" : " ", pt[0].get<double>(),
                    pt[1].get<double>());
      points += xy;
    }
    if (!points.empty()) {
      svg += "<polyline fill=\"none\" stroke=\"black\" stroke-width=\"2\" points=\"" + points +
             "\"/>\n";
    }
  }
  return svg + "</svg>\n";
}

std::string RowMaker::Kiosk(const std::string& id) const {
  auto it = kiosk_names_.find(id);
  return it == kiosk_names_.end() ? id : it->second;
}

std::vector<Cell> RowMaker::Person(const PersonRow& p) const {
  return {Cell::Text(p.person_id),   Cell::Text(p.event_id),     Cell::Text(p.role),
          Cell::Text(p.given_name),  Cell::Text(p.family_name),  Cell::Date(p.birth_date),
          Cell::Text(p.grade),       Cell::Text(p.school),       Cell::Text(p.phone),
          Cell::Text(p.email),       Cell::Text(p.confirmation_code), Cell::Text(p.guardian_id),
          Cell::Text(p.guardian_name), Cell::Bool(p.allergy_flag), Cell::Text(p.source),
          Cell::Text(Kiosk(p.device_id)), Cell::DateTime(p.registered_at), Cell::Text(p.record_id),
          Cell::Text(p.merged_into)};
}

std::vector<Cell> RowMaker::Attendance(const AttendanceRow& a) const {
  Cell minutes;
  TimePoint in, out;
  if (ParseUtc(a.in_at, &in) && ParseUtc(a.out_at, &out) && out >= in) {
    double m = std::chrono::duration<double>(out - in).count() / 60.0;
    minutes = Cell::Number(std::round(m * 10) / 10);
  }
  std::string pickup = a.out_method == "pickup_code"      ? "pickup code"
                       : a.out_method == "no_code_needed" ? "no code needed"
                                                          : a.out_method;
  return {Cell::Text(a.checkin_id),  Cell::Text(a.event_id),   Cell::Text(a.person_id),
          Cell::Text(a.given_name),  Cell::Text(a.family_name), Cell::Text(a.activity_id),
          Cell::Date(a.local_day),   Cell::DateTime(a.in_at),  Cell::Text(a.in_by),
          Cell::Text(Kiosk(a.in_device)), Cell::DateTime(a.out_at), Cell::Text(a.out_by),
          Cell::Text(a.out_device.empty() ? "" : Kiosk(a.out_device)), Cell::Text(pickup),
          Cell::Text(a.out_override_reason), minutes, Cell::Text(a.in_override_reason),
          Cell::Text(a.overrides_checkin), Cell::Text(a.merged_from)};
}

std::vector<Cell> RowMaker::LabelPrinted(const LabelPrint& l) const {
  return {Cell::DateTime(l.printed_at), Cell::Text(l.person_id), Cell::Text(l.event_id),
          Cell::Text(l.label),          Cell::Number(l.reprint ? 1 : 0), Cell::Text(l.reason),
          Cell::Text(l.outcome),        Cell::Text(l.printer),    Cell::Text(l.volunteer),
          Cell::Text(Kiosk(l.device_id))};
}

Status RowMaker::Fill(const std::vector<QuestionColumn>& columns, size_t column,
                      const AnswerValue& value, int entry, std::vector<Cell>* row,
                      size_t offset, std::vector<Signature>* signatures) const {
  const QuestionColumn& q = columns[column];
  Cell& cell = (*row)[offset + column];
  if (std::holds_alternative<std::monostate>(value)) return Status::Ok();
  // Plain text is by far the commonest answer: no JSON for it.
  const std::string* text = std::get_if<std::string>(&value);
  if (text != nullptr && q.type != QuestionType::kSingleChoice &&
      q.type != QuestionType::kLikert && q.type != QuestionType::kDate) {
    cell = Cell::Text(*text);
    return Status::Ok();
  }
  json v = AsJson(value, q.type);
  // Only a sensitive question's answer is taken for sealed: nothing else can stop an export
  // by looking like one.
  if (q.sensitive && seal::IsSealedAnswer(v)) {
    if (!keys_) {
      cell = Cell::Text("[sealed]");
      return Status::Ok();
    }
    STEM_ASSIGN_OR_RETURN(v, seal::OpenAnswer(*keys_, v));
  }
  const std::string& lang = naming_.language;
  switch (q.type) {
    case QuestionType::kMultipleChoice: {
      if (!v.is_array()) {
        cell = Cell::Text(JoinedText(v));
        return Status::Ok();
      }
      std::string joined;
      for (const json& c : v) {
        if (!c.is_string()) continue;
        joined += (joined.empty() ? "" : lang.empty() ? " " : "; ") +
                  ChoiceText(q, c.get<std::string>(), lang);
      }
      cell = Cell::Text(joined);
      for (size_t f = column + 1; f < columns.size() && columns[f].question_id == q.question_id &&
                                  !columns[f].choice_value.empty();
           ++f) {
        bool chosen = std::any_of(v.begin(), v.end(), [&](const json& c) {
          return c.is_string() && c.get_ref<const std::string&>() == columns[f].choice_value;
        });
        (*row)[offset + f] = Cell::Number(chosen ? 1 : 0);
      }
      return Status::Ok();
    }
    case QuestionType::kSingleChoice:
    case QuestionType::kLikert:
      cell = v.is_string() ? Cell::Text(ChoiceText(q, v.get<std::string>(), lang))
                           : Cell::Text(JoinedText(v));
      return Status::Ok();
    case QuestionType::kInteger:
    case QuestionType::kDecimal:
    case QuestionType::kRating:
      cell = v.is_number() ? Cell::Number(v.get<double>()) : Cell::Text(JoinedText(v));
      return Status::Ok();
    case QuestionType::kYesNo:
    case QuestionType::kConsent:
      cell = v.is_boolean() ? Cell::Bool(v.get<bool>()) : Cell::Text(JoinedText(v));
      return Status::Ok();
    case QuestionType::kDate:
      cell = v.is_string() ? Cell::Date(v.get<std::string>()) : Cell::Text(JoinedText(v));
      return Status::Ok();
    case QuestionType::kSignature:
      if (!v.is_object()) {
        cell = Cell::Text(JoinedText(v));
        return Status::Ok();
      }
      if (draw_signatures_) {
        if (auto svg = SignatureSvg(v)) signatures->push_back({q.question_id, entry, *svg});
      }
      cell = Cell::Text("signed");
      return Status::Ok();
    default:
      cell = Cell::Text(JoinedText(v));
      return Status::Ok();
  }
}

Result<RowMaker::ResponseCells> RowMaker::Response(const FormLayout& layout, const ResponseRow& r,
                                                   bool history) const {
  ResponseCells out;
  out.main = {Cell::Text(r.record_id),  Cell::Number(r.form_version), Cell::Text(r.event_id),
              Cell::Text(r.person_id),  Cell::Text(Kiosk(r.device_id)),
              Cell::DateTime(r.created_at), Cell::DateTime(r.received_at),
              Cell::Text(r.supersedes)};
  if (history) out.main.push_back(Cell::Text(r.superseded_by));
  size_t base = out.main.size();
  out.main.resize(base + layout.questions.size());
  // Per repeat table: entry -> row, in entry order.
  std::vector<std::map<int, std::vector<Cell>>> entries(layout.repeats.size());
  for (const AnswerRow& a : r.answers) {
    auto slot = layout.slots.find(a.qid);
    if (slot == layout.slots.end()) continue;  // a question no known version asks
    if (slot->second.table < 0) {
      STEM_RETURN_IF_ERROR(
          Fill(layout.questions, slot->second.column, a.value, 0, &out.main, base, &out.signatures));
      continue;
    }
    size_t t = static_cast<size_t>(slot->second.table);
    const std::vector<QuestionColumn>& cols = layout.repeats[t].questions;
    std::vector<Cell>& row = entries[t][a.entry];
    if (row.empty()) {
      row.resize(2 + cols.size());
      row[0] = Cell::Text(r.record_id);
      row[1] = Cell::Number(a.entry);
    }
    STEM_RETURN_IF_ERROR(Fill(cols, slot->second.column, a.value, a.entry, &row, 2, &out.signatures));
  }
  out.repeats.resize(layout.repeats.size());
  for (size_t t = 0; t < entries.size(); ++t) {
    for (auto& [entry, row] : entries[t]) out.repeats[t].push_back(std::move(row));
  }
  return out;
}

}  // namespace stem::hub::table
