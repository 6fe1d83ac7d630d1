// Checking a family's answers against a form spec.
//
// CheckAnswers applies skip logic (answers to questions that are not relevant are dropped,
// not stored), checks every relevant answer against its type and constraints, and returns
// per-question errors in the chosen language: the spec's own constraint message when it has
// one, else a built-in message (English and Spanish). Pure: no database, no clock (today is
// passed in). Never throws on any input.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/forms/form_spec.h"

namespace stem::forms {

struct AnswerError {
  std::string path;      // "phone", or "children[1].first_name" inside a repeat
  std::string code;      // stable: "required", "too_long", "unknown_choice", ...
  std::string message;   // in the requested language
};

struct CheckedAnswers {
  nlohmann::json kept = nlohmann::json::object();  // relevant, answered, normalised answers
  std::vector<AnswerError> errors;
  bool ok() const { return errors.empty(); }
};

CheckedAnswers CheckAnswers(const FormSpec& spec, const nlohmann::json& answers,
                            const std::string& language, const std::string& today);

// Whether `item` is relevant given the answers so far (`scope` is the repeat entry, if any).
bool IsRelevant(const Item& item, const nlohmann::json& top, const nlohmann::json* scope,
                const std::string& today);

// The built-in message for an error code, in `language` ("en" when unknown). `limit` fills
// in the number or date of messages such as "at most {limit} characters".
std::string BuiltInMessage(const std::string& code, const std::string& language,
                           const std::string& limit = "");

}  // namespace stem::forms
