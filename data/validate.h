// Validation of values that come from outside (CSV rows, answers files, command lines)
// before they reach the store. Each returns InvalidArgument naming the field and the problem.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "data/store/records.h"
#include "data/status.h"

namespace stem::validate {

// A name-like field: valid UTF-8, no control characters, 1..max code points after trimming
// (0 allowed when !required).
Status Text(const std::string& field, const std::string& value, size_t max, bool required);
Status Phone(const std::string& value);
Status Email(const std::string& value);
Status BirthDate(const std::string& value, const std::string& today);
Status ConfirmationCode(const std::string& value);
// A student or guardian about to be saved.
Status PersonFields(const Person& person, const std::string& today);
// Form answers: an object of question ids to scalars, lists or repeat groups, bounded in size.
Status Answers(const nlohmann::json& answers);
// Ids of forms and questions: lowercase letters, digits, '_' and '-', 1..64 characters.
bool IsSlug(const std::string& value);
// A free-text reason for an override: required, at most 500 characters.
Status OverrideReason(const std::optional<std::string>& reason);
// True when JSON text nests arrays and objects at most `max_depth` deep. Run before parsing
// text from outside, so that hostile input cannot exhaust the stack.
bool JsonNestingWithin(std::string_view text, int max_depth);
// Serialises JSON, refusing strings that are not UTF-8.
Result<std::string> DumpJson(const nlohmann::json& value);

}  // namespace stem::validate
