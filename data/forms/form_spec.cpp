#include "data/forms/form_spec.h"

#include <algorithm>
#include <cmath>
#include <regex>
#include <set>

#include "data/clock.h"
#include "data/forms/person_fields.h"
#include "data/text.h"
#include "data/validate.h"

namespace stem::forms {
namespace {

using nlohmann::json;

constexpr size_t kMaxItems = 500;
constexpr int kMaxNesting = 4;
constexpr size_t kMaxTextLength = 4000;

const std::map<std::string, QuestionType>& TypesByName() {
  static const std::map<std::string, QuestionType> kTypes = {
      {"text", QuestionType::kText},
      {"long_text", QuestionType::kLongText},
      {"integer", QuestionType::kInteger},
      {"decimal", QuestionType::kDecimal},
      {"date", QuestionType::kDate},
      {"email", QuestionType::kEmail},
      {"phone", QuestionType::kPhone},
      {"single_choice", QuestionType::kSingleChoice},
      {"multiple_choice", QuestionType::kMultipleChoice},
      {"yes_no", QuestionType::kYesNo},
      {"likert", QuestionType::kLikert},
      {"rating", QuestionType::kRating},
      {"consent", QuestionType::kConsent},
      {"signature", QuestionType::kSignature},
      {"note", QuestionType::kNote},
      {"section", QuestionType::kSection},
      {"repeat", QuestionType::kRepeat},
  };
  return kTypes;
}

bool HasChoices(QuestionType t) {
  return t == QuestionType::kSingleChoice || t == QuestionType::kMultipleChoice ||
         t == QuestionType::kLikert;
}

std::optional<ExprType> ExprTypeOf(QuestionType t) {
  switch (t) {
    case QuestionType::kInteger:
    case QuestionType::kDecimal:
    case QuestionType::kRating:
      return ExprType::kNumber;
    case QuestionType::kText:
    case QuestionType::kLongText:
    case QuestionType::kEmail:
    case QuestionType::kPhone:
    case QuestionType::kSingleChoice:
    case QuestionType::kLikert:
      return ExprType::kString;
    case QuestionType::kYesNo:
    case QuestionType::kConsent:
      return ExprType::kBool;
    case QuestionType::kDate:
      return ExprType::kDate;
    case QuestionType::kMultipleChoice:
      return ExprType::kChoices;
    case QuestionType::kRepeat:
      return ExprType::kRepeat;
    case QuestionType::kSignature:
      return ExprType::kOther;
    default:
      return std::nullopt;
  }
}

// Checks one spec; every problem goes to `errors`, nothing stops at the first.
class Loader {
 public:
  explicit Loader(std::vector<SpecError>* errors) : errors_(errors) {}

  void Form(const json& doc, FormSpec* spec) {
    if (!doc.is_object()) {
      Error("form", "", "a form spec must be a JSON object");
      return;
    }
    static const std::set<std::string> kFields = {"id", "version", "kind", "anonymous",
                                                  "languages", "title", "description", "items"};
    Unknown(doc, kFields, "form");
    spec->id = Slug(doc, "id", "form");
    if (doc.contains("version") && doc["version"].is_number_integer() &&
        doc["version"].get<int64_t>() >= 1 && doc["version"].get<int64_t>() <= 1000000) {
      spec->version = doc["version"].get<int>();
    } else {
      Error("form", "version", "must be a whole number from 1 to 1000000");
    }
    spec->kind = doc.value("kind", json()).is_string() ? doc["kind"].get<std::string>() : "";
    if (spec->kind != "registration" && spec->kind != "scholarship" && spec->kind != "survey") {
      Error("form", "kind", "must be \"registration\", \"scholarship\" or \"survey\"");
    }
    if (doc.contains("anonymous")) {
      if (doc["anonymous"].is_boolean()) {
        spec->anonymous = doc["anonymous"].get<bool>();
      } else {
        Error("form", "anonymous", "must be true or false");
      }
    }
    Languages(doc, spec);
    languages_ = spec->languages;
    spec->title = TextField(doc, "title", "form", true);
    spec->description = TextField(doc, "description", "form", false);
    if (!doc.contains("items") || !doc["items"].is_array() || doc["items"].empty()) {
      Error("form", "items", "must be a non-empty list of questions");
      return;
    }
    Items(doc["items"], "", 1, false, &spec->items);
    PersonFieldsOfForm(*spec);
  }

 private:
  void Error(const std::string& question, const std::string& field, const std::string& message) {
    if (errors_->size() < 200) errors_->push_back({question, field, message});
  }

