// The relevance (skip-logic) expression language of form specs. See data/forms/FORMAT.md.
//
// An Expression is compiled once, when a form is loaded: parsed, every name resolved to an
// earlier question, and type-checked; compiling never runs anything. Evaluation walks the
// checked tree over the answers given so far. Input is bounded (length, tokens, nesting) so
// hostile specs cannot exhaust the stack or the CPU.
//
// Thread safety: a compiled Expression is immutable and may be shared between threads.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace stem::forms {

// The type of a question's answer as seen by expressions.
enum class ExprType {
  kNumber,   // integer, decimal, rating; also the result of count() and age()
  kString,   // text, long_text, email, phone, single_choice, likert
  kBool,     // yes_no, consent; the result of comparisons, and/or/not, selected(), answered()
  kDate,     // date; today(), date('YYYY-MM-DD')
  kChoices,  // multiple_choice: only selected(), count() and answered() apply
  kRepeat,   // repeat groups: only count() and answered() apply
  kOther,    // signature: only answered() applies
};

struct ExprError {
  size_t position = 0;  // 0-based byte offset into the expression text
  std::string message;  // English, for the person writing the spec
};

class Expression {
 public:
  // Max sizes accepted by Compile.
  static constexpr size_t kMaxLength = 2000;
  static constexpr int kMaxDepth = 32;

  // `lookup` returns the type of a question the expression may name (an earlier one), or
  // nullopt for an unknown or later name. The expression must be boolean overall.
  using TypeLookup = std::function<std::optional<ExprType>(const std::string& id)>;
  static std::variant<Expression, ExprError> Compile(std::string_view text,
                                                     const TypeLookup& lookup);

  // `answer(id)` returns the answer JSON or nullptr when the question is unanswered (or not
  // relevant). `today` is "YYYY-MM-DD". Unanswered values make comparisons false.
  using AnswerLookup = std::function<const nlohmann::json*(const std::string& id)>;
  bool IsTrue(const AnswerLookup& answer, const std::string& today) const;

  // The question ids the expression names, in order of first appearance.
  const std::vector<std::string>& references() const { return references_; }
  const std::string& text() const { return text_; }

  struct Node;  // defined in form_expr.cpp

 private:
  std::shared_ptr<const Node> root_;
  std::vector<std::string> references_;
  std::string text_;
};

}  // namespace stem::forms
