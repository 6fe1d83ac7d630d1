#include "data/forms/form_answers.h"

#include <algorithm>
#include <cmath>
#include <regex>
#include <set>

#include "data/clock.h"
#include "data/text.h"
#include "data/validate.h"

namespace stem::forms {
namespace {

using nlohmann::json;

constexpr size_t kDefaultTextMax = 200;
constexpr size_t kDefaultLongTextMax = 2000;

bool Unanswered(const json* v) {
  return v == nullptr || v->is_null() || (v->is_string() && Trim(v->get<std::string>()).empty()) ||
         (v->is_array() && v->empty());
}

std::string FormatLimit(double v) {
  if (std::floor(v) == v && std::fabs(v) < 1e15) return std::to_string(static_cast<int64_t>(v));
  std::string s = std::to_string(v);
  while (!s.empty() && s.back() == '0') s.pop_back();
  return s;
}

// The answer-holding item ids directly at this level (sections are see-through).
void CollectIds(const std::vector<Item>& items, std::set<std::string>* ids) {
  for (const Item& item : items) {
    if (item.type == QuestionType::kSection) {
      CollectIds(item.items, ids);
    } else if (HoldsAnswer(item.type)) {
      ids->insert(item.id);
    }
  }
}

class Checker {
 public:
  Checker(const std::string& language, const std::string& today, CheckedAnswers* out)
      : language_(language), today_(today), out_(out) {}

  // Checks `given` (one level: the whole form or one repeat entry) into `kept`.
  void Level(const std::vector<Item>& items, const json& given, json* kept, const json& top,
             bool in_entry, const std::string& prefix) {
    std::set<std::string> ids;
    CollectIds(items, &ids);
    if (given.is_object()) {
      for (const auto& [key, value] : given.items()) {
        if (!ids.count(key)) Fail(prefix + (IsValidUtf8(key) ? key : "?"), "unknown_question", nullptr);
      }
    }
    Items(items, given, kept, top, in_entry, prefix);
  }

 private:
  void Items(const std::vector<Item>& items, const json& given, json* kept, const json& top,
             bool in_entry, const std::string& prefix) {
    for (const Item& item : items) {
      const json& top_now = in_entry ? top : *kept;
      if (!IsRelevant(item, top_now, in_entry ? kept : nullptr, today_)) continue;
      if (item.type == QuestionType::kNote) continue;
      if (item.type == QuestionType::kSection) {
        Items(item.items, given, kept, top, in_entry, prefix);
        continue;
      }
      const json* value = given.is_object() && given.contains(item.id) ? &given[item.id] : nullptr;
      std::string path = prefix + item.id;
      if (item.type == QuestionType::kRepeat) {
        Repeat(item, value, kept, top_now, path);
        continue;
      }
      if (Unanswered(value)) {
        if (item.required) {
          Fail(path, item.type == QuestionType::kConsent ? "consent_required" : "required", &item);
        }
        continue;
      }
      json normalised;
      if (Question(item, *value, path, &normalised)) (*kept)[item.id] = std::move(normalised);
    }
  }

  void Repeat(const Item& item, const json* value, json* kept, const json& top,
              const std::string& path) {
    size_t n = Unanswered(value) ? 0 : value->is_array() ? value->size() : 0;
    if (!Unanswered(value) && !value->is_array()) {
      Fail(path, "not_a_question", &item);
      return;
    }
    int min = std::max(item.min_entries, item.required ? 1 : 0);
    if (n < static_cast<size_t>(min)) {
      Fail(path, "too_few_entries", &item, std::to_string(min));
    }
    if (n > static_cast<size_t>(item.max_entries)) {
      Fail(path, "too_many_entries", &item, std::to_string(item.max_entries));
      return;
    }
    json entries = json::array();
    for (size_t i = 0; i < n; ++i) {
      const json& entry = (*value)[i];
      std::string entry_path = path + "[" + std::to_string(i) + "].";
      if (!entry.is_object()) {
        Fail(path + "[" + std::to_string(i) + "]", "not_a_question", &item);
        continue;
      }
      json entry_kept = json::object();
      Level(item.items, entry, &entry_kept, top, true, entry_path);
      entries.push_back(std::move(entry_kept));
    }
    if (!entries.empty()) (*kept)[item.id] = std::move(entries);
  }