  void Unknown(const json& obj, const std::set<std::string>& known, const std::string& where) {
    for (const auto& [key, value] : obj.items()) {
      if (!known.count(key)) Error(where, IsValidUtf8(key) ? key : "?", "is not a field of " + std::string(where == "form" ? "a form" : "this item"));
    }
  }

  std::string Slug(const json& obj, const std::string& field, const std::string& where) {
    if (!obj.contains(field) || !obj[field].is_string() ||
        !validate::IsSlug(obj[field].get<std::string>())) {
      Error(where, field, "must be 1-64 lowercase letters, digits, '_' or '-'");
      return "";
    }
    return obj[field].get<std::string>();
  }

  void Languages(const json& doc, FormSpec* spec) {
    if (!doc.contains("languages") || !doc["languages"].is_array() || doc["languages"].empty() ||
        doc["languages"].size() > 20) {
      Error("form", "languages", "must list the form's languages, for example [\"en\", \"es\"]");
      return;
    }
    std::set<std::string> seen;
    for (const json& l : doc["languages"]) {
      std::string code = l.is_string() ? l.get<std::string>() : "";
      bool ok = code.size() >= 2 && code.size() <= 8;
      for (char c : code) ok = ok && ((c >= 'a' && c <= 'z') || c == '-');
      if (!ok) {
        Error("form", "languages", "\"" + (IsValidUtf8(code) ? code : "?") +
                                       "\" is not a language code such as \"en\" or \"es\"");
      } else if (!seen.insert(code).second) {
        Error("form", "languages", "\"" + code + "\" is listed twice");
      } else {
        spec->languages.push_back(code);
      }
    }
  }

  // A text in every language of the form.
  Text TextField(const json& obj, const std::string& field, const std::string& where,
                 bool required, const std::string& prefix = "") {
    Text out;
    if (!obj.contains(field)) {
      if (required) Error(where, prefix + field, "is required, in every language of the form");
      return out;
    }
    const json& t = obj[field];
    if (!t.is_object()) {
      Error(where, prefix + field, "must be an object with one text per language");
      return out;
    }
    for (const std::string& lang : languages_) {
      if (!t.contains(lang) || !t[lang].is_string() || Trim(t[lang].get<std::string>()).empty()) {
        Error(where, prefix + field + "." + lang, "is missing");
        continue;
      }
      const std::string& s = t[lang].get_ref<const std::string&>();
      if (CodePointCount(s) > kMaxTextLength) {
        Error(where, prefix + field + "." + lang, "is longer than 4000 characters");
        continue;
      }
      out[lang] = s;
    }
    for (const auto& [lang, value] : t.items()) {
      if (std::find(languages_.begin(), languages_.end(), lang) == languages_.end()) {
        Error(where, prefix + field + "." + (IsValidUtf8(lang) ? lang : "?"),
              "is a language the form does not list");
      }
    }
    return out;
  }

  void Items(const json& list, const std::string& parent, int depth, bool in_repeat,
             std::vector<Item>* out) {
    for (size_t i = 0; i < list.size(); ++i) {
      std::string where = parent.empty() ? "items[" + std::to_string(i) + "]"
                                         : parent + ".items[" + std::to_string(i) + "]";
      if (++item_count_ > kMaxItems) {
        if (item_count_ == kMaxItems + 1) Error(where, "", "the form has more than 500 items");
        return;
      }
      Item item;
      if (ItemOf(list[i], where, depth, in_repeat, &item)) out->push_back(std::move(item));
    }
  }

