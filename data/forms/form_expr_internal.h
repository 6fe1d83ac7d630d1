// Internals of the relevance expression language (data/form_expr.h), shared by its three
// stages: form_expr_parse.cpp (lexer and parser), form_expr_check.cpp (names and types) and
// form_expr.cpp (Compile and the evaluator). Not for use outside those files.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "data/forms/form_expr.h"

namespace stem::forms {

// One node of the syntax tree. The parser builds it, the checker fills in `type` (and `days`
// for date literals), then Compile freezes the tree behind a shared_ptr<const Node>.
struct Expression::Node {
  enum class Kind {
    kNumber,    // literal: `number`
    kText,      // literal: `text` (quotes removed, '' unescaped)
    kBool,      // literal: `boolean`
    kQuestion,  // a question id: `text`
    kCall,      // a function: `function`, `children` are the arguments
    kNot,       // one child
    kNegate,    // unary minus, one child
    kAnd,       // two children
    kOr,        // two children
    kCompare,   // two children, `op`
    kArith,     // two children, `op`
  };
  enum class Op { kNone, kEq, kNe, kLt, kLe, kGt, kGe, kAdd, kSub, kMul, kDiv };
  enum class Function { kNone, kSelected, kCount, kAnswered, kToday, kDate, kAge };

  Kind kind = Kind::kBool;
  size_t position = 0;  // the operator, name or literal this node stands for
  size_t start = 0;     // the first byte of the whole subexpression (left operand included)
  Op op = Op::kNone;
  Function function = Function::kNone;
  std::string text;
  double number = 0;
  bool boolean = false;
  int days = 0;  // date('...'): days since 1970-01-01, set by the checker
  ExprType type = ExprType::kBool;
  std::vector<std::unique_ptr<Node>> children;
};

namespace expr_internal {

using NodePtr = std::unique_ptr<Expression::Node>;

// Most tokens (names, literals, operators, parentheses, commas) one expression may have.
inline constexpr size_t kMaxTokens = 500;

// Lexes and parses `text` (already known to be at most kMaxLength bytes) into an untyped tree.
std::variant<NodePtr, ExprError> Parse(std::string_view text);

// Resolves every name through `lookup`, checks types and arities, and requires a boolean
// result. Appends the names used to `references` (each once, in order of first appearance).
std::optional<ExprError> Check(Expression::Node* root, const Expression::TypeLookup& lookup,
                               std::vector<std::string>* references);

// Days since 1970-01-01 of a valid "YYYY-MM-DD" (years 1900-2200), else nullopt.
std::optional<int> DayNumber(const std::string& text);

// A short, printable rendering of source text for messages: printable ASCII only (other bytes
// become '?'), cut at 30 characters.
std::string Printable(std::string_view text);

// The name a person uses for a value of type `type` in a message ("a number", "text", ...).
std::string TypeName(ExprType type);

}  // namespace expr_internal
}  // namespace stem::forms
