// Compile() glues the parser and the checker together; IsTrue() walks the checked tree.
//
// Evaluation has a third value besides true and false: "empty", for an unanswered question or an
// answer of the wrong JSON shape. Comparisons with empty are false, arithmetic with empty (or
// dividing by zero, or overflowing) is empty, and and/or/not treat empty as false.
#include "data/forms/form_expr.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "data/clock.h"
#include "data/forms/form_expr_internal.h"

namespace stem::forms {
namespace expr_internal {

std::optional<int> DayNumber(const std::string& text) {
  if (!IsValidDate(text)) return std::nullopt;
  using namespace std::chrono;
  const year_month_day ymd{year{std::stoi(text.substr(0, 4))},
                           month{static_cast<unsigned>(std::stoi(text.substr(5, 2)))},
                           day{static_cast<unsigned>(std::stoi(text.substr(8, 2)))}};
  return static_cast<int>(sys_days{ymd}.time_since_epoch().count());
}

namespace {

using Node = Expression::Node;
using json = nlohmann::json;

struct Value {
  enum class Kind { kEmpty, kNumber, kText, kBool, kDate };
  Kind kind = Kind::kEmpty;
  double number = 0;
  std::string_view text;  // points into the answers or the tree, both outlive the evaluation
  bool boolean = false;
  int days = 0;

  static Value Number(double n) {
    if (!std::isfinite(n)) return {};
    return {Kind::kNumber, n, {}, false, 0};
  }
  static Value Text(std::string_view t) { return {Kind::kText, 0, t, false, 0}; }
  static Value Bool(bool b) { return {Kind::kBool, 0, {}, b, 0}; }
  static Value Date(int d) { return {Kind::kDate, 0, {}, false, d}; }
  bool IsTrue() const { return kind == Kind::kBool && boolean; }
};

// Unanswered for answered(): no answer, null, "" or [].
bool Unanswered(const json* answer) {
  // (json::empty() is false for every string, so the text is asked directly.)
  return answer == nullptr || answer->is_null() ||
         (answer->is_string() && answer->get_ref<const std::string&>().empty()) ||
         (answer->is_array() && answer->empty());
}

// Whole years from `born` to `today`; a birthday on 29 February counts from 1 March in other
// years. A date after today has no age.
Value Age(int born, int today) {
  if (born > today) return {};
  using namespace std::chrono;
  const year_month_day b{sys_days{days{born}}};
  const year_month_day t{sys_days{days{today}}};
  int years = static_cast<int>(t.year()) - static_cast<int>(b.year());
  if (std::pair(static_cast<unsigned>(t.month()), static_cast<unsigned>(t.day())) <
      std::pair(static_cast<unsigned>(b.month()), static_cast<unsigned>(b.day()))) {
    --years;
  }
  return Value::Number(years);
}

class Evaluator {
 public:
  Evaluator(const Expression::AnswerLookup& answer, const std::string& today)
      : answer_(answer), today_(DayNumber(today)) {}

  Value Eval(const Node& n) const {
    switch (n.kind) {
      case Node::Kind::kNumber:
        return Value::Number(n.number);
      case Node::Kind::kText:
        return Value::Text(n.text);
      case Node::Kind::kBool:
        return Value::Bool(n.boolean);
      case Node::Kind::kQuestion:
        return Question(n);
      case Node::Kind::kCall:
        return Call(n);
      case Node::Kind::kNot:
        return Value::Bool(!Eval(*n.children[0]).IsTrue());
      case Node::Kind::kNegate: {
        Value v = Eval(*n.children[0]);
        return v.kind == Value::Kind::kNumber ? Value::Number(-v.number) : Value{};
      }
      case Node::Kind::kAnd:
        return Value::Bool(Eval(*n.children[0]).IsTrue() && Eval(*n.children[1]).IsTrue());
      case Node::Kind::kOr:
        return Value::Bool(Eval(*n.children[0]).IsTrue() || Eval(*n.children[1]).IsTrue());
      case Node::Kind::kCompare:
        return Compare(n.op, Eval(*n.children[0]), Eval(*n.children[1]));
      case Node::Kind::kArith:
        return Arith(n.op, Eval(*n.children[0]), Eval(*n.children[1]));
    }
    return {};
  }

 private:
  const json* Answer(const std::string& id) const { return answer_ ? answer_(id) : nullptr; }

  // The value of a question used as an operand, by the type the checker gave it.
  Value Question(const Node& n) const {
    const json* a = Answer(n.text);
    if (Unanswered(a)) return {};
    switch (n.type) {
      case ExprType::kNumber:
        return a->is_number() ? Value::Number(a->get<double>()) : Value{};
      case ExprType::kString:
        return a->is_string() ? Value::Text(a->get_ref<const std::string&>()) : Value{};
      case ExprType::kBool:
        return a->is_boolean() ? Value::Bool(a->get<bool>()) : Value{};
      case ExprType::kDate: {
        if (!a->is_string()) return {};
        std::optional<int> d = DayNumber(a->get_ref<const std::string&>());
        return d ? Value::Date(*d) : Value{};
      }
      default:
        return {};  // the checker keeps choices, repeats and signatures out of operands
    }
  }