  bool ItemOf(const json& obj, std::string where, int depth, bool in_repeat, Item* item) {
    if (!obj.is_object()) {
      Error(where, "", "must be an object");
      return false;
    }
    if (obj.contains("id") && obj["id"].is_string() &&
        validate::IsSlug(obj["id"].get<std::string>())) {
      where = obj["id"].get<std::string>();
    }
    static const std::set<std::string> kFields = {
        "id", "type", "label", "hint", "required", "sensitive", "relevant", "constraint",
        "choices", "items", "min", "max", "add_label", "person_field"};
    Unknown(obj, kFields, where);
    item->id = Slug(obj, "id", where);
    if (!item->id.empty() && !ids_.insert(item->id).second) {
      Error(where, "id", "is used by another item; ids must be unique in the form");
    }
    std::string type_name = obj.contains("type") && obj["type"].is_string()
                                ? obj["type"].get<std::string>() : "";
    auto t = TypesByName().find(type_name);
    if (t == TypesByName().end()) {
      Error(where, "type", "must be one of text, long_text, integer, decimal, date, email, phone, "
                           "single_choice, multiple_choice, yes_no, likert, rating, consent, "
                           "signature, note, section, repeat");
      return false;
    }
    item->type = t->second;
    item->label = TextField(obj, "label", where, true);
    item->hint = TextField(obj, "hint", where, false);
    item->required = Bool(obj, "required", where);
    item->sensitive = Bool(obj, "sensitive", where);
    bool answers = HoldsAnswer(item->type) && item->type != QuestionType::kRepeat;
    if (!answers && obj.contains("required")) Error(where, "required", "applies to questions only");
    if (!answers && item->sensitive) Error(where, "sensitive", "applies to questions only");
    if (obj.contains("relevant")) {
      if (!obj["relevant"].is_string()) {
        Error(where, "relevant", "must be an expression in a string");
      } else {
        Relevance(obj["relevant"].get<std::string>(), where, item);
      }
    }
    Constraints(obj, where, item);
    Choices(obj, where, item);
    PersonField(obj, where, item);

    bool container = item->type == QuestionType::kSection || item->type == QuestionType::kRepeat;
    if (container) {
      if (depth >= kMaxNesting) {
        Error(where, "items", "groups are nested more than 4 deep");
      } else if (item->type == QuestionType::kRepeat && in_repeat) {
        Error(where, "type", "a repeat group cannot be inside another repeat group");
      } else if (!obj.contains("items") || !obj["items"].is_array() || obj["items"].empty()) {
        Error(where, "items", "a " + std::string(TypeName(item->type)) +
                                  " needs a non-empty list of items");
      } else {
        bool inner_repeat = in_repeat || item->type == QuestionType::kRepeat;
        if (item->type == QuestionType::kRepeat) {
          repeat_scopes_.push_back({});
          repeat_ids_.push_back(item->id);
        }
        Items(obj["items"], where, depth + 1, inner_repeat, &item->items);
        if (item->type == QuestionType::kRepeat) {
          repeat_scopes_.pop_back();
          repeat_ids_.pop_back();
        }
      }
    } else if (obj.contains("items")) {
      Error(where, "items", "only a section or a repeat group has items");
    }
    if (item->type == QuestionType::kRepeat) {
      item->min_entries = static_cast<int>(Count(obj, "min", where, 0));
      item->max_entries = static_cast<int>(Count(obj, "max", where, 10));
      if (item->min_entries > item->max_entries) Error(where, "min", "is larger than max");
      item->add_label = TextField(obj, "add_label", where, false);
    } else {
      for (const char* f : {"min", "max", "add_label"}) {
        if (obj.contains(f)) Error(where, f, "applies to repeat groups only");
      }
    }
    // Later expressions may name this question: inside the current repeat entry, or globally
    // when it is not inside a repeat.
    if (auto et = ExprTypeOf(item->type); et && !item->id.empty()) {
      (repeat_scopes_.empty() ? visible_ : repeat_scopes_.back())[item->id] = *et;
    }
    return true;
  }

  bool Bool(const json& obj, const std::string& field, const std::string& where) {
    if (!obj.contains(field)) return false;
    if (!obj[field].is_boolean()) {
      Error(where, field, "must be true or false");
      return false;
    }
    return obj[field].get<bool>();
  }

  int64_t Count(const json& obj, const std::string& field, const std::string& where,
                int64_t fallback) {
    if (!obj.contains(field)) return fallback;
    if (!obj[field].is_number_integer() || obj[field].get<int64_t>() < 0 ||
        obj[field].get<int64_t>() > 50) {
      Error(where, field, "must be a whole number from 0 to 50");
      return fallback;
    }
    return obj[field].get<int64_t>();
  }

  void Relevance(const std::string& text, const std::string& where, Item* item) {
    auto lookup = [this](const std::string& id) -> std::optional<ExprType> {
      if (!repeat_scopes_.empty()) {
        auto it = repeat_scopes_.back().find(id);
        if (it != repeat_scopes_.back().end()) return it->second;
      }
      auto it = visible_.find(id);
      if (it != visible_.end()) return it->second;
      return std::nullopt;
    };
    auto compiled = Expression::Compile(text, lookup);
    if (auto* err = std::get_if<ExprError>(&compiled)) {
      Error(where, "relevant", "position " + std::to_string(err->position + 1) + ": " +
                                   err->message);
    } else {
      item->relevant = std::get<Expression>(std::move(compiled));
    }
  }

