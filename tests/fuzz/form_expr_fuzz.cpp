// libFuzzer target: compiling fuzzed relevance expressions and, when one compiles, evaluating it
// against well-formed, empty and wrongly shaped answers. Crashes, sanitizer reports and broken
// invariants (an error position past the end, a name nobody declared) are findings.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <variant>

#include "data/forms/form_expr.h"

namespace {

using stem::forms::ExprError;
using stem::forms::Expression;
using stem::forms::ExprType;
using json = nlohmann::json;

// One or two earlier questions of every type an expression can name.
const std::map<std::string, ExprType>& Questions() {
  static const std::map<std::string, ExprType> kQuestions = {
      {"n", ExprType::kNumber},  {"a-b", ExprType::kNumber}, {"s", ExprType::kString},
      {"c", ExprType::kString},  {"b", ExprType::kBool},     {"d", ExprType::kDate},
      {"m", ExprType::kChoices}, {"r", ExprType::kRepeat},   {"g", ExprType::kOther},
  };
  return kQuestions;
}

const std::vector<json>& AnswerSets() {
  static const std::vector<json> kSets = {
      json::object(),
      {{"n", 7},
       {"a-b", -2.5},
       {"s", "it's"},
       {"c", "red"},
       {"b", true},
       {"d", "2008-02-29"},
       {"m", {"red", "blue"}},
       {"r", {{{"x", 1}}, {{"x", 2}}}},
       {"g", {{"width", 1}, {"height", 1}, {"strokes", json::array()}}}},
      {{"n", 0},
       {"a-b", 1e308},
       {"s", ""},
       {"c", nullptr},
       {"b", false},
       {"d", "1900-01-01"},
       {"m", json::array()},
       {"r", json::array()},
       {"g", nullptr}},
      {{"n", "7"},
       {"a-b", nullptr},
       {"s", 3},
       {"c", {"red"}},
       {"b", "true"},
       {"d", "2026-02-30"},
       {"m", {"red", 1}},
       {"r", {1, 2}},
       {"g", 5}},
  };
  return kSets;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto lookup = [](const std::string& id) -> std::optional<ExprType> {
    auto it = Questions().find(id);
    if (it == Questions().end()) return std::nullopt;
    return it->second;
  };
  auto compiled = Expression::Compile(text, lookup);
  if (auto* error = std::get_if<ExprError>(&compiled)) {
    if (error->position > text.size() || error->message.empty()) __builtin_trap();
    return 0;
  }
  const Expression& expression = std::get<Expression>(compiled);
  for (const std::string& id : expression.references()) {
    if (!Questions().count(id)) __builtin_trap();
  }
  for (const json& answers : AnswerSets()) {
    auto answer = [&](const std::string& id) -> const json* {
      auto it = answers.find(id);
      return it == answers.end() ? nullptr : &*it;
    };
    for (const char* today : {"2026-07-01", "2028-02-29", "", "1899-12-31"}) {
      bool first = expression.IsTrue(answer, today);
      if (first != expression.IsTrue(answer, today)) __builtin_trap();  // deterministic
    }
  }
  return 0;
}
