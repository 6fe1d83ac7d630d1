#include "data/validate.h"

#include <cmath>

#include "data/clock.h"
#include "data/text.h"

namespace stem::validate {
namespace {

constexpr size_t kMaxAnswerText = 20000;  // code points in one answer
constexpr size_t kMaxAnswersBytes = 1 << 20;
constexpr size_t kMaxListItems = 200;
constexpr size_t kMaxQuestions = 1000;

Status Bad(const std::string& field, const std::string& problem) {
  return Status::InvalidArgument("invalid_" + field, field + ": " + problem);
}

Status AnswerValue(const std::string& path, const nlohmann::json& v, int depth) {
  using T = nlohmann::json::value_t;
  if (depth > 8) return Bad(path, "nests lists and groups too deeply");
  switch (v.type()) {
    case T::null:
    case T::boolean:
    case T::number_integer:
    case T::number_unsigned:
      return Status::Ok();
    case T::number_float:
      if (!std::isfinite(v.get<double>())) return Bad(path, "is not a finite number");
      return Status::Ok();
    case T::string: {
      const auto& s = v.get_ref<const std::string&>();
      if (!IsValidUtf8(s)) return Bad(path, "is not valid UTF-8 text");
      if (s.find('\0') != std::string::npos) return Bad(path, "contains a NUL character");
      if (CodePointCount(s) > kMaxAnswerText) {
        return Bad(path, "is longer than " + std::to_string(kMaxAnswerText) + " characters");
      }
      return Status::Ok();
    }
    case T::array: {
      if (v.size() > kMaxListItems) {
        return Bad(path, "has more than " + std::to_string(kMaxListItems) + " items");
      }
      for (size_t i = 0; i < v.size(); ++i) {
        STEM_RETURN_IF_ERROR(AnswerValue(path + "[" + std::to_string(i) + "]", v[i], depth + 1));
      }
      return Status::Ok();
    }
    case T::object: {
      if (depth == 0 || depth > 3) {
        return Bad(path, "nests answers deeper than a repeat group allows");
      }
      for (const auto& [key, value] : v.items()) {
        if (!IsSlug(key)) return Bad(path, "has a question id that is not valid");
        STEM_RETURN_IF_ERROR(AnswerValue(path + "." + key, value, depth + 1));
      }
      return Status::Ok();
    }
    default:
      return Bad(path, "has a value of an unsupported kind");
  }
}

}  // namespace

Status Text(const std::string& field, const std::string& value, size_t max, bool required) {
  if (!IsValidUtf8(value)) return Bad(field, "is not valid UTF-8 text");
  if (HasControlCharacters(value) || value.find_first_of("\n\r\t") != std::string::npos) {
    return Bad(field, "contains control characters");
  }
  std::string trimmed = Trim(value);
  if (required && trimmed.empty()) return Bad(field, "is required");
  if (CodePointCount(trimmed) > max) {
    return Bad(field, "is longer than " + std::to_string(max) + " characters");
  }
  return Status::Ok();
}

Status Phone(const std::string& value) {
  for (char c : value) {
    if (!((c >= '0' && c <= '9') || c == ' ' || c == '-' || c == '(' || c == ')' || c == '.' ||
          c == '+')) {
      return Bad("phone", "may contain only digits, spaces and + - ( ) .");
    }
  }
  size_t digits = DigitsOnly(value).size();
  if (digits < 7 || digits > 15) return Bad("phone", "must have between 7 and 15 digits");
  return Status::Ok();
}

Status Email(const std::string& value) {
  if (value.size() > 254) return Bad("email", "is longer than 254 characters");
  // Non-ASCII addresses are allowed, but only as UTF-8: other bytes would be stored and then
  // fail DumpJson at sync time. DEL and C1 controls are not in any address either.
  if (!IsValidUtf8(value)) return Bad("email", "is not valid UTF-8 text");
  if (HasControlCharacters(value)) {
    return Bad("email", "is not an email address (name@example.org)");
  }
  size_t at = value.find('@');
  if (at == std::string::npos || at == 0 || value.find('@', at + 1) != std::string::npos) {
    return Bad("email", "is not an email address (name@example.org)");
  }
  std::string domain = value.substr(at + 1);
  size_t dot = domain.rfind('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 >= domain.size()) {
    return Bad("email", "is not an email address (name@example.org)");
  }
  for (char c : value) {
    if (c == ' ' || c == ',' || c == ';' || c == '<' || c == '>' ||
        static_cast<unsigned char>(c) < 0x21) {
      return Bad("email", "is not an email address (name@example.org)");
    }
  }
  return Status::Ok();
}

Status BirthDate(const std::string& value, const std::string& today) {
  if (!IsValidDate(value)) return Bad("birth_date", "must be a real date written YYYY-MM-DD");
  if (value > today) return Bad("birth_date", "is in the future");
  return Status::Ok();
}

Status ConfirmationCode(const std::string& value) {
  if (value.size() < 3 || value.size() > 32) {
    return Bad("confirmation_code", "must be 3 to 32 characters");
  }
  for (char c : value) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
      return Bad("confirmation_code", "may contain only letters, digits and '-'");
    }
  }
  return Status::Ok();
}