  bool Question(const Item& item, const json& v, const std::string& path, json* out) {
    const Constraint& c = item.constraint;
    switch (item.type) {
      case QuestionType::kText:
      case QuestionType::kLongText:
      case QuestionType::kEmail:
      case QuestionType::kPhone: {
        if (!v.is_string()) return Fail(path, "not_text", &item);
        const std::string& raw = v.get_ref<const std::string&>();
        bool multi_line = item.type == QuestionType::kLongText;
        if (!IsValidUtf8(raw) || HasControlCharacters(raw) ||
            (!multi_line && raw.find_first_of("\r\n\t") != std::string::npos)) {
          return Fail(path, "invalid_text", &item);
        }
        std::string s = Trim(raw);
        size_t len = CodePointCount(s);
        size_t max = c.max_length.value_or(multi_line ? kDefaultLongTextMax : kDefaultTextMax);
        if (c.min_length && len < *c.min_length) {
          return Fail(path, "too_short", &item, std::to_string(*c.min_length));
        }
        if (len > max) return Fail(path, "too_long", &item, std::to_string(max));
        if (item.type == QuestionType::kEmail && !validate::Email(s).ok()) {
          return Fail(path, "invalid_email", &item);
        }
        if (item.type == QuestionType::kPhone && !validate::Phone(s).ok()) {
          return Fail(path, "invalid_phone", &item);
        }
        if (c.pattern) {
          // libstdc++'s regex recurses per character: keep the text it sees short.
          if (s.size() > 1000) return Fail(path, "pattern", &item);
          try {
            if (!std::regex_match(s, std::regex(*c.pattern, std::regex::ECMAScript))) {
              return Fail(path, "pattern", &item);
            }
          } catch (const std::exception&) {
            return Fail(path, "pattern", &item);
          }
        }
        *out = s;
        return true;
      }
      case QuestionType::kInteger:
      case QuestionType::kDecimal:
      case QuestionType::kRating: {
        if (!v.is_number() || !std::isfinite(v.get<double>())) {
          return Fail(path, item.type == QuestionType::kDecimal ? "not_number" : "not_whole_number",
                      &item);
        }
        double d = v.get<double>();
        bool whole = item.type != QuestionType::kDecimal;
        if (whole && (std::floor(d) != d || std::fabs(d) > 1e15)) {
          return Fail(path, "not_whole_number", &item);
        }
        std::optional<double> min = c.min, max = c.max;
        if (item.type == QuestionType::kRating) {
          min = 0;
          max = 10;
        }
        if (min && d < *min) return Fail(path, "below_min", &item, FormatLimit(*min));
        if (max && d > *max) return Fail(path, "above_max", &item, FormatLimit(*max));
        *out = whole ? json(static_cast<int64_t>(d)) : json(d);
        return true;
      }
      case QuestionType::kDate: {
        if (!v.is_string() || !IsValidDate(v.get<std::string>())) {
          return Fail(path, "not_date", &item);
        }
        std::string d = v.get<std::string>();
        std::string lo = c.min_date ? ResolveDateLimit(*c.min_date, today_) : "";
        std::string hi = c.max_date ? ResolveDateLimit(*c.max_date, today_) : "";
        if (!lo.empty() && d < lo) return Fail(path, "date_too_early", &item, lo);
        if (!hi.empty() && d > hi) return Fail(path, "date_too_late", &item, hi);
        *out = d;
        return true;
      }
      case QuestionType::kSingleChoice:
      case QuestionType::kLikert:
        if (!v.is_string() || !IsChoice(item, v.get<std::string>())) {
          return Fail(path, "unknown_choice", &item);
        }
        *out = v;
        return true;
      case QuestionType::kMultipleChoice: {
        if (!v.is_array()) return Fail(path, "unknown_choice", &item);
        std::set<std::string> seen;
        for (const json& x : v) {
          if (!x.is_string() || !IsChoice(item, x.get<std::string>()) ||
              !seen.insert(x.get<std::string>()).second) {
            return Fail(path, "unknown_choice", &item);
          }
        }
        double n = static_cast<double>(seen.size());
        if (c.min && n < *c.min) return Fail(path, "too_few_choices", &item, FormatLimit(*c.min));
        if (c.max && n > *c.max) return Fail(path, "too_many_choices", &item, FormatLimit(*c.max));
        *out = v;
        return true;
      }
      case QuestionType::kYesNo:
        if (!v.is_boolean()) return Fail(path, "not_yes_no", &item);
        *out = v;
        return true;
      case QuestionType::kConsent:
        if (!v.is_boolean()) return Fail(path, "not_yes_no", &item);
        if (item.required && !v.get<bool>()) return Fail(path, "consent_required", &item);
        *out = v;
        return true;
      case QuestionType::kSignature:
        if (!ValidSignature(v)) return Fail(path, "invalid_signature", &item);
        *out = v;
        return true;
      default:
        return Fail(path, "not_a_question", &item);
    }
  }

