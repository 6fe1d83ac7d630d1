// Form specs: forms as data (see data/forms/FORMAT.md).
//
// LoadFormSpec parses and checks a spec completely before anything uses it: it never crashes
// and never returns a half-loaded form; on failure it returns every problem found, each
// naming the question and the field. A loaded FormSpec is immutable and may be shared.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/forms/form_expr.h"
#include "data/status.h"

namespace stem::forms {

using Text = std::map<std::string, std::string>;  // language code -> text

enum class QuestionType {
  kText, kLongText, kInteger, kDecimal, kDate, kEmail, kPhone, kSingleChoice,
  kMultipleChoice, kYesNo, kLikert, kRating, kConsent, kSignature, kNote, kSection, kRepeat
};

std::string_view TypeName(QuestionType type);
// Notes and sections hold no answer of their own.
bool HoldsAnswer(QuestionType type);

struct Choice {
  std::string value;
  Text label;
};

struct Constraint {
  std::optional<double> min;  // number value, or choices selected for multiple_choice
  std::optional<double> max;
  std::optional<size_t> min_length;  // code points
  std::optional<size_t> max_length;
  std::optional<std::string> pattern;   // ECMAScript regex that the whole text must match
  std::optional<std::string> min_date;  // "YYYY-MM-DD", "today" or "today-20y" (clock.h)
  std::optional<std::string> max_date;
  Text message;  // shown instead of the built-in message when a limit is not met
};

struct Item {
  std::string id;
  QuestionType type = QuestionType::kText;
  Text label;
  Text hint;
  bool required = false;
  bool sensitive = false;
  std::optional<Expression> relevant;
  Constraint constraint;
  std::vector<Choice> choices;
  std::vector<Item> items;  // section and repeat
  int min_entries = 0;      // repeat
  int max_entries = 10;     // repeat
  Text add_label;           // repeat
  // Registration forms: the person field this answer fills ("student.given_name", ...; see
  // person_fields.h), or empty.
  std::string person_field;
};

struct FormSpec {
  std::string id;
  int version = 0;
  std::string kind;  // "registration", "scholarship" or "survey"
  bool anonymous = false;
  std::vector<std::string> languages;
  Text title;
  Text description;
  std::vector<Item> items;

  // The item with this id anywhere in the form, or null.
  const Item* Find(const std::string& item_id) const;
  bool HasSensitiveQuestions() const;
};

struct SpecError {
  std::string question;  // the item's id, "form" for the top level, or "items[2]" without an id
  std::string field;     // "relevant", "label.es", "choices[1].value", ...
  std::string message;
  std::string ToString() const;
};

using LoadResult = std::variant<FormSpec, std::vector<SpecError>>;

// Largest spec accepted, in bytes.
inline constexpr size_t kMaxSpecBytes = 1 << 20;

LoadResult LoadFormSpec(std::string_view json_text);
// LoadFormSpec for callers that need one line: InvalidArgument "invalid_form" naming the first
// problem and how many more there are.
Result<FormSpec> LoadFormSpecOrError(std::string_view json_text);

}  // namespace stem::forms