  void Constraints(const json& obj, const std::string& where, Item* item) {
    if (!obj.contains("constraint")) return;
    const json& c = obj["constraint"];
    if (!c.is_object()) {
      Error(where, "constraint", "must be an object");
      return;
    }
    QuestionType t = item->type;
    bool numeric = t == QuestionType::kInteger || t == QuestionType::kDecimal ||
                   t == QuestionType::kMultipleChoice;
    bool textual = t == QuestionType::kText || t == QuestionType::kLongText;
    Constraint& k = item->constraint;
    for (const auto& [key, value] : c.items()) {
      std::string field = "constraint." + (IsValidUtf8(key) ? key : std::string("?"));
      if (key == "min" || key == "max") {
        if (!numeric) {
          Error(where, field, "applies to integer, decimal and multiple_choice questions only");
        } else if (!value.is_number() || !std::isfinite(value.get<double>())) {
          Error(where, field, "must be a number");
        } else {
          (key == "min" ? k.min : k.max) = value.get<double>();
        }
      } else if (key == "min_length" || key == "max_length") {
        if (!textual) {
          Error(where, field, "applies to text and long_text questions only");
        } else if (!value.is_number_unsigned() || value.get<uint64_t>() > 20000) {
          Error(where, field, "must be a whole number from 0 to 20000");
        } else {
          (key == "min_length" ? k.min_length : k.max_length) = value.get<size_t>();
        }
      } else if (key == "pattern") {
        Pattern(value, where, field, t, &k);
      } else if (key == "min_date" || key == "max_date") {
        std::string d = value.is_string() ? value.get<std::string>() : "";
        if (t != QuestionType::kDate) {
          Error(where, field, "applies to date questions only");
        } else if (!IsValidDateLimit(d)) {
          Error(where, field,
                "must be a date written YYYY-MM-DD, \"today\", or today moved by days, months "
                "or years such as \"today-20y\"");
        } else {
          (key == "min_date" ? k.min_date : k.max_date) = d;
        }
      } else if (key == "message") {
        k.message = TextField(c, "message", where, false, "constraint.");
      } else {
        Error(where, field, "is not a kind of constraint");
      }
    }
    if (k.min && k.max && *k.min > *k.max) Error(where, "constraint.min", "is larger than max");
    if (k.min_length && k.max_length && *k.min_length > *k.max_length) {
      Error(where, "constraint.min_length", "is larger than max_length");
    }
    if (k.min_date && k.max_date && IsValidDate(*k.min_date) && IsValidDate(*k.max_date) &&
        *k.min_date > *k.max_date) {
      Error(where, "constraint.min_date", "is after max_date");
    }
  }

  void Pattern(const json& value, const std::string& where, const std::string& field,
               QuestionType t, Constraint* k) {
    if (t != QuestionType::kText) {
      Error(where, field, "applies to text questions only");
      return;
    }
    if (!value.is_string() || value.get<std::string>().empty() ||
        value.get<std::string>().size() > 200 || !IsValidUtf8(value.get<std::string>())) {
      Error(where, field, "must be a regular expression of at most 200 characters");
      return;
    }
    try {
      std::regex re(value.get<std::string>(), std::regex::ECMAScript);
      k->pattern = value.get<std::string>();
    } catch (const std::regex_error&) {
      Error(where, field, "is not a valid regular expression");
    }
  }

  void Choices(const json& obj, const std::string& where, Item* item) {
    if (!HasChoices(item->type)) {
      if (obj.contains("choices")) Error(where, "choices", "only choice and likert questions have choices");
      return;
    }
    if (!obj.contains("choices") || !obj["choices"].is_array() || obj["choices"].empty() ||
        obj["choices"].size() > 100) {
      Error(where, "choices", "must be a list of 1 to 100 choices");
      return;
    }
    std::set<std::string> values;
    for (size_t i = 0; i < obj["choices"].size(); ++i) {
      const json& c = obj["choices"][i];
      std::string prefix = "choices[" + std::to_string(i) + "].";
      if (!c.is_object()) {
        Error(where, prefix.substr(0, prefix.size() - 1), "must be an object with value and label");
        continue;
      }
      Choice choice;
      if (!c.contains("value") || !c["value"].is_string() ||
          !validate::IsSlug(c["value"].get<std::string>())) {
        Error(where, prefix + "value", "must be 1-64 lowercase letters, digits, '_' or '-'");
      } else {
        choice.value = c["value"].get<std::string>();
        if (!values.insert(choice.value).second) {
          Error(where, prefix + "value", "\"" + choice.value + "\" is used by another choice");
        }
      }
      for (const auto& [key, v] : c.items()) {
        if (key != "value" && key != "label") {
          Error(where, prefix + (IsValidUtf8(key) ? key : "?"), "is not a field of a choice");
        }
      }
      choice.label = TextField(c, "label", where, true, prefix);
      item->choices.push_back(std::move(choice));
    }
  }