  static bool IsChoice(const Item& item, const std::string& value) {
    for (const Choice& c : item.choices) {
      if (c.value == value) return true;
    }
    return false;
  }

  // {"width": W, "height": H, "strokes": [[[x, y], ...], ...]} with every point on the pad.
  static bool ValidSignature(const json& v) {
    if (!v.is_object() || v.size() != 3 || !v.contains("width") || !v.contains("height") ||
        !v.contains("strokes")) {
      return false;
    }
    const json &w = v["width"], &h = v["height"], &strokes = v["strokes"];
    if (!w.is_number_integer() || !h.is_number_integer() || w.get<int64_t>() < 1 ||
        h.get<int64_t>() < 1 || w.get<int64_t>() > 10000 || h.get<int64_t>() > 10000) {
      return false;
    }
    if (!strokes.is_array() || strokes.empty() || strokes.size() > 500) return false;
    size_t total = 0;
    for (const json& stroke : strokes) {
      if (!stroke.is_array() || stroke.empty() || stroke.size() > 5000) return false;
      total += stroke.size();
      for (const json& p : stroke) {
        if (!p.is_array() || p.size() != 2 || !p[0].is_number() || !p[1].is_number()) return false;
        double x = p[0].get<double>(), y = p[1].get<double>();
        if (!(x >= 0 && y >= 0 && x <= w.get<double>() && y <= h.get<double>())) return false;
      }
    }
    return total <= 50000;
  }

  bool Fail(const std::string& path, const std::string& code, const Item* item,
            const std::string& limit = "") {
    if (out_->errors.size() >= 200) return false;
    std::string message;
    bool limit_error = code != "required" && code != "unknown_question" && code != "not_a_question";
    if (item != nullptr && limit_error && item->constraint.message.count(language_)) {
      message = item->constraint.message.at(language_);
    } else {
      message = BuiltInMessage(code, language_, limit);
    }
    out_->errors.push_back({path, code, message});
    return false;
  }

  const std::string& language_;
  const std::string& today_;
  CheckedAnswers* out_;
};

}  // namespace

bool IsRelevant(const Item& item, const json& top, const json* scope, const std::string& today) {
  if (!item.relevant) return true;
  return item.relevant->IsTrue(
      [&](const std::string& id) -> const json* {
        if (scope != nullptr && scope->is_object() && scope->contains(id)) return &(*scope)[id];
        if (top.is_object() && top.contains(id)) return &top[id];
        return nullptr;
      },
      today);
}

CheckedAnswers CheckAnswers(const FormSpec& spec, const json& answers, const std::string& language,
                            const std::string& today) {
  CheckedAnswers out;
  std::string lang = language;
  if (std::find(spec.languages.begin(), spec.languages.end(), lang) == spec.languages.end()) {
    lang = spec.languages.empty() ? "en" : spec.languages.front();
  }
  if (!answers.is_object()) {
    out.errors.push_back({"", "not_a_question", BuiltInMessage("not_a_question", lang)});
    return out;
  }
  Checker checker(lang, today, &out);
  checker.Level(spec.items, answers, &out.kept, out.kept, false, "");
  if (!out.ok()) out.kept = json::object();
  return out;
}

}  // namespace stem::forms