Status PersonFields(const Person& p, const std::string& today) {
  STEM_RETURN_IF_ERROR(Text("given_name", p.given_name, 200, true));
  STEM_RETURN_IF_ERROR(Text("family_name", p.family_name, 200, false));
  if (p.birth_date) STEM_RETURN_IF_ERROR(BirthDate(*p.birth_date, today));
  if (p.grade) STEM_RETURN_IF_ERROR(Text("grade", *p.grade, 40, true));
  if (p.school) STEM_RETURN_IF_ERROR(Text("school", *p.school, 200, true));
  if (p.phone) STEM_RETURN_IF_ERROR(Phone(*p.phone));
  if (p.email) STEM_RETURN_IF_ERROR(Email(*p.email));
  if (p.confirmation_code) STEM_RETURN_IF_ERROR(ConfirmationCode(*p.confirmation_code));
  if (p.pickup_adults.size() > 10) {
    return Status::InvalidArgument("too_many_pickup_adults", "at most 10 adults may collect a child");
  }
  for (const PickupAdult& a : p.pickup_adults) {
    STEM_RETURN_IF_ERROR(Text("pickup adult's name", a.name, 200, true));
    STEM_RETURN_IF_ERROR(Text("pickup adult's relationship", a.relationship, 100, false));
    if (!a.phone.empty()) STEM_RETURN_IF_ERROR(Phone(a.phone));
  }
  return Status::Ok();
}

bool IsSlug(const std::string& value) {
  if (value.empty() || value.size() > 64) return false;
  for (char c : value) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
      return false;
    }
  }
  return true;
}

Status Answers(const nlohmann::json& answers) {
  if (!answers.is_object()) {
    return Status::InvalidArgument("invalid_answers",
                                   "answers must be a JSON object of question ids to answers");
  }
  if (answers.size() > kMaxQuestions) {
    return Status::InvalidArgument("invalid_answers", "answers has too many questions");
  }
  for (const auto& [key, value] : answers.items()) {
    if (!IsSlug(key)) {
      return Status::InvalidArgument(
          "invalid_answers", "answers: question id \"" + (IsValidUtf8(key) ? key : "?") +
                                 "\" must be lowercase letters, digits, '_' or '-'");
    }
    STEM_RETURN_IF_ERROR(AnswerValue(key, value, 1));
  }
  Result<std::string> dumped = DumpJson(answers);
  if (!dumped.ok()) return dumped.status();
  if (dumped->size() > kMaxAnswersBytes) {
    return Status::InvalidArgument("invalid_answers", "answers are larger than 1 MiB");
  }
  return Status::Ok();
}

Status OverrideReason(const std::optional<std::string>& reason) {
  if (!reason) return Status::Ok();
  return Text("override_reason", *reason, 500, true);
}

bool JsonNestingWithin(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

Result<std::string> DumpJson(const nlohmann::json& value) {
  try {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
  } catch (const nlohmann::json::exception&) {
    return Status::InvalidArgument("invalid_text", "text is not valid UTF-8");
  }
}

}  // namespace stem::validate