  // A question's person_field (rules: person_fields.cpp); the form-wide rules are checked
  // once every question is read.
  void PersonField(const json& obj, const std::string& where, Item* item) {
    if (!obj.contains("person_field")) return;
    const json& v = obj["person_field"];
    std::string name = v.is_string() && IsValidUtf8(v.get<std::string>()) ? v.get<std::string>() : "";
    bool fits = true;
    for (SpecError& e : CheckPersonField(name, *item, where)) {
      fits = fits && e.field != "person_field";
      Error(e.question, e.field, e.message);
    }
    if (!fits) return;
    item->person_field = name;
    person_fields_.push_back({name, where, repeat_ids_.empty() ? "" : repeat_ids_.back()});
  }

  void PersonFieldsOfForm(const FormSpec& spec) {
    for (SpecError& e : CheckPersonFieldsOfForm(spec.kind, person_fields_)) {
      Error(e.question, e.field, e.message);
    }
  }

  std::vector<SpecError>* errors_;
  std::vector<std::string> languages_;
  std::vector<std::string> repeat_ids_;
  std::vector<PersonFieldUse> person_fields_;
  std::set<std::string> ids_;
  std::map<std::string, ExprType> visible_;
  std::vector<std::map<std::string, ExprType>> repeat_scopes_;
  size_t item_count_ = 0;
};

const Item* FindIn(const std::vector<Item>& items, const std::string& id) {
  for (const Item& item : items) {
    if (item.id == id) return &item;
    if (const Item* inner = FindIn(item.items, id)) return inner;
  }
  return nullptr;
}

bool AnySensitive(const std::vector<Item>& items) {
  for (const Item& item : items) {
    if (item.sensitive || AnySensitive(item.items)) return true;
  }
  return false;
}

}  // namespace

std::string_view TypeName(QuestionType type) {
  for (const auto& [name, t] : TypesByName()) {
    if (t == type) return name;
  }
  return "?";
}

bool HoldsAnswer(QuestionType type) {
  return type != QuestionType::kNote && type != QuestionType::kSection;
}

const Item* FormSpec::Find(const std::string& item_id) const {
  return FindIn(items, item_id);
}
bool FormSpec::HasSensitiveQuestions() const { return AnySensitive(items); }

std::string SpecError::ToString() const {
  std::string out = question == "form" ? "form" : "question '" + question + "'";
  if (!field.empty()) out += ", " + field;
  return out + ": " + message;
}

LoadResult LoadFormSpec(std::string_view json_text) {
  std::vector<SpecError> errors;
  if (json_text.size() > kMaxSpecBytes) {
    errors.push_back({"form", "", "the spec is larger than 1 MiB"});
    return errors;
  }
  // Bound nesting before parsing, so a hostile spec cannot exhaust the stack.
  if (!validate::JsonNestingWithin(json_text, 64)) {
    errors.push_back({"form", "", "the spec nests deeper than 64 levels"});
    return errors;
  }
  json doc;
  try {
    doc = json::parse(json_text);
  } catch (const json::parse_error& e) {
    errors.push_back({"form", "", "not valid JSON (at byte " + std::to_string(e.byte) + ")"});
    return errors;
  } catch (const json::exception&) {
    // out_of_range: a number too large for a double, such as 2e2111.
    errors.push_back({"form", "", "not valid JSON (a number is out of range)"});
    return errors;
  }
  FormSpec spec;
  Loader(&errors).Form(doc, &spec);
  if (!errors.empty()) return errors;
  return spec;
}

Result<FormSpec> LoadFormSpecOrError(std::string_view json_text) {
  LoadResult loaded = LoadFormSpec(json_text);
  if (auto* errors = std::get_if<std::vector<SpecError>>(&loaded)) {
    std::string detail = errors->front().ToString();
    if (errors->size() > 1) detail += " (and " + std::to_string(errors->size() - 1) + " more)";
    return Status::InvalidArgument("invalid_form", detail);
  }
  return std::get<FormSpec>(std::move(loaded));
}

}  // namespace stem::forms