  Value Call(const Node& n) const {
    switch (n.function) {
      case Node::Function::kSelected:
        return Selected(*n.children[0], Eval(*n.children[1]));
      case Node::Function::kCount:
        return Count(*n.children[0]);
      case Node::Function::kAnswered:
        return Value::Bool(!Unanswered(Answer(n.children[0]->text)));
      case Node::Function::kToday:
        return today_ ? Value::Date(*today_) : Value{};
      case Node::Function::kDate:
        return Value::Date(n.days);
      case Node::Function::kAge: {
        Value born = Eval(*n.children[0]);
        if (born.kind != Value::Kind::kDate || !today_) return {};
        return Age(born.days, *today_);
      }
      case Node::Function::kNone:
        break;
    }
    return {};
  }

  // Nothing chosen yet is a definite "not selected"; an answer of the wrong shape is empty.
  Value Selected(const Node& question, const Value& choice) const {
    if (choice.kind != Value::Kind::kText) return {};
    const json* a = Answer(question.text);
    if (Unanswered(a)) return Value::Bool(false);
    if (question.type == ExprType::kString) {
      return a->is_string() ? Value::Bool(a->get_ref<const std::string&>() == choice.text)
                            : Value{};
    }
    if (!a->is_array()) return {};
    bool found = false;
    for (const json& item : *a) {
      if (!item.is_string()) return {};
      found = found || item.get_ref<const std::string&>() == choice.text;
    }
    return Value::Bool(found);
  }

  // Nothing entered yet counts 0; every element must have the shape of the question's answers.
  Value Count(const Node& question) const {
    const json* a = Answer(question.text);
    if (Unanswered(a)) return Value::Number(0);
    if (!a->is_array()) return {};
    const bool repeat = question.type == ExprType::kRepeat;
    for (const json& item : *a) {
      if (repeat ? !item.is_object() : !item.is_string()) return {};
    }
    return Value::Number(static_cast<double>(a->size()));
  }

  static Value Compare(Node::Op op, const Value& l, const Value& r) {
    if (l.kind == Value::Kind::kEmpty || l.kind != r.kind) return Value::Bool(false);
    if (l.kind == Value::Kind::kText || l.kind == Value::Kind::kBool) {
      const bool equal = l.kind == Value::Kind::kText ? l.text == r.text : l.boolean == r.boolean;
      return Value::Bool(op == Node::Op::kEq ? equal : op == Node::Op::kNe && !equal);
    }
    const double a = l.kind == Value::Kind::kNumber ? l.number : l.days;
    const double b = r.kind == Value::Kind::kNumber ? r.number : r.days;
    switch (op) {
      case Node::Op::kEq:
        return Value::Bool(a == b);
      case Node::Op::kNe:
        return Value::Bool(a != b);
      case Node::Op::kLt:
        return Value::Bool(a < b);
      case Node::Op::kLe:
        return Value::Bool(a <= b);
      case Node::Op::kGt:
        return Value::Bool(a > b);
      case Node::Op::kGe:
        return Value::Bool(a >= b);
      default:
        return Value::Bool(false);
    }
  }

  static Value Arith(Node::Op op, const Value& l, const Value& r) {
    if (l.kind != Value::Kind::kNumber || r.kind != Value::Kind::kNumber) return {};
    switch (op) {
      case Node::Op::kAdd:
        return Value::Number(l.number + r.number);
      case Node::Op::kSub:
        return Value::Number(l.number - r.number);
      case Node::Op::kMul:
        return Value::Number(l.number * r.number);
      case Node::Op::kDiv:
        return r.number == 0 ? Value{} : Value::Number(l.number / r.number);
      default:
        return {};
    }
  }

  const Expression::AnswerLookup& answer_;
  const std::optional<int> today_;
};

}  // namespace
}  // namespace expr_internal

std::variant<Expression, ExprError> Expression::Compile(std::string_view text,
                                                        const TypeLookup& lookup) {
  if (text.size() > kMaxLength) {
    return ExprError{kMaxLength,
                     "expression is longer than " + std::to_string(kMaxLength) + " characters"};
  }
  auto parsed = expr_internal::Parse(text);
  if (auto* error = std::get_if<ExprError>(&parsed)) return std::move(*error);
  auto root = std::get<expr_internal::NodePtr>(std::move(parsed));
  Expression expression;
  if (auto error = expr_internal::Check(root.get(), lookup, &expression.references_)) {
    return std::move(*error);
  }
  expression.root_ = std::move(root);
  expression.text_ = std::string(text);
  return expression;
}

// Never throws: a throwing answer lookup (or running out of memory) counts as "not true".
bool Expression::IsTrue(const AnswerLookup& answer, const std::string& today) const {
  if (!root_) return false;
  try {
    return expr_internal::Evaluator(answer, today).Eval(*root_).IsTrue();
  } catch (...) {
    return false;
  }
}

}  // namespace stem::forms
